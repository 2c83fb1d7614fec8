// One function run: the state machine of PROTOCOL.md §5 — work items (discoveries and planned
// steps), the answers' opcodes, the V1/V2/race fan-in, retries, limits and the journal.
import type { AppAnswer } from "./app-client";
import { AppProtocolError, AppUnreachableError, type CallBody } from "./app-client";
import { ExpressionError, compileExpression } from "./cel";
import { parseDuration, parseRetryAfter, sleepTargetMs } from "./duration";
import { JournalWriter, type JournalEntry } from "./journal";
import { jsonBytes, stateTooLarge, stepOutputTooLarge, tooManySteps } from "./limits";
import type { RetryPolicy } from "./retry-policy";
import type { RunClock, RunTimer } from "./run-clock";
import { storedError, storedOutput } from "./stored-result";
import type {
  Call,
  CallKind,
  FunctionConfig,
  Gate,
  InngestEvent,
  ParallelismMode,
  RunLimits,
  RunSnapshot,
  RunStatus,
  SerializedError,
  StepKind,
  StepRecord,
  StoredResult,
} from "./types";

/** An opcode as the SDK reports it in a 206 (PROTOCOL.md §4.3); unknown fields are ignored. */
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

interface WorkItem {
  stepId: string;
  attempt: number;
}

/** What a run needs from the orchestrator that hosts it. */
export interface RunHost {
  gate: Gate;
  clock: RunClock;
  retryPolicy: RetryPolicy;
  /** Sends one call to the app that serves `fn` (choosing a host, bounding calls in flight). */
  send(fn: FunctionConfig, stepId: string, body: () => CallBody, requestVersion: number): Promise<AppAnswer>;
  /** The host crashed under this call: replace it before the retry. */
  recover(fn: FunctionConfig, error: AppUnreachableError): Promise<string>;
  invoke(parent: Run, op: Op): void;
  waitForEvent(run: Run, op: Op, matches: (candidate: InngestEvent) => boolean): void;
  emitEvent(event: InngestEvent, from: Run): void;
  notify<K extends keyof import("./types").RuntimeEvents>(name: K, ...args: Parameters<import("./types").RuntimeEvents[K]>): void;
  hasListeners(name: keyof import("./types").RuntimeEvents): boolean;
  /** Ask the SDK to plan every step instead of running it inline, so a debugger can stop before any step. */
  readonly planEveryStep: boolean;
}

export interface RunOptions {
  runId: string;
  fn: FunctionConfig;
  event: InngestEvent;
  limits: RunLimits;
  journalDir: string;
  parentRunId?: string;
  /** Results to start from (restart from a step, replay edits), in stack order. */
  memoized?: Array<{ hashedId: string; id: string; kind: StepKind; result: StoredResult }>;
  /** Send step calls only the state from before their wave (smaller bodies, same SDK behaviour). */
  trimStepCallState: boolean;
  replayOf?: string;
  source?: { program?: string; url?: string };
}

/** A run failure the user's function did not cause: the app broke the protocol or the input was bad. */
export const INFRASTRUCTURE_ERROR = "StepwiseAppError";

const KIND_BY_OP: Record<string, StepKind> = {
  Sleep: "sleep",
  WaitForEvent: "waitForEvent",
  InvokeFunction: "invoke",
  AIGateway: "ai",
  Gateway: "other",
};

function kindOf(op: Op): StepKind {
  if (KIND_BY_OP[op.op]) return KIND_BY_OP[op.op];
  const type = op.opts?.type;
  if (type === "step.sendEvent") return "sendEvent";
  if (typeof type === "string" && type.startsWith("step.ai")) return "ai";
  return "run";
}

export class Run {
  readonly id: string;
  readonly fn: FunctionConfig;
  readonly event: InngestEvent;
  readonly limits: RunLimits;
  readonly parentRunId?: string;
  readonly startedAt = Date.now();
  readonly journal: JournalWriter;
  readonly done: Promise<RunSnapshot>;

  status: RunStatus = "running";
  output: unknown;
  error: SerializedError | null = null;
  endedAt?: number;
  mode: ParallelismMode | null = null;
  readonly stored = new Map<string, StoredResult>();
  readonly stack: string[] = [];
  readonly steps = new Map<string, StepRecord>();
  readonly calls = { discovery: 0, step: 0 };
  bytesSent = 0;
  stateBytes = 0;
  /** Runs this one started: event fan-out, invokes, its onFailure companion. */
  readonly triggered: Run[] = [];

  private forceStepPlan = false;
  private pending: Set<string> | null = null;
  /** Stack length when each step was planned: the state a targeted call for it needs. */
  private readonly stackAtPlan = new Map<string, number>();
  private readonly timers = new Set<RunTimer>();
  private seq = 0;
  private finish!: (snapshot: RunSnapshot) => void;
  private readonly lanes: Array<string | null> = [];
  private lastFreedLane: number | undefined;
  private newPlansInAnswer = 0;
  readonly laneOf = new Map<string, number>();

  constructor(private readonly host: RunHost, private readonly options: RunOptions) {
    this.id = options.runId;
    this.fn = options.fn;
    this.event = options.event;
    this.limits = options.limits;
    this.parentRunId = options.parentRunId;
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.journal = new JournalWriter(options.journalDir, this.id);
    this.record({ type: "run", at: this.startedAt, runId: this.id, functionId: this.fn.id, functionSlug: this.fn.slug, event: this.event, parentRunId: this.parentRunId, limits: { ...this.limits }, replayOf: options.replayOf, source: options.source });
    for (const m of options.memoized ?? []) {
      const step = this.stepFor({ op: "StepRun", id: m.hashedId, displayName: m.id, userland: { id: m.id } }, m.kind);
      this.store(step, m.result);
      // Recorded like any result (0 attempts: it was carried over, not run), so replay has it.
      this.record({ type: "stored", at: this.startedAt, hashedId: m.hashedId, id: m.id, kind: m.kind, result: m.result, attempts: 0 });
    }
  }

  start(): void {
    this.host.notify("run.started", this.snapshot());
    this.enqueue({ stepId: "step", attempt: 0 });
  }

  get finished(): boolean {
    return this.status !== "running";
  }

  snapshot(): RunSnapshot {
    return {
      runId: this.id,
      functionId: this.fn.id,
      functionSlug: this.fn.slug,
      event: this.event,
      status: this.status,
      mode: this.mode,
      output: this.output,
      error: this.error,
      steps: [...this.steps.values()].map((s) => ({ ...s })),
      stack: [...this.stack],
      stored: Object.fromEntries(this.stored),
      calls: { ...this.calls },
      bytesSent: this.bytesSent,
      stateBytes: this.stateBytes,
      limits: this.limits,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      parentRunId: this.parentRunId,
      journal: this.journal.file,
    };
  }

  // ---- work items ---------------------------------------------------------------------------

  private enqueue(item: WorkItem, delayMs = 0): void {
    if (this.finished) return;
    if (delayMs <= 0) {
      void this.execute(item);
      return;
    }
    const timer = this.host.clock.setTimer(delayMs, () => {
      this.timers.delete(timer);
      void this.execute(item);
    });
    this.timers.add(timer);
  }

  private async execute(item: WorkItem): Promise<void> {
    const kind: CallKind = item.stepId === "step" ? "discovery" : "step";
    const call: Call = { seq: ++this.seq, runId: this.id, kind, stepId: item.stepId, attempt: item.attempt, step: this.steps.get(item.stepId) };
    this.host.clock.freeze();
    try {
      if (this.host.hasListeners("call.held")) this.host.notify("call.held", call, this.snapshot());
      await this.host.gate.beforeCall(call, this.snapshot());
    } finally {
      this.host.clock.thaw();
    }
    if (this.finished) return;
    const step = this.steps.get(item.stepId);
    if (step) {
      step.status = "running";
      step.attempts = item.attempt + 1;
      step.startedAt ??= Date.now();
    }
    this.calls[kind]++;
    this.record({ type: "call", at: Date.now(), seq: call.seq, kind, stepId: item.stepId, attempt: item.attempt, step: step?.id });
    if (this.host.hasListeners("call.started")) this.host.notify("call.started", call, this.snapshot());
    const startedAt = Date.now();
    let answer: AppAnswer;
    try {
      answer = await this.host.send(this.fn, item.stepId, () => this.bodyFor(item), this.mode === "v1" ? 1 : this.mode === "optimized" ? 2 : -1);
    } catch (err) {
      this.handleCallError(item, call, err as Error);
      return;
    }
    this.bytesSent += answer.bytesSent;
    const ops = answer.status === 206 ? (Array.isArray(answer.body) ? (answer.body as Op[]) : [answer.body as Op]) : undefined;
    if (answer.status === 206 && this.mode === null) this.mode = answer.requestVersion === "1" ? "v1" : "optimized";
    this.record({ type: "answer", at: Date.now(), seq: call.seq, status: answer.status, ms: Math.round(answer.ms), mode: this.mode ?? undefined, ...(ops ? { ops } : { body: answer.body }) });
    if (this.host.hasListeners("call.finished")) {
      this.host.notify("call.finished", call, this.snapshot(), { status: answer.status, ms: answer.ms, summary: ops ? ops.map((o) => `${o.op} ${o.displayName ?? o.id}`).join(", ") : JSON.stringify(answer.body)?.slice(0, 80) ?? "" });
    }
    if (this.finished) return;
    if (answer.status === 200) this.complete(answer.body);
    else if (answer.status === 206) this.handleOps(item, ops!, answer, startedAt);
    else this.handleFunctionError(item, answer);
  }

  private bodyFor(item: WorkItem): CallBody {
    const planLength = item.stepId !== "step" && this.options.trimStepCallState ? this.stackAtPlan.get(item.stepId) : undefined;
    const stack = planLength === undefined ? this.stack : this.stack.slice(0, planLength);
    const steps: Record<string, unknown> = {};
    for (const id of stack) steps[id] = this.stored.get(id);
    return {
      event: this.event,
      events: [this.event],
      steps,
      ctx: {
        run_id: this.id,
        attempt: item.attempt,
        max_attempts: this.fn.maxAttempts,
        disable_immediate_execution: this.forceStepPlan || (item.stepId === "step" && this.host.planEveryStep),
        use_api: false,
        stack: { stack: [...stack], current: stack.length },
      },
      version: this.mode === "v1" ? 1 : this.mode === "optimized" ? 2 : -1,
    };
  }

  private handleCallError(item: WorkItem, call: Call, err: Error): void {
    // A run cancelled or ended while this call was in flight (Stepwise closing) is not retried.
    if (this.finished) return;
    if (err instanceof AppUnreachableError && item.attempt + 1 < this.fn.maxAttempts) {
      const what = call.step ? `step "${call.step.id}"` : "a discovery call";
      void this.host.recover(this.fn, err).then(
        (note) => {
          this.note(`${err.message} during ${what} (attempt ${item.attempt + 1}); ${note}; retrying`);
          this.retry(item, undefined);
        },
        (restartError: Error) => this.fail({ name: INFRASTRUCTURE_ERROR, message: `${err.message}; restarting the app host failed: ${restartError.message}` }),
      );
      return;
    }
    const name = err instanceof AppProtocolError || err instanceof AppUnreachableError ? INFRASTRUCTURE_ERROR : err.name;
    this.fail({ name, message: err.message });
  }

  private retry(item: WorkItem, retryAfter: string | undefined): void {
    const next = item.attempt + 1;
    const after = retryAfter ? parseRetryAfter(retryAfter, Date.now()) : null;
    this.enqueue({ stepId: item.stepId, attempt: next }, after ?? this.host.retryPolicy.backoffMs(next));
  }

  /** A non-206 error answer: the function threw outside a step (or the SDK failed). */
  private handleFunctionError(item: WorkItem, answer: AppAnswer): void {
    const error = toSerializedError(answer.body, answer.status);
    const noRetry = answer.noRetry ?? (answer.status >= 400 && answer.status < 500);
    if (noRetry || item.attempt + 1 >= this.fn.maxAttempts) {
      this.fail(error);
      return;
    }
    this.note(`the function threw outside a step (attempt ${item.attempt + 1} of ${this.fn.maxAttempts}): ${error.name}: ${error.message}; retrying`);
    this.retry(item, answer.retryAfter);
  }

  // ---- opcodes ------------------------------------------------------------------------------

  private handleOps(item: WorkItem, ops: Op[], answer: AppAnswer, startedAt: number): void {
    const nonLazy = ops.filter((o) => o.op !== "DeferAdd" && o.op !== "DeferAbort");
    if (nonLazy.length > 1) this.forceStepPlan = true;
    if (this.mode === "optimized" && nonLazy.length > 1 && nonLazy.some((o) => o.op === "StepPlanned")) {
      this.pending = new Set(nonLazy.map((o) => o.id).filter((id) => !this.stored.has(id)));
    }
    this.newPlansInAnswer = nonLazy.filter((o) => !this.steps.has(o.id)).length;
    const ordered = [...nonLazy.filter((o) => o.op === "WaitForEvent"), ...nonLazy.filter((o) => o.op !== "WaitForEvent")];
    for (const op of ordered) {
      if (this.finished) return;
      this.handleOp(item, op, answer, startedAt);
    }
  }

  private handleOp(item: WorkItem, op: Op, answer: AppAnswer, startedAt: number): void {
    switch (op.op) {
      case "StepPlanned":
        this.plan(op);
        return;
      case "StepRun":
        this.saveResult(this.stepRan(op, item, startedAt), { data: op.data === undefined ? null : op.data }, op);
        return;
      case "StepError":
      case "StepFailed": {
        const step = this.stepRan(op, item, startedAt);
        const error = op.error ?? { name: "Error", message: "step failed" };
        const willRetry = op.op === "StepError" && item.attempt + 1 < this.fn.maxAttempts;
        if (willRetry) {
          step.status = "retrying";
          step.error = error;
        }
        this.host.notify("step.errored", this.snapshot(), { ...step }, error, willRetry);
        if (willRetry) this.retry(item, answer.retryAfter);
        else this.saveResult(step, { error }, op);
        return;
      }
      case "Sleep":
        this.beginSleep(op);
        return;
      case "WaitForEvent":
        this.beginWait(op);
        return;
      case "InvokeFunction":
        if (!this.claim(op)) return;
        this.stepFor(op).status = "waiting";
        this.host.invoke(this, op);
        return;
      case "AIGateway":
      case "Gateway":
        if (!this.claim(op)) return;
        void this.gatewayRequest(op);
        return;
      case "RunComplete":
        this.complete(op.data ?? null);
        return;
      case "DiscoveryRequest":
        this.enqueue({ stepId: "step", attempt: 0 });
        return;
      default:
        this.note(`the SDK reported an opcode Stepwise does not handle: ${op.op} (${op.displayName ?? op.id}) — ignored`);
    }
  }

  /** The step an answer reports as having run in this call (inline in a discovery, or targeted). */
  private stepRan(op: Op, item: WorkItem, startedAt: number): StepRecord {
    const step = this.stepFor(op);
    step.attempts = Math.max(step.attempts, item.attempt + 1);
    step.startedAt ??= startedAt;
    return step;
  }

  /** Marks an op as taken (planned, sleeping, waiting…) once; V1 discoveries re-report them. */
  private claim(op: Op, announce = true): boolean {
    if (this.steps.has(op.id) && this.steps.get(op.id)!.status !== "retrying") return false;
    const step = this.stepFor(op);
    if (this.finished) return false;
    this.stackAtPlan.set(op.id, this.stack.length);
    this.assignLane(step);
    this.record({ type: "planned", at: Date.now(), hashedId: op.id, id: step.id, kind: step.kind, lane: this.laneOf.get(op.id) });
    if (announce) this.host.notify("step.planned", this.snapshot(), { ...step });
    return true;
  }

  private plan(op: Op): void {
    const known = this.steps.get(op.id);
    if (known) return;
    if (!this.claim(op)) return;
    this.enqueue({ stepId: op.id, attempt: 0 });
  }

  private stepFor(op: Op, kind: StepKind = kindOf(op)): StepRecord {
    let step = this.steps.get(op.id);
    if (!step) {
      const userId = op.userland?.id ?? op.displayName ?? op.id;
      const id = op.userland?.index ? `${userId}:${op.userland.index}` : userId;
      step = {
        hashedId: op.id,
        id,
        displayName: op.displayName ?? id,
        kind,
        status: "planned",
        attempts: 0,
        order: this.steps.size,
        parallelGroupSize: this.newPlansInAnswer,
        ...(op.opts?.parallelMode === "race" ? { parallelMode: "race" as const } : {}),
      };
      this.steps.set(op.id, step);
      if (this.steps.size > this.limits.maxSteps && !this.finished) {
        const message = tooManySteps(this.steps.size, this.limits, step.id);
        this.host.notify("limit.reached", this.snapshot(), message);
        this.fail({ name: "StepLimitExceeded", message });
      }
    }
    return step;
  }

  /**
   * Lanes approximate parallel branches for the timeline: a step found alone after a completion
   * (V1, race) continues the branch that just finished; steps found together take the lowest
   * free lanes in creation order.
   */
  private assignLane(step: StepRecord): void {
    let lane = this.newPlansInAnswer === 1 && this.lastFreedLane !== undefined && this.lanes[this.lastFreedLane] === null ? this.lastFreedLane : this.lanes.indexOf(null);
    if (lane < 0) lane = this.lanes.push(null) - 1;
    this.lanes[lane] = step.hashedId;
    this.laneOf.set(step.hashedId, lane);
  }

  private releaseLane(hashedId: string): void {
    const lane = this.laneOf.get(hashedId);
    if (lane !== undefined && this.lanes[lane] === hashedId) {
      this.lanes[lane] = null;
      this.lastFreedLane = lane;
    }
    if (lane === undefined) this.laneOf.set(hashedId, this.lastFreedLane ?? 0);
  }

  private beginSleep(op: Op): void {
    if (!this.claim(op)) return;
    const step = this.stepFor(op);
    let ms: number;
    try {
      ms = sleepTargetMs(op.name ?? "0s", Date.now());
    } catch (err) {
      this.fail({ name: "Error", message: `step "${step.id}": ${(err as Error).message}` });
      return;
    }
    step.status = "sleeping";
    step.startedAt = Date.now();
    const timer = this.host.clock.setTimer(ms, () => {
      this.timers.delete(timer);
      this.saveResult(step, null, op);
    });
    this.timers.add(timer);
  }

  private beginWait(op: Op): void {
    if (!this.claim(op, false)) return;
    const step = this.stepFor(op);
    step.status = "waiting";
    step.startedAt = Date.now();
    let test: (vars: Record<string, unknown>) => boolean = () => true;
    if (op.opts?.if) {
      try {
        test = compileExpression(op.opts.if);
      } catch (err) {
        const message = err instanceof ExpressionError ? err.message : String(err);
        this.fail({ name: "ExpressionError", message: `step.waitForEvent("${step.id}"): ${message}` });
        return;
      }
    }
    const eventName = op.name ?? "";
    let timeoutMs: number;
    try {
      timeoutMs = parseDuration(op.opts?.timeout ?? "7d");
    } catch (err) {
      this.fail({ name: "Error", message: `step.waitForEvent("${step.id}"): ${(err as Error).message}` });
      return;
    }
    let settled = false;
    const timer = this.host.clock.setTimer(timeoutMs, () => {
      this.timers.delete(timer);
      if (settled) return;
      settled = true;
      this.saveResult(step, null, op);
    });
    this.timers.add(timer);
    this.host.waitForEvent(this, op, (candidate) => {
      if (settled || this.finished || candidate.name !== eventName) return false;
      if (!test({ event: this.event, async: candidate })) return false;
      settled = true;
      timer.cancel();
      this.timers.delete(timer);
      this.saveResult(step, candidate, op);
      return true;
    });
    this.host.notify("step.planned", this.snapshot(), { ...step });
  }

  private async gatewayRequest(op: Op): Promise<void> {
    const step = this.stepFor(op);
    const opts = (op.opts ?? {}) as { url?: string; method?: string; headers?: Record<string, string>; body?: unknown };
    try {
      const res = await fetch(String(opts.url), {
        method: opts.method ?? (opts.body ? "POST" : "GET"),
        headers: opts.headers,
        body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
      });
      const text = await res.text();
      const result =
        op.op === "AIGateway"
          ? safeJson(text)
          : { status_code: res.status, headers: headersObject(res.headers), body: text };
      this.saveResult(step, { data: result }, op);
    } catch (err) {
      this.saveResult(step, { error: { name: "Error", message: `${op.op} request to ${opts.url} failed: ${(err as Error).message}` } }, op);
    }
  }

  /** An invoked child run ended (or timed out): store its result in this run. */
  resolveInvoke(hashedId: string, result: StoredResult): void {
    const step = this.steps.get(hashedId);
    if (!step || this.stored.has(hashedId) || this.finished) return;
    this.saveResult(step, result, { op: "InvokeFunction", id: hashedId });
  }

  // ---- results, fan-in and the end ----------------------------------------------------------

  private saveResult(step: StepRecord, result: StoredResult, op: Op): void {
    if (this.stored.has(step.hashedId) || this.finished) return;
    const bytes = jsonBytes(storedOutput(result));
    if (bytes > this.limits.maxStepOutputBytes) {
      const message = stepOutputTooLarge(step.id, bytes, this.limits);
      this.host.notify("limit.reached", this.snapshot(), message);
      this.fail({ name: "StepOutputTooLarge", message });
      return;
    }
    if (this.stateBytes + bytes > this.limits.maxStateBytes) {
      const message = stateTooLarge(step.id, this.stateBytes + bytes, this.limits);
      this.host.notify("limit.reached", this.snapshot(), message);
      this.fail({ name: "StateTooLarge", message });
      return;
    }
    this.store(step, result);
    this.record({ type: "stored", at: Date.now(), hashedId: step.hashedId, id: step.id, kind: step.kind, result, attempts: step.attempts, startedAt: step.startedAt });
    this.host.notify("step.completed", this.snapshot(), { ...step });
    this.afterStepSaved(step.hashedId, op);
  }

  private store(step: StepRecord, result: StoredResult): void {
    this.stored.set(step.hashedId, result);
    this.stack.push(step.hashedId);
    this.stateBytes += jsonBytes(result);
    step.endedAt = Date.now();
    const error = storedError(result);
    step.status = error ? "failed" : "completed";
    if (error) step.error = error;
    else {
      delete step.error;
      step.output = storedOutput(result);
    }
    this.releaseLane(step.hashedId);
  }

  private afterStepSaved(hashedId: string, op: Op): void {
    this.pending?.delete(hashedId);
    const race = op.opts?.parallelMode === "race" || this.steps.get(hashedId)?.parallelMode === "race";
    if (!this.pending || this.pending.size === 0 || race) {
      if (this.mode === "optimized") this.forceStepPlan = false;
      if (this.pending?.size === 0) this.pending = null;
      this.enqueue({ stepId: "step", attempt: 0 });
    }
  }

  /** Changes a stored result (the debugger's setVariable): later calls carry the new value. */
  editStoredResult(hashedId: string, result: StoredResult): void {
    const step = this.steps.get(hashedId);
    if (!step || !this.stored.has(hashedId)) throw new Error(`no stored result for step ${hashedId}`);
    this.stateBytes += jsonBytes(result) - jsonBytes(this.stored.get(hashedId));
    this.stored.set(hashedId, result);
    step.output = storedOutput(result);
    this.record({ type: "edit", at: Date.now(), hashedId, id: step.id, result });
  }

  private complete(output: unknown): void {
    if (this.finished) return;
    this.output = output;
    this.end("completed");
  }

  fail(error: SerializedError): void {
    if (this.finished) return;
    this.error = error;
    this.end("failed");
    this.host.emitEvent(
      { name: "inngest/function.failed", data: { function_id: this.fn.id, run_id: this.id, error, event: this.event } },
      this,
    );
  }

  cancel(reason: string): void {
    if (this.finished) return;
    this.error = { name: "Cancelled", message: reason };
    this.end("cancelled");
  }

  private end(status: RunStatus): void {
    this.status = status;
    this.endedAt = Date.now();
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.record({ type: "end", at: this.endedAt, status, output: this.output, error: this.error, stack: this.stack.map((h) => this.steps.get(h)?.id ?? h), calls: { ...this.calls }, bytesSent: this.bytesSent });
    this.journal.close();
    const snapshot = this.snapshot();
    this.host.notify("run.finished", snapshot);
    this.finish(snapshot);
  }

  note(message: string): void {
    this.record({ type: "note", at: Date.now(), message });
    this.host.notify("log", `run ${this.id}: ${message}`);
  }

  private record(entry: JournalEntry): void {
    this.journal.append(entry);
  }
}

function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => (out[key] = value));
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toSerializedError(body: unknown, status: number): SerializedError {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    if (typeof b.message === "string" || typeof b.name === "string") {
      return { ...b, name: String(b.name ?? "Error"), message: String(b.message ?? b.error ?? "") };
    }
    if (typeof b.error === "string") return { name: "Error", message: b.error };
  }
  return { name: "Error", message: `the app answered HTTP ${status}: ${JSON.stringify(body)?.slice(0, 200)}` };
}
