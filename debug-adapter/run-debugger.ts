// The debugger's gate: which calls to hold (entry, parallel branches, breakpoints, stepping,
// exceptions, pause), one thread per planned step, and the commands that let held calls go.
// It knows nothing of DAP; the session turns its stops into `stopped` events.
import type { Call, Gate, RunSnapshot, SerializedError, StepRecord } from "../runtime/types";
import type { StepBreakpoints } from "./step-breakpoints";

export const RUN_THREAD = 1;

export type StopReason = "entry" | "step" | "breakpoint" | "exception" | "pause";

export interface Stop {
  threadId: number;
  reason: StopReason;
  description: string;
  text?: string;
  hitBreakpointIds?: number[];
}

export type ExceptionFilter = "retry" | "failed" | "limit" | "divergence";

export interface StepThread {
  id: number;
  name: string;
  hashedId: string;
  runId: string;
}

interface HeldCall {
  call: Call;
  release: () => void;
}

export interface RunDebuggerOptions {
  stopOnEntry: boolean;
  stopOnParallel: boolean;
  breakpoints: StepBreakpoints;
  exceptionFilters: Set<ExceptionFilter>;
  onStop: (stop: Stop) => void;
}

export class RunDebugger implements Gate {
  /** Runs no longer debugged (restarted from a step): their calls go unheld. */
  private readonly abandonedRuns = new Set<string>();
  private readonly threads = new Map<number, StepThread>();
  private readonly threadByStep = new Map<string, number>();
  private readonly held = new Map<number, HeldCall[]>();
  private nextThreadId = RUN_THREAD + 1;
  private entryPending: boolean;
  private pauseAll = false;
  private stopAtNextCall = false;
  private steppingStep: string | undefined;
  private pendingException: { hashedId?: string; text: string } | undefined;

  constructor(private readonly options: RunDebuggerOptions) {
    this.entryPending = options.stopOnEntry;
  }

  /** The launched run and reruns are debugged; runs they trigger (events, invokes, onFailure) run unheld. */
  private isDebugged(run: RunSnapshot): boolean {
    return !run.parentRunId && !this.abandonedRuns.has(run.runId);
  }

  /** Stop before the next run's first call too (restart frame). */
  stopOnNextEntry(): void {
    this.entryPending = true;
  }

  stepThreads(): StepThread[] {
    return [...this.threads.values()];
  }

  thread(threadId: number): StepThread | undefined {
    return this.threads.get(threadId);
  }

  threadOfStep(hashedId: string): number | undefined {
    return this.threadByStep.get(hashedId);
  }

  /** A step was planned: it gets a thread. Returns its ID, or undefined when it is not debugged. */
  stepPlanned(run: RunSnapshot, step: StepRecord): number | undefined {
    if (!this.isDebugged(run) || this.threadByStep.has(step.hashedId)) return undefined;
    const id = this.nextThreadId++;
    this.threads.set(id, { id, name: step.id, hashedId: step.hashedId, runId: run.runId });
    this.threadByStep.set(step.hashedId, id);
    return id;
  }

  /** A step finished: its thread exits. Returns the thread's ID. */
  stepFinished(run: RunSnapshot, step: StepRecord): number | undefined {
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
    const filter: ExceptionFilter = willRetry ? "retry" : "failed";
    if (!this.options.exceptionFilters.has(filter)) return;
    const text = willRetry
      ? `step "${step.id}" threw on attempt ${step.attempts} and will be retried: ${error.name}: ${error.message}`
      : `step "${step.id}" failed for good after ${step.attempts} attempt${step.attempts === 1 ? "" : "s"}: ${error.name}: ${error.message}`;
    this.pendingException = { hashedId: willRetry ? step.hashedId : undefined, text };
  }

  async beforeCall(call: Call, run: RunSnapshot): Promise<void> {
    if (!this.isDebugged(run)) return;
    const threadId = call.kind === "discovery" ? RUN_THREAD : (this.threadByStep.get(call.stepId) ?? RUN_THREAD);
    const stop = this.stopFor(call, threadId);
    if (!stop) return;
    await new Promise<void>((release) => {
      const list = this.held.get(threadId) ?? [];
      list.push({ call, release });
      this.held.set(threadId, list);
      this.options.onStop(stop);
    });
  }

  private stopFor(call: Call, threadId: number): Stop | undefined {
    const what = call.kind === "discovery" ? "a discovery call (runs the function up to its next new steps)" : `step "${call.step?.id}"`;
    if (this.entryPending) {
      this.entryPending = false;
      return { threadId, reason: "entry", description: `Paused before ${what}` };
    }
    if (this.pendingException && (call.stepId === this.pendingException.hashedId || call.kind === "discovery" || !this.pendingException.hashedId)) {
      const { text } = this.pendingException;
      this.pendingException = undefined;
      return { threadId, reason: "exception", description: "Paused on a step error", text };
    }
    if (this.pauseAll) return { threadId, reason: "pause", description: `Paused before ${what}` };
    if (this.stopAtNextCall) {
      this.stopAtNextCall = false;
      return { threadId, reason: "step", description: `Paused before ${what}` };
    }
    if (call.kind === "step" && call.step) {
      const breakpoint = this.options.breakpoints.matching(call.step.id);
      if (breakpoint !== undefined && call.attempt === 0) return { threadId, reason: "breakpoint", description: `Paused before step "${call.step.id}"`, hitBreakpointIds: [breakpoint] };
      if (this.options.stopOnParallel && call.step.parallelGroupSize > 1 && call.attempt === 0) {
        return { threadId, reason: "step", description: `Paused before parallel step "${call.step.id}"` };
      }
    }
    return undefined;
  }

  heldCalls(threadId: number): Call[] {
    return (this.held.get(threadId) ?? []).map((h) => h.call);
  }

  isHeld(threadId: number): boolean {
    return (this.held.get(threadId)?.length ?? 0) > 0;
  }

  /** Lets the held call(s) of one thread go; the others stay paused. */
  continueThread(threadId: number): void {
    const list = this.held.get(threadId) ?? [];
    this.held.delete(threadId);
    list.forEach((h) => h.release());
  }

  /** Lets every held call go; the run goes on until the next stop condition. */
  continueAll(): void {
    this.pauseAll = false;
    for (const threadId of [...this.held.keys()]) this.continueThread(threadId);
  }

  /** Runs this thread's call and stops at the next step boundary. */
  next(threadId: number): void {
    const thread = this.threads.get(threadId);
    if (thread) this.steppingStep = thread.hashedId;
    else this.stopAtNextCall = true;
    this.continueThread(threadId);
  }

  /** Holds every call not yet sent. */
  pause(): void {
    this.pauseAll = true;
  }

  /** Forgets a finished or abandoned run's threads and lets its held calls go. */
  releaseRun(runId: string): number[] {
    const exited: number[] = [];
    for (const thread of [...this.threads.values()]) {
      if (thread.runId !== runId) continue;
      this.threads.delete(thread.id);
      this.threadByStep.delete(thread.hashedId);
      exited.push(thread.id);
    }
    this.abandonedRuns.add(runId);
    for (const [threadId, list] of [...this.held]) {
      const keep = list.filter((h) => h.call.runId !== runId);
      list.filter((h) => h.call.runId === runId).forEach((h) => h.release());
      if (keep.length) this.held.set(threadId, keep);
      else this.held.delete(threadId);
    }
    return exited;
  }
}
