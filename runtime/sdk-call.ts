// The SDK's side of a call, in one place for runs, replay and exploration: the request body
// (PROTOCOL.md §3), the opcodes a 206 answer carries (§4.3), and the user's step IDs inside them.
import type { CallBody } from "./app-client";
import type { InngestEvent, SerializedError, StepKind, StoredResult } from "./types";

/** An opcode as the SDK reports it in a 206; unknown fields are kept but not read. */
export interface Op {
  op: string;
  id: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown> & { parallelMode?: string; type?: string; timeout?: string; if?: string };
  userland?: { id: string; index?: number };
  data?: unknown;
  error?: SerializedError;
  timing?: unknown;
}

/** Every opcode of `inngest@4` (its StepOpCode enum; Go: pkg/enums/opcode.go). */
const KNOWN_OPCODES = new Set([
  "Step", "StepRun", "StepError", "StepFailed", "StepPlanned", "Sleep", "WaitForEvent", "WaitForSignal",
  "InvokeFunction", "AIGateway", "Gateway", "RunComplete", "StepNotFound", "DiscoveryRequest", "DeferAdd", "DeferAbort",
]);

/** Ops that ride along with another op and are not steps of their own (Go: enums.OpcodeIsLazy). */
export const isLazyOp = (op: Op) => op.op === "DeferAdd" || op.op === "DeferAbort";

/** A 206 answer that is not a list of the SDK's opcodes. Inngest fails such a call and retries it. */
export class BadAnswerError extends Error {
  override name = "BadAnswerError";
}

/**
 * The ops of a 206 answer. SDKs since 1.x answer an array; a single op object is what 0.x sent
 * (Go: pkg/execution/driver/httpdriver/parse.go). Anything else breaks the protocol.
 */
export function parseOps(body: unknown): Op[] {
  const list = Array.isArray(body) ? body : body && typeof body === "object" && "op" in body ? [body] : undefined;
  if (!list) throw new BadAnswerError(`answered HTTP 206 with ${describe(body)}, which is not a list of Inngest opcodes`);
  if (list.length === 0) throw new BadAnswerError("answered HTTP 206 with an empty list of opcodes");
  list.forEach((op, i) => {
    if (!op || typeof op !== "object" || Array.isArray(op)) throw new BadAnswerError(`answered HTTP 206 whose opcode ${i} is ${describe(op)}, not an object`);
    const { op: code, id } = op as Record<string, unknown>;
    if (typeof code !== "string" || !KNOWN_OPCODES.has(code)) throw new BadAnswerError(`answered HTTP 206 with an unknown opcode ${describe(code)} (in ${describe(op)})`);
    if (typeof id !== "string" || id === "") throw new BadAnswerError(`answered HTTP 206 with a ${code} opcode that has no step id (${describe(op)})`);
  });
  return list as Op[];
}

/** At most 120 characters of JSON, to quote what came back in one line. */
export function describe(value: unknown): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** The step ID as the user wrote it; a repeated ID gets the SDK's `:n` suffix (`loop:2`). */
export function userStepId(op: Pick<Op, "id" | "displayName" | "userland">): string {
  const id = op.userland?.id ?? op.displayName ?? op.id;
  return op.userland?.index ? `${id}:${op.userland.index}` : id;
}

const KIND_BY_OP: Record<string, StepKind> = {
  Sleep: "sleep",
  WaitForEvent: "waitForEvent",
  WaitForSignal: "waitForSignal",
  InvokeFunction: "invoke",
  AIGateway: "ai",
  Gateway: "other",
};

export function stepKindOf(op: Op): StepKind {
  if (KIND_BY_OP[op.op]) return KIND_BY_OP[op.op];
  const type = op.opts?.type;
  if (type === "step.sendEvent") return "sendEvent";
  if (typeof type === "string" && type.startsWith("step.ai")) return "ai";
  return "run";
}

/** `x-inngest-req-version` of the SDK's answers: 1 is V1 fan-in (optimizeParallelism: false), else optimized. */
export type RequestVersion = 1 | 2;

export interface CallBodyInput {
  runId: string;
  event: InngestEvent;
  events?: InngestEvent[];
  /** Hashed step IDs in completion order, each with a stored result. */
  stack: string[];
  stored: (hashedId: string) => StoredResult;
  attempt: number;
  maxAttempts: number;
  /** Ask the SDK to report every step it finds instead of running a lone one inline. */
  disableImmediateExecution: boolean;
  /** The run's request version once the SDK has told it; -1 before. */
  requestVersion: RequestVersion | -1;
  /** Let the SDK checkpoint the steps it runs inline (production's default); else it stays in classic mode. */
  checkpoint?: { fnId: string; queueItemId: string };
  /** `defer()` calls the run has recorded: hashed ID → whether it can still be aborted. */
  defers?: Record<string, { abortable: boolean }>;
}

/** consts.MaxSDKRequestBodySize: a call body over it leaves its data to the API. */
export const MAX_SDK_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

/**
 * A body the SDK may be sent as it is, or, as Inngest's driver does (pkg/execution/driver/driver.go):
 * when the run's state is within 1 KB of the 4 MB limit, no steps and `use_api`; when the body
 * would still be over 4 MB, no events either. The SDK then fetches both from
 * `/v0/runs/{runId}/actions` and `/batch`. `stateBytes` is the run's stored state; the body is
 * serialized only when it may be near the limit.
 */
export function fittedToBodyLimit(body: CallBody, stateBytes: number, eventsBytes: number): CallBody {
  const useApi = (b: CallBody): CallBody => ({ ...b, steps: {}, ctx: { ...b.ctx, use_api: true } });
  if (stateBytes > MAX_SDK_REQUEST_BODY_BYTES - 1024) body = useApi(body);
  // The first event goes twice (event and events[0]); the stack and the rest are small beside this margin.
  const mayBeOver = stateBytes + 2 * eventsBytes + 256 * 1024 > MAX_SDK_REQUEST_BODY_BYTES;
  if (mayBeOver && Buffer.byteLength(JSON.stringify(body)) > MAX_SDK_REQUEST_BODY_BYTES) return { ...useApi(body), events: [] };
  return body;
}

/**
 * The body of one call. Without `checkpoint`, `ctx.fn_id` is not sent, so the SDK stays in classic
 * mode: one request a step (PROTOCOL.md §8).
 */
export function buildCallBody(input: CallBodyInput): CallBody {
  const steps: Record<string, unknown> = {};
  for (const id of input.stack) steps[id] = input.stored(id);
  return {
    event: input.event,
    events: input.events ?? [input.event],
    steps,
    ...(input.defers && Object.keys(input.defers).length > 0 ? { defers: input.defers } : {}),
    ctx: {
      run_id: input.runId,
      attempt: input.attempt,
      max_attempts: input.maxAttempts,
      disable_immediate_execution: input.disableImmediateExecution,
      use_api: false,
      stack: { stack: [...input.stack], current: input.stack.length },
      ...(input.checkpoint ? { fn_id: input.checkpoint.fnId, qi_id: input.checkpoint.queueItemId } : {}),
    },
    version: input.requestVersion,
  };
}
