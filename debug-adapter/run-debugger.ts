// The debugger's gate: which calls to hold (entry, parallel branches, breakpoints, stepping,
// exceptions, pause, checkpoints), a thread per run and per planned step, and the commands that
// let held calls go. It knows nothing of DAP; the session turns its stops into `stopped` events.
//
// Launched, the session debugs one run at a time on thread 1. Attached (the Dev Server), every
// run an event starts is debugged, each on a thread of its own, and step threads are named after
// their run while several runs are live.
import type { RunClock } from "../runtime/run-clock";
import type { Call, Gate, RunSnapshot, SerializedError, StepRecord } from "../runtime/types";
import type { StepBreakpoints } from "./step-breakpoints";

/** Thread 1: the launched run (its discovery calls); attached, the Dev Server itself (it never stops). */
export const RUN_THREAD = 1;

export type StopReason = "entry" | "restart" | "step" | "breakpoint" | "function breakpoint" | "exception" | "pause";

export interface Stop {
  threadId: number;
  reason: StopReason;
  description: string;
  text?: string;
  hitBreakpointIds?: number[];
  /** What the stop means, in a sentence: the Debug Console shows it the first time it comes up. */
  explain?: string;
}

/** The exception filters the session offers (DAP `exceptionBreakpointFilters`). */
export type ExceptionFilter = "retry" | "failed" | "limit" | "divergence";

export interface DebugThread {
  id: number;
  runId: string;
  /** The planned step it runs; absent for a run's own thread (its discovery calls). */
  hashedId?: string;
  /** The step ID (`fast.1`), or the function's for a run thread. */
  label: string;
  /** A step thread's wave (the answer that reported it, from 0) and its order in the run. */
  wave?: number;
  order?: number;
}

/** More live step threads than this in one run and their names carry their wave, in wave order. */
export const GROUP_BY_WAVE_ABOVE = 20;

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
  /** Attached: every run is debugged, each with a thread of its own. */
  everyRun?: boolean;
}

export class RunDebugger implements Gate {
  /** Runs no longer debugged (finished, or restarted from a step): their calls go unheld. */
  private readonly abandonedRuns = new Set<string>();
  private readonly threads = new Map<number, DebugThread>();
  private readonly threadByStep = new Map<string, number>();
  private readonly threadByRun = new Map<string, number>();
  private readonly functionOfRun = new Map<string, string>();
  private readonly heldCallsByThread = new Map<number, HeldCall[]>();
  private readonly pendingExceptions: PendingException[] = [];
  /** Runs whose first call is still to come (attached: each stops on entry). */
  private readonly entered = new Set<string>();
  private nextThreadId = RUN_THREAD + 1;
  private entryPending: StopReason | undefined;
  private pauseAll = false;
  private pauseFroze = false;
  /** Runs whose next call stops (`next` on the run, or after the step being stepped over). */
  private readonly stopAtNextCall = new Set<string>();
  /** With no run known yet (launched, `next` before the first call), the first run's next call stops. */
  private stopAtFirstCall = false;
  private readonly steppingSteps = new Set<string>();
  /** The runs' clock, frozen while a pause holds nothing, so no timer fires while the user looks. */
  clock?: RunClock;

  constructor(private readonly options: RunDebuggerOptions) {
    this.entryPending = options.stopOnEntry ? "entry" : undefined;
  }

  /** Launched: the launched run and its reruns are debugged; the runs they trigger run unheld. Attached: every run. */
  private isDebugged(run: RunSnapshot): boolean {
    return (this.options.everyRun || !run.parentRunId) && !this.abandonedRuns.has(run.runId);
  }

  /** Stop before the next run's first call too (restart frame: reason `restart`). */
  stopOnNextEntry(reason: StopReason = "entry"): void {
    this.entryPending = reason;
  }

  /** A run's own thread: thread 1 when launched; attached, one a run (created on first sight). */
  runThread(run: Pick<RunSnapshot, "runId" | "functionSlug">): number {
    if (!this.options.everyRun) return RUN_THREAD;
    let id = this.threadByRun.get(run.runId);
    if (id === undefined) {
      id = this.nextThreadId++;
      this.threadByRun.set(run.runId, id);
      this.functionOfRun.set(run.runId, run.functionSlug);
      this.threads.set(id, { id, runId: run.runId, label: run.functionSlug });
    }
    return id;
  }

  /** A new run to debug (attached): its thread, or undefined when it is not debugged. */
  runStarted(run: RunSnapshot): number | undefined {
    if (!this.options.everyRun || !this.isDebugged(run) || this.threadByRun.has(run.runId)) return undefined;
    return this.runThread(run);
  }

  /**
   * Every thread with the name a client shows: step threads carry their run while several runs are
   * live, and their wave ("wave 2 · process-17", in wave order) when a run has many.
   */
  threadList(): Array<{ id: number; name: string }> {
    const all = [...this.threads.values()];
    const live = new Set(all.map((t) => t.runId));
    const stepThreads = new Map<string, number>();
    for (const t of all) if (t.hashedId) stepThreads.set(t.runId, (stepThreads.get(t.runId) ?? 0) + 1);
    const grouped = (t: DebugThread) => t.hashedId !== undefined && t.wave !== undefined && t.wave >= 0 && (stepThreads.get(t.runId) ?? 0) > GROUP_BY_WAVE_ABOVE;
    const runOrder = [...live];
    const ordered = all.sort((a, b) => {
      if (a.runId !== b.runId || !grouped(a) || !grouped(b)) return runOrder.indexOf(a.runId) - runOrder.indexOf(b.runId) || a.id - b.id;
      return a.wave! - b.wave! || (a.order ?? 0) - (b.order ?? 0);
    });
    return ordered.map((t) => {
      const run = `${this.functionOfRun.get(t.runId) ?? ""} ${t.runId.slice(-6)}`.trim();
      if (!t.hashedId) return { id: t.id, name: run };
      const label = grouped(t) ? `wave ${t.wave! + 1} · ${t.label}` : t.label;
      return { id: t.id, name: this.options.everyRun && live.size > 1 ? `${run} · ${label}` : label };
    });
  }

  thread(threadId: number): DebugThread | undefined {
    return this.threads.get(threadId);
  }

  /** The run a thread belongs to (thread 1, launched: the run the session debugs, given by the caller). */
  runOfThread(threadId: number): string | undefined {
    return this.threads.get(threadId)?.runId;
  }

  /** A step was planned: it gets a thread. Returns its ID, or undefined when it is not debugged. */
  stepPlanned(run: RunSnapshot, step: StepRecord): number | undefined {
    if (!this.isDebugged(run) || this.threadByStep.has(step.hashedId)) return undefined;
    if (this.options.everyRun) this.runThread(run);
    const id = this.nextThreadId++;
    this.threads.set(id, { id, label: step.id, hashedId: step.hashedId, runId: run.runId, wave: step.wave, order: step.order });
    this.threadByStep.set(step.hashedId, id);
    return id;
  }

  /** A step finished (its result is stored): its thread exits. Returns the thread's ID. */
  stepFinished(run: RunSnapshot, step: StepRecord): number | undefined {
    if (this.steppingSteps.delete(step.hashedId)) this.stopAtNextCall.add(run.runId);
    const id = this.threadByStep.get(step.hashedId);
    if (id === undefined) return undefined;
    this.threadByStep.delete(step.hashedId);
    this.threads.delete(id);
    return id;
  }

  stepErrored(run: RunSnapshot, step: StepRecord, error: SerializedError, willRetry: boolean): void {
    if (!this.isDebugged(run)) return;
    // `next` over a step that throws stops before its retry.
    if (willRetry && this.steppingSteps.delete(step.hashedId)) this.stopAtNextCall.add(run.runId);
    const filter: ExceptionFilter = willRetry ? "retry" : "failed";
    if (!this.options.exceptionFilters.has(filter)) return;
    const text = willRetry
      ? `step "${step.id}" threw on attempt ${step.attempts} and will be retried: ${error.name}: ${error.message}`
      : `step "${step.id}" failed for good after ${step.attempts} attempt${step.attempts === 1 ? "" : "s"}: ${error.name}: ${error.message}`;
    this.pendingExceptions.push({ runId: run.runId, hashedId: willRetry ? step.hashedId : undefined, text });
  }

  async beforeCall(call: Call, run: RunSnapshot): Promise<void> {
    if (!this.isDebugged(run)) return;
    const threadId = call.kind === "discovery" ? this.runThread(run) : (this.threadByStep.get(call.stepId) ?? this.runThread(run));
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
    const threadId = this.runThread(run);
    const call: Call = { seq: run.calls.discovery, runId: run.runId, kind: "discovery", stepId: "step", attempt: 0, checkpointed: ids };
    const explain = "With checkpointing the SDK runs steps inline and reports each as it goes: Stepwise stops just after a step, never before it.";
    let stop: Stop | undefined;
    if (this.pauseAll) stop = { threadId, reason: "pause", description: `Paused after ${last} (checkpointed)`, explain };
    else if (this.takeStepStop(run.runId)) stop = { threadId, reason: "step", description: `Paused after ${last} (checkpointed)`, explain };
    else {
      const hit = ids.map((id) => ({ id, breakpoint: this.options.breakpoints.matching(id) })).find((h) => h.breakpoint);
      if (hit) stop = { threadId, reason: hit.breakpoint!.reason, description: `Paused after "${hit.id}" (checkpointed)`, hitBreakpointIds: [hit.breakpoint!.id], explain };
    }
    if (stop) await this.hold(call, threadId, stop);
  }

  private async hold(call: Call, threadId: number, stop: Stop): Promise<void> {
    await new Promise<void>((release) => {
      const list = this.heldCallsByThread.get(threadId) ?? [];
      list.push({ call, release });
      this.heldCallsByThread.set(threadId, list);
      this.options.onStop(stop);
    });
  }

  private takeStepStop(runId: string): boolean {
    if (this.stopAtNextCall.delete(runId)) return true;
    if (!this.stopAtFirstCall) return false;
    this.stopAtFirstCall = false;
    return true;
  }

  // Descriptions stay short: VS Code shows them beside the thread's name, which is the step's ID.
  private stopFor(call: Call, threadId: number): Stop | undefined {
    const what = call.kind === "discovery" ? "discovery" : "step";
    const explain = call.kind === "discovery" ? "A discovery call runs the function from the top with the results stored so far, up to its next new steps (nothing runs twice)." : undefined;
    const firstCall = !this.entered.has(call.runId);
    this.entered.add(call.runId);
    if (this.entryPending || (this.options.everyRun && this.options.stopOnEntry && firstCall)) {
      const reason = this.entryPending ?? "entry";
      this.entryPending = undefined;
      return { threadId, reason, description: reason === "restart" ? "Paused on restart" : "Paused on entry", explain };
    }
    const exception = this.pendingExceptions.findIndex(
      (e) => e.runId === call.runId && (e.hashedId ? call.stepId === e.hashedId || call.kind === "discovery" : call.kind === "discovery"),
    );
    if (exception >= 0) {
      const [{ text }] = this.pendingExceptions.splice(exception, 1);
      return { threadId, reason: "exception", description: "Paused on step error", text };
    }
    if (this.pauseAll) return { threadId, reason: "pause", description: "Paused", explain };
    if (this.takeStepStop(call.runId)) return { threadId, reason: "step", description: `Paused before ${what}`, explain };
    if (call.kind === "step" && call.step && call.attempt === 0) {
      const breakpoint = this.options.breakpoints.matching(call.step.id);
      if (breakpoint) return { threadId, reason: breakpoint.reason, description: breakpoint.reason === "breakpoint" ? "Paused on breakpoint" : "Paused on function breakpoint", hitBreakpointIds: [breakpoint.id] };
      if (this.options.stopOnParallel && call.step.parallel) {
        return { threadId, reason: "step", description: "Paused", explain: "Every parallel branch waits as a thread of its own: continue the one to run first (F5), or all of them (Continue All Branches)." };
      }
    }
    return undefined;
  }

  heldCalls(threadId: number): Call[] {
    return (this.heldCallsByThread.get(threadId) ?? []).map((h) => h.call);
  }

  get anyHeld(): boolean {
    return this.heldCallsByThread.size > 0;
  }

  /** Lets the held call(s) of one thread go; the others stay paused. */
  continueThread(threadId: number): void {
    this.thawAfterPause();
    const list = this.heldCallsByThread.get(threadId) ?? [];
    this.heldCallsByThread.delete(threadId);
    list.forEach((h) => h.release());
  }

  /** Lets every held call of one run go (its own thread and its steps'). Returns the threads that continue. */
  continueRun(runId: string): number[] {
    this.pauseAll = false;
    const threads = [...this.heldCallsByThread].filter(([, list]) => list.some((h) => h.call.runId === runId)).map(([threadId]) => threadId);
    threads.forEach((threadId) => this.continueThread(threadId));
    return threads;
  }

  /** Lets every held call go; the runs go on until the next stop condition. Returns the threads that continue. */
  continueAll(): number[] {
    this.pauseAll = false;
    const threads = [...this.heldCallsByThread.keys()];
    threads.forEach((threadId) => this.continueThread(threadId));
    this.thawAfterPause();
    return threads;
  }

  /** Runs this thread's call and stops at the next step boundary (the run's next call). */
  next(threadId: number, runId: string | undefined): void {
    this.pauseAll = false;
    const thread = this.threads.get(threadId);
    if (thread?.hashedId) this.steppingSteps.add(thread.hashedId);
    else if (runId) this.stopAtNextCall.add(runId);
    else this.stopAtFirstCall = true;
    this.continueThread(threadId);
  }

  /**
   * Holds every call not yet sent; each stops its thread as it arrives. Returns whether nothing is
   * held right now: then the run's timers freeze (as they do while a call is held) and the caller
   * shows a stop itself.
   */
  pause(): boolean {
    this.pauseAll = true;
    if (this.anyHeld) return false;
    if (!this.pauseFroze) this.clock?.freeze();
    this.pauseFroze = true;
    return true;
  }

  private thawAfterPause(): void {
    if (this.pauseFroze) this.clock?.thaw();
    this.pauseFroze = false;
  }

  /** Forgets a finished or abandoned run's threads and lets its held calls go. Returns the threads that exit. */
  releaseRun(runId: string): number[] {
    const exited: number[] = [];
    for (const thread of [...this.threads.values()]) {
      if (thread.runId !== runId) continue;
      this.threads.delete(thread.id);
      if (thread.hashedId) this.threadByStep.delete(thread.hashedId);
      exited.push(thread.id);
    }
    this.threadByRun.delete(runId);
    this.abandonedRuns.add(runId);
    this.stopAtNextCall.delete(runId);
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
