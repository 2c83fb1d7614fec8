// The runtime's vocabulary: what a run, a call and a step are, and what the orchestrator tells
// the layers above it. Nothing here knows about DAP or VS Code.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An event as the SDK and the executor exchange it. */
export interface InngestEvent {
  name: string;
  data: Record<string, unknown>;
  id?: string;
  ts?: number;
  user?: Record<string, unknown>;
  v?: string;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

/** A stored step result exactly as it is sent back to the SDK in `steps`. */
export type StoredResult = { data: unknown } | { error: SerializedError } | unknown;

export type ParallelismMode = "optimized" | "v1";

/** The function config the SDK reports at sync, trimmed to what the executor uses. */
export interface FunctionConfig {
  /** Composite ID: `<appId>-<fnId>`. */
  id: string;
  name: string;
  appId: string;
  /** The user's own function ID (the composite ID without the app prefix). */
  slug: string;
  triggers: Array<{ event?: string; expression?: string; cron?: string }>;
  /** Total attempts for every work item: retries + 1 (5 when the user set none). */
  maxAttempts: number;
  /** The call URL's path and query (`?fnId=...`), relative to a host's serve URL. */
  servePath: string;
  raw: Record<string, unknown>;
}

export type StepKind =
  | "run"
  | "sendEvent"
  | "sleep"
  | "waitForEvent"
  | "waitForSignal"
  | "invoke"
  | "ai"
  | "other";

export type StepStatus =
  | "planned"
  | "running"
  | "retrying"
  | "sleeping"
  | "waiting"
  | "completed"
  | "failed";

/** One step of a run, as the debugger and the CLI show it. */
export interface StepRecord {
  hashedId: string;
  /** The user's step ID (`fast.1`, `process-${i}` → `process-3`). */
  id: string;
  displayName: string;
  kind: StepKind;
  status: StepStatus;
  /** Attempts made so far (1 after the first call). */
  attempts: number;
  parallelMode?: "race";
  startedAt?: number;
  endedAt?: number;
  output?: unknown;
  error?: SerializedError;
  /** Order in which the step was first planned or found, from 0. */
  order: number;
  /** How many new steps the answer that found this one reported: more than 1 is a parallel group. */
  parallelGroupSize: number;
  /**
   * Planned beside other steps of the run: in a group (Promise.all, group.parallel), or while
   * another branch's step is still open (V1 reports a branch's next step alone).
   */
  parallel?: boolean;
  /**
   * The answer that first reported the step, counting from 0 the answers that reported new
   * steps: steps reported together share a wave. -1: a result carried over from another run.
   */
  wave: number;
  /** When its calls were held at the gate (paused in the debugger); `to` is absent while it still is. */
  held?: HeldInterval[];
}

/** Epoch ms a call was held at the gate, from and to. */
export interface HeldInterval {
  from: number;
  to?: number;
}

export type CallKind = "discovery" | "step";

/** Something that happened to a run besides its steps, for its timeline. */
export interface RunMark {
  at: number;
  /** `waiting`: flow control holds its next call; `published`: a realtime message; `note`: what the runtime did. */
  kind: "waiting" | "published" | "note";
  text: string;
}

/** One HTTP request to the app, before it is sent. */
export interface Call {
  /** Sequence number within the run, from 1. */
  seq: number;
  runId: string;
  kind: CallKind;
  /** `step` for a discovery, else the planned step's hashed ID. */
  stepId: string;
  attempt: number;
  /** The planned step this call runs, when it is a step call. */
  step?: StepRecord;
  /** Not a call: the SDK checkpointed these steps (user IDs) and waits for the answer to go on. */
  checkpointed?: string[];
}

/** Calls to the app by kind, and checkpoint requests from the app (PROTOCOL.md §8), counted apart. */
export interface CallsByKind {
  discovery: number;
  step: number;
  /** `POST /v1/checkpoint/<runId>/async` requests the SDK made; not calls to the app. */
  checkpoint: number;
}

/** `interrupted`: stopped before its end (Ctrl-C, a full disk); `stepwise resume` goes on from its journal. */
export type RunStatus = "running" | "completed" | "failed" | "cancelled" | "interrupted";

export interface RunSnapshot {
  runId: string;
  functionId: string;
  functionSlug: string;
  event: InngestEvent;
  status: RunStatus;
  mode: ParallelismMode | null;
  output?: unknown;
  error?: SerializedError | null;
  steps: StepRecord[];
  /** Hashed IDs in true completion order. */
  stack: string[];
  stored: Record<string, StoredResult>;
  calls: CallsByKind;
  bytesSent: number;
  stateBytes: number;
  limits: RunLimits;
  startedAt: number;
  /** When its first call went to the app (after the gate): where its timeline's axis starts. */
  firstCallAt?: number;
  endedAt?: number;
  parentRunId?: string;
  journal?: string;
  /** What the runtime did for the run that its steps do not show (a host restarted, a call retried). */
  notes: string[];
  /** Why the run waits before its next call (flow control: concurrency, throttle), while it does. */
  waiting?: string;
  /** Waits, published messages and notes, in time order. */
  marks: RunMark[];
  /** The batch the run started with (batchEvents), when it is more than one event. */
  events?: InngestEvent[];
}

export interface RunLimits {
  maxSteps: number;
  maxStepOutputBytes: number;
  maxStateBytes: number;
}

/**
 * Decides when a call may go. The CLI's gate always opens; the debugger's holds each call until
 * the user continues its thread. While any call is held, the run's timers are frozen.
 */
export interface Gate {
  beforeCall(call: Call, run: RunSnapshot): Promise<void>;
  /**
   * The SDK checkpointed steps it ran inline and waits for the answer before it goes on: a gate
   * that holds it stops the function between checkpointed steps.
   */
  afterCheckpoint?(run: RunSnapshot, hashedIds: string[]): Promise<void>;
}

export const openGate: Gate = { beforeCall: async () => {} };

/** What the orchestrator emits, in the order things happen. */
export interface RuntimeEvents {
  /** Stepwise started the processes that serve a module (`stepwise run <module>`, a launch). */
  "host.started": (program: string, processes: Array<{ pid: number; url: string; inspectorPort?: number }>) => void;
  /** Starting a module's app hosts (`hosting`, its path), or syncing an app (`syncing`, a hosted app's ID or a serve URL). */
  "app.loading": (stage: "hosting" | "syncing", what: string) => void;
  "run.started": (run: RunSnapshot) => void;
  "step.planned": (run: RunSnapshot, step: StepRecord) => void;
  "call.held": (call: Call, run: RunSnapshot) => void;
  "call.started": (call: Call, run: RunSnapshot) => void;
  "call.finished": (call: Call, run: RunSnapshot, answer: { status: number; ms: number; summary: string }) => void;
  "step.completed": (run: RunSnapshot, step: StepRecord) => void;
  /** A step threw and will be retried (`willRetry`) or has failed for good. */
  "step.errored": (run: RunSnapshot, step: StepRecord, error: SerializedError, willRetry: boolean) => void;
  "limit.reached": (run: RunSnapshot, message: string) => void;
  "run.finished": (run: RunSnapshot) => void;
  "run.note": (run: RunSnapshot, message: string) => void;
  /** An event came in (`POST /e/<key>`): as the functions see it, its internal ID, the run that sent it. */
  "event.received": (event: InngestEvent, internalId: string, fromRunId: string | undefined) => void;
  /** The run published a realtime message. */
  "run.published": (run: RunSnapshot, message: { channel: string; topics: string[]; data: string }) => void;
  /** Flow control holds the run's next call (`reason`), or lets it go (null). */
  "run.waiting": (run: RunSnapshot, reason: string | null) => void;
  /** A function's next run waits for its batch or debounce (`reason`), or no longer does (null). */
  "function.waiting": (fn: FunctionConfig, reason: string | null) => void;
  /** Flow control dropped an event for a function (rate limit, idempotency, singleton, debounce). */
  "run.skipped": (fn: FunctionConfig, event: InngestEvent, reason: string) => void;
  output: (text: string, stream: "stdout" | "stderr") => void;
  log: (message: string) => void;
}
