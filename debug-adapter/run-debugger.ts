// The debugger's gate: which calls to hold (entry, parallel branches, breakpoints, stepping,
// exceptions, pause), one thread per planned step, and the commands that let held calls go.
// It knows nothing of DAP; the session turns its stops into `stopped` events.
import type { Call, Gate, RunSnapshot, SerializedError, StepRecord } from "../runtime/types";
import type { StepBreakpoints } from "./step-breakpoints";

/** Thread 1 is the run itself: its discovery calls. */
export const RUN_THREAD = 1;

export type StopReason = "entry" | "restart" | "step" | "breakpoint" | "function breakpoint" | "exception" | "pause";

export interface Stop {
  threadId: number;
  reason: StopReason;
  description: string;
  text?: string;
  hitBreakpointIds?: number[];
}

/** The exception filters the session offers (DAP `exceptionBreakpointFilters`). */
export type ExceptionFilter = "retry" | "failed" | "limit" | "divergence";

export interface StepThread {
  id: number;
  /** The step ID (`fast.1`). */
  name: string;
  hashedId: string;
  runId: string;
}

interface HeldCall {
  call: Call;
  release: () => void;
}

/** A step error waiting to be shown before the call that follows it. */
interface PendingException {
  runId: string;
  /** For a retry: the step whose retry call stops; for a failure: undefined (the next discovery stops). */
  hashedId?: string;
  text: string;
}

export interface RunDebuggerOptions {
  stopOnEntry: boolean;
  stopOnParallel: boolean;
  breakpoints: StepBreakpoints;
  exceptionFilters: Set<ExceptionFilter>;
  onStop: (stop: Stop) => void;
}

export class RunDebugger implements Gate {
  /** Runs no longer debugged (finished, or restarted from a step): their calls go unheld. */
  private readonly abandonedRuns = new Set<string>();
  private readonly threads = new Map<number, StepThread>();
  private readonly threadByStep = new Map<string, number>();
  private readonly heldCallsByThread = new Map<number, HeldCall[]>();
  private readonly pendingExceptions: PendingException[] = [];
  private nextThreadId = RUN_THREAD + 1;
  private entryPending: StopReason | undefined;
  private pauseAll = false;
  private stopAtNextCall = false;
  private steppingStep: string | undefined;

  constructor(private readonly options: RunDebuggerOptions) {
    this.entryPending = options.stopOnEntry ? "entry" : undefined;
  }

  /** The launched run and reruns are debugged; runs they trigger (events, invokes, onFailure) run unheld. */
  private isDebugged(run: RunSnapshot): boolean {
    return !run.parentRunId && !this.abandonedRuns.has(run.runId);
  }

  /** Stop before the next run's first call too (restart frame: reason `restart`). */
  stopOnNextEntry(reason: StopReason = "entry"): void {
    this.entryPending = reason;
  }

  stepThreads(): StepThread[] {
    return [...this.threads.values()];
  }

  thread(threadId: number): StepThread | undefined {
    return this.threads.get(threadId);
  }

  /** A step was planned: it gets a thread. Returns its ID, or undefined when it is not debugged. */
  stepPlanned(run: RunSnapshot, step: StepRecord): number | undefined {
    if (!this.isDebugged(run) || this.threadByStep.has(step.hashedId)) return undefined;
    const id = this.nextThreadId++;
    this.threads.set(id, { id, name: step.id, hashedId: step.hashedId, runId: run.runId });
    this.threadByStep.set(step.hashedId, id);
    return id;
  }

  /** A step finished (its result is stored): its thread exits. Returns the thread's ID. */
  stepFinished(step: StepRecord): number | undefined {
    if (this.steppingStep === step.hashedId) {
      this.steppingStep = undefined;
      this.stopAtNextCall = true;
    }
    const id = this.threadByStep.get(step.hashedId);
    if (id === undefined) return undefined;
    this.threadByStep.delete(step.hashedId);
    this.threads.delete(id);
    return id;
  }

  stepErrored(run: RunSnapshot, step: StepRecord, error: SerializedError, willRetry: boolean): void {
    if (!this.isDebugged(run)) return;
    // `next` over a step that throws stops before its retry.
    if (willRetry && this.steppingStep === step.hashedId) {
      this.steppingStep = undefined;
      this.stopAtNextCall = true;
    }
    const filter: ExceptionFilter = willRetry ? "retry" : "failed";
    if (!this.options.exceptionFilters.has(filter)) return;
    const text = willRetry
      ? `step "${step.id}" threw on attempt ${step.attempts} and will be retried: ${error.name}: ${error.message}`
      : `step "${step.id}" failed for good after ${step.attempts} attempt${step.attempts === 1 ? "" : "s"}: ${error.name}: ${error.message}`;
    this.pendingExceptions.push({ runId: run.runId, hashedId: willRetry ? step.hashedId : undefined, text });
  }

  async beforeCall(call: Call, run: RunSnapshot): Promise<void> {
    if (!this.isDebugged(run)) return;
    const threadId = call.kind === "discovery" ? RUN_THREAD : (this.threadByStep.get(call.stepId) ?? RUN_THREAD);
    const stop = this.stopFor(call, threadId);
    if (stop) await this.hold(call, threadId, stop);
  }

  /**
   * With checkpointing, the SDK runs steps inline and reports each before it goes on: stepping,
   * pause and a step breakpoint stop here, just after the step (it ran before Stepwise heard of it).
   */
  async afterCheckpoint(run: RunSnapshot, hashedIds: string[]): Promise<void> {
    if (!this.isDebugged(run)) return;
    const ids = hashedIds.map((h) => run.steps.find((s) => s.hashedId === h)?.id ?? h);
    const last = `"${ids[ids.length - 1]}"`;
    const call: Call = { seq: run.calls.discovery, runId: run.runId, kind: "discovery", stepId: "step", attempt: 0, checkpointed: ids };
    let stop: Stop | undefined;
    if (this.pauseAll) stop = { threadId: RUN_THREAD, reason: "pause", description: `Paused after step ${last} (checkpointed)` };
    else if (this.stopAtNextCall) {
      this.stopAtNextCall = false;
      stop = { threadId: RUN_THREAD, reason: "step", description: `Paused after step ${last} (checkpointed)` };
    } else {
      const hit = ids.map((id) => ({ id, breakpoint: this.options.breakpoints.matching(id) })).find((h) => h.breakpoint);
      if (hit) stop = { threadId: RUN_THREAD, reason: hit.breakpoint!.reason, description: `Paused after step "${hit.id}": with checkpointing the SDK runs a step before Stepwise hears of it`, hitBreakpointIds: [hit.breakpoint!.id] };
    }
    if (stop) await this.hold(call, RUN_THREAD, stop);
  }

  private async hold(call: Call, threadId: number, stop: Stop): Promise<void> {
    await new Promise<void>((release) => {
      const list = this.heldCallsByThread.get(threadId) ?? [];
      list.push({ call, release });
      this.heldCallsByThread.set(threadId, list);
      this.options.onStop(stop);
    });
  }

  private stopFor(call: Call, threadId: number): Stop | undefined {
    const what = call.kind === "discovery" ? "a discovery call (runs the function up to its next new steps)" : `step "${call.step?.id}"`;
    if (this.entryPending) {
      const reason = this.entryPending;
      this.entryPending = undefined;
      return { threadId, reason, description: `Paused before ${what}` };
    }
    const exception = this.pendingExceptions.findIndex(
      (e) => e.runId === call.runId && (e.hashedId ? call.stepId === e.hashedId || call.kind === "discovery" : call.kind === "discovery"),
    );
    if (exception >= 0) {
      const [{ text }] = this.pendingExceptions.splice(exception, 1);
      return { threadId, reason: "exception", description: "Paused on a step error", text };
    }
    if (this.pauseAll) return { threadId, reason: "pause", description: `Paused before ${what}` };
    if (this.stopAtNextCall) {
      this.stopAtNextCall = false;
      return { threadId, reason: "step", description: `Paused before ${what}` };
    }
    if (call.kind === "step" && call.step && call.attempt === 0) {
      const breakpoint = this.options.breakpoints.matching(call.step.id);
      if (breakpoint) return { threadId, reason: breakpoint.reason, description: `Paused before step "${call.step.id}"`, hitBreakpointIds: [breakpoint.id] };
      if (this.options.stopOnParallel && this.isParallel(call)) {
        return { threadId, reason: "step", description: `Paused before parallel step "${call.step.id}"` };
      }
    }
    return undefined;
  }

  /** Planned in a group (Promise.all, group.parallel), or beside a branch of the same run still open (V1). */
  private isParallel(call: Call): boolean {
    if ((call.step?.parallelGroupSize ?? 0) > 1) return true;
    return [...this.threads.values()].some((t) => t.runId === call.runId && t.hashedId !== call.stepId);
  }

  heldCalls(threadId: number): Call[] {
    return (this.heldCallsByThread.get(threadId) ?? []).map((h) => h.call);
  }

  get anyHeld(): boolean {
    return this.heldCallsByThread.size > 0;
  }

  /** Lets the held call(s) of one thread go; the others stay paused. */
  continueThread(threadId: number): void {
    const list = this.heldCallsByThread.get(threadId) ?? [];
    this.heldCallsByThread.delete(threadId);
    list.forEach((h) => h.release());
  }

  /** Lets every held call go; the run goes on until the next stop condition. */
  continueAll(): void {
    this.pauseAll = false;
    for (const threadId of [...this.heldCallsByThread.keys()]) this.continueThread(threadId);
  }

  /** Runs this thread's call and stops at the next step boundary (the next call of the run). */
  next(threadId: number): void {
    this.pauseAll = false;
    const thread = this.threads.get(threadId);
    if (thread) this.steppingStep = thread.hashedId;
    else this.stopAtNextCall = true;
    this.continueThread(threadId);
  }

  /** Holds every call not yet sent. Returns whether nothing is held right now (the session then stops the run's thread itself). */
  pause(): boolean {
    this.pauseAll = true;
    return !this.anyHeld;
  }

  /** Forgets a finished or abandoned run's threads and lets its held calls go. Returns the threads that exit. */
  releaseRun(runId: string): number[] {
    const exited: number[] = [];
    for (const thread of [...this.threads.values()]) {
      if (thread.runId !== runId) continue;
      this.threads.delete(thread.id);
      this.threadByStep.delete(thread.hashedId);
      exited.push(thread.id);
    }
    this.abandonedRuns.add(runId);
    for (let i = this.pendingExceptions.length - 1; i >= 0; i--) if (this.pendingExceptions[i].runId === runId) this.pendingExceptions.splice(i, 1);
    for (const [threadId, list] of [...this.heldCallsByThread]) {
      const keep = list.filter((h) => h.call.runId !== runId);
      list.filter((h) => h.call.runId === runId).forEach((h) => h.release());
      if (keep.length) this.heldCallsByThread.set(threadId, keep);
      else this.heldCallsByThread.delete(threadId);
    }
    return exited;
  }
}
