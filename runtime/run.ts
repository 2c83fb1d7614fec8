// One function run: the state machine of PROTOCOL.md §5. It sequences work items (discoveries
// and planned steps) through the gate, the app and the journal; the decisions it follows live
// beside it: fan-in.ts (when to discover), retry-policy.ts (whether and when to retry),
// limits.ts (what is over a limit), lanes.ts (the timeline's branches), sdk-call.ts (bodies, ops).
import type { AppAnswer, CallBody } from "./app-client";
import { AppProtocolError, AppUnreachableError } from "./app-client";
import { ExpressionError, compileExpression } from "./expression";
import { parseDuration, sleepTargetMs } from "./duration";
import { Defers } from "./defers";
import { FanIn } from "./fan-in";
import { JournalWriteError, JournalWriter, thisWriter, type JournalEntry, type PlannedWait } from "./journal";
import { Lanes } from "./lanes";
import { resultBytes, resultOverLimit, stepCountOverLimit } from "./limits";
import type { ResumeState, WorkItem } from "./resume-state";
import { retryDelayMs, shouldRetry, type CallFailure, type RetryPolicy } from "./retry-policy";
import type { RunClock, RunTimer } from "./run-clock";
import { BadAnswerError, buildCallBody, describe, fittedToBodyLimit, isLazyOp, parseOps, stepKindOf, userStepId, type Op } from "./sdk-call";
import { storedError, storedOutput } from "./stored-result";
import type {
  Call,
  CallKind,
  CallsByKind,
  FunctionConfig,
  Gate,
  HeldInterval,
  InngestEvent,
  RunLimits,
  RunMark,
  RunSnapshot,
  RunStatus,
  RuntimeEvents,
  SerializedError,
  StepKind,
  StepRecord,
  StoredResult,
} from "./types";

export type { Op } from "./sdk-call";

/** What a run needs from the orchestrator that hosts it. */
export interface RunHost {
  gate: Gate;
  clock: RunClock;
  retryPolicy: RetryPolicy;
  /** Sends one call to the app that serves `fn` (choosing a host, bounding calls in flight). */
  send(fn: FunctionConfig, stepId: string, body: () => CallBody, requestVersion: number): Promise<AppAnswer>;
  /** The host crashed under this call: replace it before the retry. */
  recover(fn: FunctionConfig, error: AppUnreachableError): Promise<string>;
  /** Starts (or, resuming with its run ID, finds) the child run of an invoke; it calls `invokeStarted` and `resolveInvoke`. */
  invoke(parent: Run, hashedId: string, opts: InvokeOptions, childRunId?: string): void;
  /** The error with its stack in the user's TypeScript lines (the host's source maps); as is for a URL app. */
  mapError(fn: FunctionConfig, error: SerializedError): SerializedError;
  /** Waits until the call may go under the function's flow control; resolves with what frees its slot. */
  admit(run: Run, call: Call): Promise<() => void>;
  waitForEvent(run: Run, matches: (candidate: InngestEvent) => boolean): void;
  /**
   * A step waits for a signal (`step.waitForSignal`): `deliver` takes its data. Returns false when
   * another run already waits for the signal and `replace` is not set (Inngest's conflict).
   */
  waitForSignal(run: Run, signal: string, replace: boolean, deliver: (data: unknown) => boolean): boolean;
  emitEvent(event: InngestEvent, from: Run): void;
  notify<K extends keyof RuntimeEvents>(name: K, ...args: Parameters<RuntimeEvents[K]>): void;
  hasListeners(name: keyof RuntimeEvents): boolean;
  /** Ask the SDK to plan every step instead of running it inline, so a debugger can stop before any step. */
  readonly planEveryStep: boolean;
  /** A step.sendEvent of this run sent these events (their IDs, as the SDK reports them). */
  eventsSent(run: Run, eventIds: string[]): void;
}

export interface InvokeOptions {
  function_id?: string;
  payload?: { data?: Record<string, unknown> };
  timeout?: string;
}

export interface RunOptions {
  runId: string;
  fn: FunctionConfig;
  event: InngestEvent;
  /** The batch (batchEvents), the first of which is `event`; default `[event]`. */
  events?: InngestEvent[];
  /** The batch's ID when batchEvents started the run (a batch of one too, flushed by its timeout). */
  batchId?: string;
  limits: RunLimits;
  journalDir: string;
  parentRunId?: string;
  /** Results to start from (restart from a step, replay edits), in stack order. */
  memoized?: Array<{ hashedId: string; id: string; kind: StepKind; result: StoredResult }>;
  /** Send step calls only the state from before their wave (smaller bodies, same SDK behaviour). */
  trimStepCallState: boolean;
  replayOf?: string;
  source?: { program?: string; url?: string };
  /** Go on with a run an earlier process began: its journal is appended to, its steps are not run again. */
  resume?: { state: ResumeState; startedAt: number };
  /** Let the SDK checkpoint steps it runs inline, as production does (PROTOCOL.md §8). */
  checkpointing?: boolean;
}

/** A run failure the user's function did not cause: the app broke the protocol or could not be reached. */
export const INFRASTRUCTURE_ERROR = "StepwiseAppError";

/** Opcodes the SDK may send that Stepwise does not carry out: the call fails at once, naming it. */
const UNSUPPORTED_OPS: Record<string, string> = {
  Step: "the legacy Step opcode of SDK 0.x — upgrade the app's inngest package to 4.x",
  StepNotFound: "StepNotFound: the SDK could not find the step it was asked to run — was a step renamed or removed while the run was in flight?",
};

export class Run {
  readonly id: string;
  readonly fn: FunctionConfig;
  readonly event: InngestEvent;
  readonly limits: RunLimits;
  readonly parentRunId?: string;
  readonly batchId?: string;
  readonly startedAt: number;
  readonly journal: JournalWriter;
  readonly done: Promise<RunSnapshot>;

  status: RunStatus = "running";
  output: unknown;
  error: SerializedError | null = null;
  endedAt?: number;
  readonly stored = new Map<string, StoredResult>();
  readonly stack: string[] = [];
  readonly steps = new Map<string, StepRecord>();
  readonly calls: CallsByKind = { discovery: 0, step: 0, checkpoint: 0 };
  bytesSent = 0;
  stateBytes = 0;
  /** The run's events as JSON bytes, measured once (for the SDK body limit). */
  private eventsBytes?: number;
  /** Runs this one started: event fan-out, invokes, its onFailure companion. */
  readonly triggered: Run[] = [];
  /** Decisions on the events this run sent that are not made yet (a debounce, a batch). */
  readonly pendingTriggers: Promise<void>[] = [];
  /** Functions its events did not start, and why (flow control). */
  readonly skippedTriggers: Array<{ function: string; eventId: string; reason: string }> = [];
  readonly notes: string[] = [];
  /** Waits, published messages and notes, for the timeline. */
  readonly marks: RunMark[] = [];
  private waitingReason?: string;
  readonly events: InngestEvent[];

  private readonly fanIn = new FanIn();
  private readonly lanes = new Lanes();
  /** Completions whose next steps no answer has reported yet, in stack order: what reveals a new step's lane. */
  private readonly unfollowed: string[] = [];
  private readonly stackPosition = new Map<string, number>();
  /** Steps the SDK checkpointed inside a discovery call: that call's answer follows them though its request did not carry them. */
  private readonly checkpointed = new Set<string>();
  /** Answers that reported new steps so far; the wave of the steps being handled (-1: carried over). */
  private waves = 0;
  private answerWave = -1;
  /** When the first call went to the app (after the gate). */
  private firstCallAt?: number;
  /** Stack length when each step was planned: the state a targeted call for it needs. */
  private readonly stackAtPlan = new Map<string, number>();
  private readonly timers = new Set<RunTimer>();
  private seq = 0;
  private finish!: (snapshot: RunSnapshot) => void;
  private newStepsInAnswer = 0;
  private readonly invokeTimeouts = new Map<string, { functionId: string; timeoutAt?: number }>();
  private readonly defers = new Defers();

  constructor(private readonly host: RunHost, private readonly options: RunOptions) {
    this.id = options.runId;
    this.fn = options.fn;
    this.event = options.event;
    this.events = options.events ?? [options.event];
    this.limits = options.limits;
    this.parentRunId = options.parentRunId;
    this.batchId = options.batchId;
    this.startedAt = options.resume?.startedAt ?? Date.now();
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.journal = new JournalWriter(options.journalDir, this.id);
    if (options.resume) {
      this.record({ type: "resumed", at: Date.now(), writer: thisWriter() });
      this.restore(options.resume.state);
      return;
    }
    this.record({ type: "run", at: this.startedAt, runId: this.id, functionId: this.fn.id, functionSlug: this.fn.slug, event: this.event, ...(this.events.length > 1 ? { events: this.events } : {}), ...(this.batchId ? { batchId: this.batchId } : {}), parentRunId: this.parentRunId, limits: { ...this.limits }, replayOf: options.replayOf, source: options.source, writer: thisWriter() });
    for (const m of options.memoized ?? []) {
      this.lanes.carriedOver(m.hashedId);
      const step = this.stepFor({ op: "StepRun", id: m.hashedId, displayName: m.id, userland: { id: m.id } }, m.kind);
      this.store(step, m.result);
      // Recorded like any result (0 attempts: it was carried over, not run), so replay has it.
      this.record({ type: "stored", at: this.startedAt, hashedId: m.hashedId, id: m.id, kind: m.kind, result: m.result, attempts: 0, lane: 0, wave: -1 });
    }
  }

  /** Why the run waits before its next call (flow control), while it does. */
  get waitingFor(): string | undefined {
    return this.waitingReason;
  }

  set waitingFor(reason: string | undefined) {
    if (reason === this.waitingReason) return;
    this.waitingReason = reason;
    if (!reason || this.finished) return;
    this.marks.push({ at: Date.now(), kind: "waiting", text: reason });
    this.record({ type: "waiting", at: Date.now(), reason });
  }

  get laneOf(): Map<string, number> {
    return this.lanes.laneOf;
  }

  get mode() {
    return this.fanIn.mode;
  }

  start(): void {
    this.host.notify("run.started", this.snapshot());
    const resume = this.options.resume?.state;
    if (!resume) {
      this.enqueue({ stepId: "step", attempt: 0 });
      return;
    }
    this.note(`resumed by process ${process.pid}: ${resume.stack.length} stored results kept, ${resume.work.length} call(s) sent again`);
    for (const item of resume.work) this.enqueue(item, Math.max(0, (item.notBefore ?? 0) - Date.now()));
    for (const s of resume.sleeps) this.sleepUntil(this.steps.get(s.hashedId)!, s.until);
    for (const w of resume.waits) {
      if (w.signal !== undefined) this.awaitSignal(this.steps.get(w.hashedId)!, w);
      else this.awaitEvent(this.steps.get(w.hashedId)!, w);
    }
    for (const i of resume.invokes) this.startInvoke(this.steps.get(i.hashedId)!, { function_id: i.functionId }, i.timeoutAt, i.childRunId);
    const waiting = resume.work.length + resume.sleeps.length + resume.waits.length + resume.invokes.length;
    if (waiting === 0) this.enqueue({ stepId: "step", attempt: 0 });
  }

  private restore(state: ResumeState): void {
    this.seq = state.seq;
    for (const d of state.defers) {
      if (d.aborted) this.defers.abort(d.hashedId);
      else this.defers.add(d.hashedId, d.id, d.fnSlug, d.input);
    }
    Object.assign(this.calls, state.calls);
    this.bytesSent = state.bytesSent;
    const unfinishedPlanned = state.steps.filter((s) => s.result === undefined && s.lane !== undefined).map((s) => s.hashedId);
    this.fanIn.restore(state.mode, unfinishedPlanned, state.mode === "v1" ? state.planSteps : unfinishedPlanned.length > 1);
    const unfollowed = new Set(state.unfollowed);
    this.lanes.restore(state.steps.filter((s) => s.lane !== undefined).map((s) => ({ hashedId: s.hashedId, lane: s.lane!, open: s.result === undefined || unfollowed.has(s.hashedId) })));
    this.unfollowed.push(...state.unfollowed);
    this.waves = state.waves;
    this.firstCallAt = state.firstCallAt;
    for (const s of state.steps) {
      const step: StepRecord = { hashedId: s.hashedId, id: s.id, displayName: s.id, kind: s.kind, status: "planned", attempts: s.attempts, order: s.order, parallelGroupSize: 1, startedAt: s.startedAt, wave: s.wave, ...(s.held.length ? { held: s.held } : {}) };
      this.steps.set(s.hashedId, step);
      if (s.stackAtPlan !== undefined) this.stackAtPlan.set(s.hashedId, s.stackAtPlan);
    }
    for (const hashedId of state.stack) {
      const step = this.steps.get(hashedId)!;
      const result = state.steps.find((s) => s.hashedId === hashedId)!.result;
      this.store(step, result);
      step.endedAt = state.steps.find((s) => s.hashedId === hashedId)!.endedAt;
    }
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
      mode: this.fanIn.mode,
      output: this.output,
      error: this.error,
      steps: [...this.steps.values()].map((s) => (s.held ? { ...s, held: s.held.map((h) => ({ ...h })) } : { ...s })),
      stack: [...this.stack],
      stored: Object.fromEntries(this.stored),
      calls: { ...this.calls },
      bytesSent: this.bytesSent,
      stateBytes: this.stateBytes,
      limits: this.limits,
      startedAt: this.startedAt,
      ...(this.firstCallAt !== undefined ? { firstCallAt: this.firstCallAt } : {}),
      endedAt: this.endedAt,
      parentRunId: this.parentRunId,
      journal: this.journal.file,
      notes: [...this.notes],
      marks: [...this.marks],
      ...(this.waitingFor ? { waiting: this.waitingFor } : {}),
      ...(this.events.length > 1 ? { events: this.events } : {}),
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
    let release: () => void;
    try {
      // A slot taken before the gate: a call paused at a breakpoint holds it, as a running step would.
      release = await this.host.admit(this, call);
    } catch {
      return; // the run ended while the call waited for its turn
    }
    try {
      await this.callApp(item, call, kind);
    } finally {
      release();
    }
  }

  private async callApp(item: WorkItem, call: Call, kind: CallKind): Promise<void> {
    let held: HeldInterval | undefined;
    this.host.clock.freeze();
    try {
      if (this.host.hasListeners("call.held")) this.host.notify("call.held", call, this.snapshot());
      held = await this.passGate(call, this.steps.get(item.stepId));
    } finally {
      this.host.clock.thaw();
    }
    if (this.finished) return;
    // A held call goes when the hold ends: the same moment closes the paused interval and starts the call.
    const at = held?.to ?? Date.now();
    const step = this.steps.get(item.stepId);
    if (step) {
      step.status = "running";
      step.attempts = item.attempt + 1;
      step.startedAt ??= at;
    }
    this.calls[kind]++;
    this.firstCallAt ??= at;
    this.record({ type: "call", at, seq: call.seq, kind, stepId: item.stepId, attempt: item.attempt, step: step?.id, ...(held ? { heldFrom: held.from } : {}) });
    if (this.host.hasListeners("call.started")) this.host.notify("call.started", call, this.snapshot());
    const startedAt = Date.now();
    let answer: AppAnswer;
    let ops: Op[] | undefined;
    // The stored results the request carries: a discovery's answer follows on from those (lanes.ts).
    let requestStack = this.stack.length;
    const body = () => {
      requestStack = this.stack.length;
      return this.bodyFor(item);
    };
    try {
      answer = await this.host.send(this.fn, item.stepId, body, this.fanIn.requestVersion);
      this.bytesSent += answer.bytesSent;
      if (answer.status === 206) ops = parseOps(answer.body);
    } catch (err) {
      this.callFailed(item, call, err as Error);
      return;
    }
    this.fanIn.observeAnswer(answer.status, answer.requestVersion);
    this.record({ type: "answer", at: Date.now(), seq: call.seq, status: answer.status, ms: Math.round(answer.ms), mode: this.fanIn.mode ?? undefined, bytes: answer.bytesSent, ...(ops ? { ops } : { body: answer.body }), ...(kind === "discovery" ? { requestStack } : {}) });
    if (this.host.hasListeners("call.finished")) {
      this.host.notify("call.finished", call, this.snapshot(), { status: answer.status, ms: answer.ms, summary: ops ? ops.map((o) => `${o.op} ${o.displayName ?? o.id}`).join(", ") : describe(answer.body) });
    }
    if (this.finished) return;
    if (answer.status === 200) this.complete(answer.body);
    else if (ops) this.handleOps(item, ops, answer, startedAt, requestStack);
    else this.functionErrored(item, answer);
  }

  /**
   * Asks the gate whether the call may go. A call the gate holds (paused in the debugger, or a
   * parallel step the user has not chosen yet) is timed on its step; returns that interval, or
   * undefined when the gate let the call through at once.
   */
  private async passGate(call: Call, step: StepRecord | undefined): Promise<HeldInterval | undefined> {
    const from = Date.now();
    const gate = this.host.gate.beforeCall(call, this.snapshot());
    let through = false;
    gate.then(
      () => (through = true),
      () => {},
    );
    // A gate that lets the call go has settled by the next microtask; one that holds it has not.
    await Promise.resolve();
    if (through) return undefined;
    const held: HeldInterval = { from };
    if (step) (step.held ??= []).push(held);
    try {
      await gate;
    } finally {
      held.to = Date.now();
    }
    return held;
  }

  private bodyFor(item: WorkItem): CallBody {
    const planLength = item.stepId !== "step" && this.options.trimStepCallState ? this.stackAtPlan.get(item.stepId) : undefined;
    this.eventsBytes ??= Buffer.byteLength(JSON.stringify(this.events));
    const body = buildCallBody({
      runId: this.id,
      event: this.event,
      events: this.events,
      stack: planLength === undefined ? this.stack : this.stack.slice(0, planLength),
      stored: (id) => this.stored.get(id),
      attempt: item.attempt,
      maxAttempts: this.fn.maxAttempts,
      disableImmediateExecution: this.fanIn.planSteps || (item.stepId === "step" && this.host.planEveryStep),
      requestVersion: this.fanIn.requestVersion,
      checkpoint: this.options.checkpointing ? { fnId: this.fn.id, queueItemId: `${this.id}:${this.seq}` } : undefined,
      defers: this.defers.sdkView(),
    });
    return fittedToBodyLimit(body, this.stateBytes, this.eventsBytes);
  }

  /**
   * The SDK ran steps inline in a discovery call and reports them before going on in the same
   * request (PROTOCOL.md §8): store them as if a 206 had reported them, schedule nothing (the
   * call is still running). Answers what the checkpoint endpoint answers: 200, 413 over a limit,
   * 409 (a stale dispatch) for a run that has ended.
   */
  checkpoint(ops: Op[]): { status: number; body: unknown } {
    if (this.finished) return { status: 409, body: { error: `run ${this.id} has ended (${this.status})` } };
    this.calls.checkpoint++;
    for (const op of ops.filter(isLazyOp)) this.deferred(op);
    const steps = ops.filter((o) => o.op === "StepRun" || o.op === "Step");
    this.record({ type: "checkpoint", at: Date.now(), steps: steps.map((o) => userStepId(o)) });
    if (steps.some((o) => !this.steps.has(o.id))) this.answerWave = this.waves++;
    for (const op of steps) {
      // The SDK ran these one after another: each follows on from the result before it.
      if (!this.steps.has(op.id)) this.lanes.reveal(this.follow(() => true), [op.id]);
      this.checkpointed.add(op.id);
      const step = this.stepFor(op);
      step.attempts = Math.max(step.attempts, 1);
      step.startedAt ??= Date.now();
      this.saveResult(step, { data: op.data === undefined ? null : op.data }, op, { discover: false });
      if (this.finished) return { status: this.error?.name === "StepOutputTooLarge" ? 413 : 409, body: { error: this.error?.message } };
    }
    return { status: 200, body: {} };
  }

  /** No usable answer: the app was unreachable, timed out or broke the protocol. */
  private callFailed(item: WorkItem, call: Call, err: Error): void {
    // A run cancelled or ended while this call was in flight (Stepwise closing) is not retried.
    if (this.finished) return;
    const message = err instanceof BadAnswerError ? `the app ${err.message}` : err.message;
    const retriable = err instanceof AppUnreachableError || err instanceof BadAnswerError || (err instanceof AppProtocolError && err.retriable);
    this.record({ type: "call-failed", at: Date.now(), seq: call.seq, message, retriable });
    const what = call.step ? `step "${call.step.id}"` : "a discovery call";
    const attempts = `attempt ${item.attempt + 1} of ${this.fn.maxAttempts}`;
    if (!shouldRetry({ kind: "call-failed", retriable }, item.attempt, this.fn.maxAttempts)) {
      const known = err instanceof AppUnreachableError || err instanceof AppProtocolError || err instanceof BadAnswerError;
      this.fail({ name: known ? INFRASTRUCTURE_ERROR : err.name, message: retriable ? `${message} (${what}, ${attempts}; no attempts left)` : message });
      return;
    }
    if (err instanceof AppUnreachableError) {
      void this.host.recover(this.fn, err).then(
        (note) => {
          this.note(`${message} during ${what} (${attempts}); ${note}; retrying`);
          this.retry(item, undefined);
        },
        (restartError: Error) => this.fail({ name: INFRASTRUCTURE_ERROR, message: `${message}; restarting the app host failed: ${restartError.message}` }),
      );
      return;
    }
    this.note(`${message} (${what}, ${attempts}); retrying`);
    this.retry(item, undefined);
  }

  private retry(item: WorkItem, retryAfter: string | undefined): void {
    const next = item.attempt + 1;
    const delay = retryDelayMs(this.host.retryPolicy, next, retryAfter, Date.now());
    this.record({ type: "retry", at: Date.now(), stepId: item.stepId, attempt: next, dueAt: Date.now() + delay });
    this.enqueue({ stepId: item.stepId, attempt: next }, delay);
  }

  /** A non-206 error answer: the function threw outside a step (or the SDK failed). */
  private functionErrored(item: WorkItem, answer: AppAnswer): void {
    const error = this.host.mapError(this.fn, toSerializedError(answer.body, answer.status));
    const failure: CallFailure = { kind: "function-error", status: answer.status, noRetryHeader: answer.noRetry };
    if (!shouldRetry(failure, item.attempt, this.fn.maxAttempts)) {
      this.fail(error);
      return;
    }
    this.note(`the function threw outside a step (attempt ${item.attempt + 1} of ${this.fn.maxAttempts}): ${error.name}: ${error.message}; retrying`);
    this.retry(item, answer.retryAfter);
  }

  // ---- opcodes ------------------------------------------------------------------------------

  private handleOps(item: WorkItem, ops: Op[], answer: AppAnswer, startedAt: number, requestStack: number): void {
    const unsupported = ops.find((o) => UNSUPPORTED_OPS[o.op]);
    if (unsupported) {
      this.fail({ name: INFRASTRUCTURE_ERROR, message: `the app sent ${UNSUPPORTED_OPS[unsupported.op]} (step "${userStepId(unsupported)}")` });
      return;
    }
    this.fanIn.observeOps(ops, (id) => this.stored.has(id));
    for (const op of ops.filter(isLazyOp)) this.deferred(op);
    const steps = ops.filter((o) => !isLazyOp(o));
    // An answer of lazy ops alone moves nothing on: discover again (Go: enqueueLazyOpFallback).
    if (steps.length === 0) {
      this.enqueue({ stepId: "step", attempt: 0 });
      return;
    }
    this.newStepsInAnswer = steps.filter((o) => !this.steps.has(o.id)).length;
    this.revealed(item, steps, requestStack);
    // Waits first: an event sent by a step reported in the same answer must find them registered.
    const ordered = [...steps.filter((o) => o.op === "WaitForEvent"), ...steps.filter((o) => o.op !== "WaitForEvent")];
    for (const op of ordered) {
      if (this.finished) return;
      this.handleOp(item, op, answer, startedAt);
    }
  }

  private handleOp(item: WorkItem, op: Op, answer: AppAnswer, startedAt: number): void {
    switch (op.op) {
      case "StepPlanned":
        // A step already known (running, or waiting for its retry) is not planned again.
        if (!this.steps.has(op.id) && this.claim(op)) this.enqueue({ stepId: op.id, attempt: 0 });
        return;
      case "StepRun": {
        const step = this.stepRan(op, item, startedAt);
        const ids = (op.data as { ids?: unknown } | undefined)?.ids;
        if (step.kind === "sendEvent" && Array.isArray(ids)) this.host.eventsSent(this, ids.filter((id): id is string => typeof id === "string"));
        this.saveResult(step, { data: op.data === undefined ? null : op.data }, op);
        return;
      }
      case "StepError":
      case "StepFailed":
        this.stepErrored(item, op, answer, startedAt);
        return;
      case "Sleep":
        this.beginSleep(op);
        return;
      case "WaitForEvent":
        this.beginWait(op);
        return;
      case "WaitForSignal":
        this.beginSignalWait(op);
        return;
      case "InvokeFunction": {
        const step = this.claim(op, { record: false, announce: false });
        if (!step) return;
        const opts = (op.opts ?? {}) as InvokeOptions;
        const timeoutAt = opts.timeout ? Date.now() + parseDuration(opts.timeout) : undefined;
        this.startInvoke(step, opts, timeoutAt);
        return;
      }
      case "AIGateway":
      case "Gateway":
        if (this.claim(op)) void this.gatewayRequest(op);
        return;
      case "RunComplete":
        this.complete(op.data ?? null);
        return;
      case "DiscoveryRequest":
        this.enqueue({ stepId: "step", attempt: 0 });
        return;
    }
  }

  /**
   * The steps an answer reports for the first time get their wave and their lanes: a discovery's
   * answer follows on from the completions its request carried that no answer followed yet.
   */
  private revealed(item: WorkItem, ops: Op[], requestStack: number): void {
    const found = [...new Set(ops.filter((o) => o.op !== "RunComplete" && o.op !== "DiscoveryRequest" && !this.steps.has(o.id)).map((o) => o.id))];
    const revealers = item.stepId === "step" ? this.follow((id) => this.stackPosition.get(id)! < requestStack || this.checkpointed.has(id)) : [];
    if (found.length > 0) this.answerWave = this.waves++;
    this.lanes.reveal(revealers, found);
  }

  /** Takes the completions an answer follows on from out of the unfollowed ones; returns them in stack order. */
  private follow(followed: (hashedId: string) => boolean): string[] {
    const taken = this.unfollowed.filter(followed);
    if (taken.length > 0) {
      const kept = this.unfollowed.filter((id) => !followed(id));
      this.unfollowed.splice(0, this.unfollowed.length, ...kept);
    }
    return taken;
  }

  private stepErrored(item: WorkItem, op: Op, answer: AppAnswer, startedAt: number): void {
    const step = this.stepRan(op, item, startedAt);
    const error = this.host.mapError(this.fn, op.error ?? { name: "Error", message: "step failed" });
    const willRetry = op.op === "StepError" && shouldRetry({ kind: "step-error" }, item.attempt, this.fn.maxAttempts);
    if (willRetry) {
      step.status = "retrying";
      step.error = error;
    }
    this.host.notify("step.errored", this.snapshot(), { ...step }, error, willRetry);
    if (willRetry) this.retry(item, answer.retryAfter);
    else this.saveResult(step, { error }, op);
  }

  /** The step an answer reports as having run in this call (inline in a discovery, or targeted). */
  private stepRan(op: Op, item: WorkItem, startedAt: number): StepRecord {
    const step = this.stepFor(op);
    step.attempts = Math.max(step.attempts, item.attempt + 1);
    step.startedAt ??= startedAt;
    return step;
  }

  /**
   * Takes an op as a step of this run (planned, sleeping, waiting…) once: V1 discoveries
   * re-report steps that are still running. Returns the step, or undefined when already taken.
   */
  private claim(op: Op, how: { record?: boolean; announce?: boolean; extra?: Partial<Extract<JournalEntry, { type: "planned" }>> } = {}): StepRecord | undefined {
    if (this.steps.has(op.id) && this.steps.get(op.id)!.status !== "retrying") return undefined;
    const step = this.stepFor(op);
    if (this.finished) return undefined;
    step.parallel = this.newStepsInAnswer > 1 || [...this.stackAtPlan.keys()].some((id) => id !== step.hashedId && !this.stored.has(id));
    this.stackAtPlan.set(op.id, this.stack.length);
    if (how.record !== false) this.recordPlanned(step, how.extra);
    if (how.announce !== false) this.host.notify("step.planned", this.snapshot(), { ...step });
    return step;
  }

  private recordPlanned(step: StepRecord, extra?: Partial<Extract<JournalEntry, { type: "planned" }>>): void {
    this.record({ type: "planned", at: Date.now(), hashedId: step.hashedId, id: step.id, kind: step.kind, lane: this.lanes.laneOf.get(step.hashedId), wave: step.wave, ...extra });
  }

  private stepFor(op: Op, kind: StepKind = stepKindOf(op)): StepRecord {
    let step = this.steps.get(op.id);
    if (!step) {
      const id = userStepId(op);
      step = {
        hashedId: op.id,
        id,
        displayName: op.displayName ?? id,
        kind,
        status: "planned",
        attempts: 0,
        order: this.steps.size,
        parallelGroupSize: this.newStepsInAnswer,
        wave: this.answerWave,
        ...(op.opts?.parallelMode === "race" ? { parallelMode: "race" as const } : {}),
      };
      this.steps.set(op.id, step);
      if (!this.lanes.laneOf.has(op.id)) this.lanes.reveal([], [op.id]);
      const over = stepCountOverLimit(this.steps.size, step.id, this.limits);
      if (over && !this.finished) {
        this.host.notify("limit.reached", this.snapshot(), over.message);
        this.fail(over);
      }
    }
    return step;
  }

  private beginSleep(op: Op): void {
    let until: number;
    try {
      until = Date.now() + sleepTargetMs(op.name ?? "0s", Date.now());
    } catch (err) {
      this.fail({ name: "Error", message: `step.sleep("${userStepId(op)}"): ${(err as Error).message}` });
      return;
    }
    const step = this.claim(op, { extra: { until } });
    if (step) this.sleepUntil(step, until);
  }

  private sleepUntil(step: StepRecord, until: number): void {
    step.status = "sleeping";
    step.startedAt ??= Date.now();
    const timer = this.host.clock.setTimer(until - Date.now(), () => {
      this.timers.delete(timer);
      this.saveResult(step, null, { op: "Sleep", id: step.hashedId });
    });
    this.timers.add(timer);
  }

  private beginWait(op: Op): void {
    const stepId = userStepId(op);
    const condition = op.opts?.if;
    if (condition) {
      try {
        compileExpression(condition);
      } catch (err) {
        const message = err instanceof ExpressionError ? err.message : String(err);
        this.fail({ name: "ExpressionError", message: `step.waitForEvent("${stepId}"): ${message}` });
        return;
      }
    }
    let timeoutMs: number;
    try {
      timeoutMs = parseDuration(op.opts?.timeout ?? "7d");
    } catch (err) {
      this.fail({ name: "Error", message: `step.waitForEvent("${stepId}"): ${(err as Error).message}` });
      return;
    }
    const wait: PlannedWait = { event: op.name ?? "", ...(condition ? { if: condition } : {}), expiresAt: Date.now() + timeoutMs };
    const step = this.claim(op, { announce: false, extra: { wait } });
    if (!step) return;
    this.awaitEvent(step, wait);
    this.host.notify("step.planned", this.snapshot(), { ...step });
  }

  private awaitEvent(step: StepRecord, wait: PlannedWait): void {
    step.status = "waiting";
    step.startedAt ??= Date.now();
    const test = wait.if ? compileExpression(wait.if) : () => true;
    let settled = false;
    const timer = this.host.clock.setTimer(wait.expiresAt - Date.now(), () => {
      this.timers.delete(timer);
      if (settled) return;
      settled = true;
      this.saveResult(step, null, { op: "WaitForEvent", id: step.hashedId });
    });
    this.timers.add(timer);
    this.host.waitForEvent(this, (candidate) => {
      if (settled || this.finished || candidate.name !== wait.event) return false;
      if (!test({ event: this.event, async: candidate })) return false;
      settled = true;
      timer.cancel();
      this.timers.delete(timer);
      this.saveResult(step, candidate, { op: "WaitForEvent", id: step.hashedId });
      return true;
    });
  }

  private beginSignalWait(op: Op): void {
    const stepId = userStepId(op);
    const opts = (op.opts ?? {}) as { signal?: string; timeout?: string; conflict?: string };
    const signal = opts.signal ?? op.name;
    if (!signal) {
      this.fail({ name: "Error", message: `step.waitForSignal("${stepId}"): the signal name is empty` });
      return;
    }
    let timeoutMs: number;
    try {
      timeoutMs = parseDuration(opts.timeout ?? "7d");
    } catch (err) {
      this.fail({ name: "Error", message: `step.waitForSignal("${stepId}"): ${(err as Error).message}` });
      return;
    }
    const wait: PlannedWait = { signal, expiresAt: Date.now() + timeoutMs, ...(opts.conflict === "replace" ? { replace: true } : {}) };
    const step = this.claim(op, { announce: false, extra: { wait } });
    if (!step) return;
    this.awaitSignal(step, wait);
    this.host.notify("step.planned", this.snapshot(), { ...step });
  }

  /** Inngest stores `{ signal, data }` when the signal comes (executor.go ResumeSignal), null at the timeout. */
  private awaitSignal(step: StepRecord, wait: PlannedWait): void {
    step.status = "waiting";
    step.startedAt ??= Date.now();
    let settled = false;
    const timer = this.host.clock.setTimer(wait.expiresAt - Date.now(), () => {
      this.timers.delete(timer);
      if (settled) return;
      settled = true;
      this.saveResult(step, null, { op: "WaitForSignal", id: step.hashedId });
    });
    this.timers.add(timer);
    const registered = this.host.waitForSignal(this, wait.signal!, wait.replace === true, (data) => {
      if (settled || this.finished) return false;
      settled = true;
      timer.cancel();
      this.timers.delete(timer);
      this.saveResult(step, { data: { signal: wait.signal, data } }, { op: "WaitForSignal", id: step.hashedId });
      return true;
    });
    if (!registered) {
      settled = true;
      timer.cancel();
      this.fail({ name: "SignalConflict", message: `step.waitForSignal("${step.id}"): another run already waits for signal "${wait.signal}" — pass onConflict: "replace" to take it over` });
    }
  }

  private startInvoke(step: StepRecord, opts: InvokeOptions, timeoutAt: number | undefined, childRunId?: string): void {
    step.status = "waiting";
    step.startedAt ??= Date.now();
    this.invokeTimeouts.set(step.hashedId, { functionId: String(opts.function_id), timeoutAt });
    this.host.invoke(this, step.hashedId, opts, childRunId);
    if (!childRunId) this.host.notify("step.planned", this.snapshot(), { ...step });
    if (timeoutAt === undefined) return;
    const timer = this.host.clock.setTimer(timeoutAt - Date.now(), () => {
      this.timers.delete(timer);
      this.resolveInvoke(step.hashedId, { error: { name: "InngestInvokeTimeoutError", message: `step.invoke of "${opts.function_id}" timed out` } });
    });
    this.timers.add(timer);
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

  /** `defer()` (DeferAdd) or its abort (DeferAbort): kept, journaled, sent as events when the run ends. */
  private deferred(op: Op): void {
    if (this.finished) return;
    const opts = (op.opts ?? {}) as { fn_slug?: string; input?: unknown; target_hashed_id?: string };
    const change = op.op === "DeferAdd" ? this.defers.add(op.id, userStepId(op), String(opts.fn_slug ?? ""), opts.input) : this.defers.abort(String(opts.target_hashed_id ?? ""));
    if (!change) return;
    this.record({ type: "deferred", at: Date.now(), hashedId: change.hashedId, id: change.id, fnSlug: change.fnSlug, aborted: change.aborted, ...(change.aborted ? {} : { input: change.input }) });
    this.marks.push({ at: Date.now(), kind: "note", text: change.aborted ? `defer "${change.id}" aborted` : `defer "${change.id}" → ${change.fnSlug} after the run` });
  }

  /** A realtime message the run published: in its journal and its timeline. */
  published(channel: string, topics: string[], data: string): void {
    if (this.finished) return;
    this.marks.push({ at: Date.now(), kind: "published", text: publishedText(channel, topics, data) });
    this.record({ type: "published", at: Date.now(), channel, topics, data: data.length > 2000 ? `${data.slice(0, 2000)}…` : data });
    this.host.notify("run.published", this.snapshot(), { channel, topics, data });
  }

  /** The child run of an invoke started: recorded, so a resumed run finds it. */
  invokeStarted(hashedId: string, childRunId: string): void {
    const step = this.steps.get(hashedId);
    const invoke = this.invokeTimeouts.get(hashedId);
    if (!step || !invoke || this.finished) return;
    this.recordPlanned(step, { invoke: { functionId: invoke.functionId, childRunId, ...(invoke.timeoutAt ? { timeoutAt: invoke.timeoutAt } : {}) } });
  }

  /** An invoked child run ended (or timed out): store its result in this run. */
  resolveInvoke(hashedId: string, result: StoredResult): void {
    const step = this.steps.get(hashedId);
    if (!step || this.stored.has(hashedId) || this.finished) return;
    this.saveResult(step, result, { op: "InvokeFunction", id: hashedId });
  }

  // ---- results, fan-in and the end ----------------------------------------------------------

  private saveResult(step: StepRecord, result: StoredResult, op: Pick<Op, "op" | "id" | "opts">, how: { discover: boolean } = { discover: true }): void {
    if (this.stored.has(step.hashedId) || this.finished) return;
    const over = resultOverLimit(step.id, resultBytes(result), this.stateBytes, this.limits);
    if (over) {
      this.host.notify("limit.reached", this.snapshot(), over.message);
      this.fail(over);
      return;
    }
    this.store(step, result);
    this.unfollowed.push(step.hashedId);
    this.record({ type: "stored", at: Date.now(), hashedId: step.hashedId, id: step.id, kind: step.kind, result, attempts: step.attempts, startedAt: step.startedAt, lane: this.lanes.laneOf.get(step.hashedId), wave: step.wave });
    if (this.finished) return;
    this.host.notify("step.completed", this.snapshot(), { ...step });
    const race = op.opts?.parallelMode === "race" || step.parallelMode === "race";
    if (how.discover && this.fanIn.resultStored(step.hashedId, race)) this.enqueue({ stepId: "step", attempt: 0 });
  }

  private store(step: StepRecord, result: StoredResult): void {
    this.stackPosition.set(step.hashedId, this.stack.length);
    this.stored.set(step.hashedId, result);
    this.stack.push(step.hashedId);
    this.stateBytes += resultBytes(result);
    step.endedAt = Date.now();
    const error = storedError(result);
    step.status = error ? "failed" : "completed";
    if (error) step.error = error;
    else {
      delete step.error;
      step.output = storedOutput(result);
    }
  }

  /** Changes a stored result (the debugger's setVariable): later calls carry the new value. */
  editStoredResult(hashedId: string, result: StoredResult): void {
    const step = this.steps.get(hashedId);
    if (!step || !this.stored.has(hashedId)) throw new Error(`no stored result for step ${hashedId}`);
    this.stateBytes += resultBytes(result) - resultBytes(this.stored.get(hashedId));
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
  }

  cancel(reason: string): void {
    if (this.finished) return;
    this.error = { name: "Cancelled", message: reason };
    this.end("cancelled");
  }

  /** Stops the run without ending it (Ctrl-C): its journal says so, and `stepwise resume` goes on from there. */
  interrupt(reason: string): void {
    if (this.finished) return;
    this.record({ type: "interrupted", at: Date.now(), reason });
    this.stop("interrupted");
  }

  private end(status: RunStatus): void {
    this.record({ type: "end", at: Date.now(), status, output: this.output, error: this.error, stack: this.stack.map((h) => this.steps.get(h)?.id ?? h), calls: { ...this.calls }, bytesSent: this.bytesSent });
    this.stop(status);
  }

  private stop(status: RunStatus): void {
    if (this.finished) return;
    this.status = status;
    this.endedAt = Date.now();
    // Inngest sends the lifecycle events and then the deferred ones when it finalizes a run (finalize.go).
    if (status !== "interrupted") {
      for (const event of lifecycleEvents(this, status)) this.host.emitEvent(event, this);
      for (const event of this.defers.events(this.id, this.fn.id)) this.host.emitEvent(event, this);
    }
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.journal.close();
    const snapshot = this.snapshot();
    this.host.notify("run.finished", snapshot);
    this.finish(snapshot);
  }

  /** What the runtime did for this run that its steps do not show (a host restarted, a call retried). */
  note(message: string): void {
    this.notes.push(message);
    this.marks.push({ at: Date.now(), kind: "note", text: message });
    this.record({ type: "note", at: Date.now(), message });
    this.host.notify("run.note", this.snapshot(), message);
  }

  /** Appends to the journal; a journal that cannot be written stops the run (what is written stays, and can be resumed). */
  private record(entry: JournalEntry): void {
    try {
      this.journal.append(entry);
    } catch (err) {
      if (!(err instanceof JournalWriteError) || this.finished) throw err;
      this.error = { name: "JournalWriteError", message: `${err.message} — the run stopped; free the space and resume it with: stepwise resume ${this.id}` };
      this.stop("interrupted");
    }
  }
}

/**
 * The events Inngest sends when a run ends (pkg/execution/executor/finalize.go finalizeEvents):
 * `inngest/function.finished` always, then `inngest/function.cancelled` or (failed)
 * `inngest/function.failed`, whose ID is the run's so that they start a handler once. None for a
 * run that one of the first two started (no handler of a handler's end). The data is
 * functionFinishedData (executor.go) for the run's first event; a cancelled run has neither
 * result nor error.
 */
function lifecycleEvents(run: Run, status: RunStatus): InngestEvent[] {
  if (run.event.name === "inngest/function.failed" || run.event.name === "inngest/function.finished") return [];
  if (status !== "completed" && status !== "failed" && status !== "cancelled") return [];
  const inngest = (run.event.data as { _inngest?: { correlation_id?: unknown } } | undefined)?._inngest;
  const correlationId = typeof inngest?.correlation_id === "string" ? inngest.correlation_id : undefined;
  const data: Record<string, unknown> = {
    function_id: run.fn.id,
    run_id: run.id,
    event: run.event,
    events: run.events,
    ...(status === "failed" && run.error ? { error: run.error } : {}),
    ...(status === "completed" && run.output !== undefined && run.output !== null ? { result: run.output } : {}),
    ...(correlationId ? { correlation_id: correlationId } : {}),
    _inngest: { status: status === "completed" ? "Completed" : status === "failed" ? "Failed" : "Cancelled" },
  };
  const events: InngestEvent[] = [{ name: "inngest/function.finished", data }];
  if (status === "cancelled") events.push({ id: run.id, name: "inngest/function.cancelled", data });
  if (status === "failed") events.push({ id: run.id, name: "inngest/function.failed", data });
  return events;
}

/** How a realtime message reads in a timeline: `channel/topic: data` (data cut at 80 characters). */
export function publishedText(channel: string, topics: string[], data: string): string {
  return `published to ${channel || "(no channel)"}${topics.length ? `/${topics.join(",")}` : ""}: ${data.length > 80 ? `${data.slice(0, 80)}…` : data}`;
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

/** The error of an SDK error answer (a non-206), as a run stores it; exploration reads answers the same way. */
export function toSerializedError(body: unknown, status: number): SerializedError {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    if (typeof b.message === "string" || typeof b.name === "string") {
      return { ...b, name: String(b.name ?? "Error"), message: String(b.message ?? b.error ?? "") };
    }
    if (typeof b.error === "string") return { name: "Error", message: b.error };
  }
  return { name: "Error", message: `the app answered HTTP ${status}: ${describe(body)}` };
}
