// Replay under the debugger: the replay cursor (runtime/replay.ts) moved by next, continue,
// stepBack and reverseContinue, stopping at step breakpoints and at divergence. Like
// run-debugger.ts it knows nothing of DAP; it answers with a Stop or with the end.
import type { RecordedRun } from "../runtime/journal";
import type { ReplayCursor, ReplayPosition } from "../runtime/replay";
import { RUN_THREAD, type ExceptionFilter, type Stop } from "./run-debugger";
import type { StepBreakpoints } from "./step-breakpoints";

export type ReplayMove = { stop: Stop } | { end: { exitCode: number; message: string } };

export class ReplayDebugger {
  at!: ReplayPosition;

  constructor(
    private readonly cursor: ReplayCursor,
    private readonly breakpoints: StepBreakpoints,
    private readonly exceptionFilters: Set<ExceptionFilter>,
  ) {}

  get recorded(): RecordedRun {
    return this.cursor.recorded;
  }

  get length(): number {
    return this.cursor.length;
  }

  /** The recorded step the code reaches next (undefined at the end of the recording). */
  get nextRecorded(): RecordedRun["stored"][number] | undefined {
    return this.recorded.stored[this.at.position];
  }

  /** The recorded results the code sees at this position, in stack order. */
  get memoized(): RecordedRun["stored"] {
    return this.recorded.stored.slice(0, this.at.position);
  }

  /** With `stopAt`, the replay starts and stops at that position (an explored schedule where it differs from its recorded run). */
  async start(stopOnEntry: boolean, stopAt?: number): Promise<ReplayMove> {
    this.at = await this.cursor.goTo(stopAt ?? 0);
    if (this.at.divergence) return this.divergence();
    if (stopOnEntry || stopAt !== undefined) return { stop: this.stopHere("entry") };
    return this.forward();
  }

  /** next: one recorded result further. */
  async stepForward(): Promise<ReplayMove> {
    if (this.at.position >= this.length) return this.finish();
    this.at = await this.cursor.goTo(this.at.position + 1);
    return this.at.divergence ? this.divergence() : { stop: this.stopHere("step") };
  }

  /** stepBack: one recorded result fewer. */
  async stepBack(): Promise<ReplayMove> {
    this.at = await this.cursor.goTo(this.at.position - 1);
    return this.at.divergence ? this.divergence() : { stop: this.stopHere("step") };
  }

  /** continue: forward until a step breakpoint, a divergence or the end of the recording. */
  async forward(): Promise<ReplayMove> {
    if (this.at.position >= this.length) return this.finish();
    while (this.at.position < this.length) {
      this.at = await this.cursor.goTo(this.at.position + 1);
      if (this.at.divergence) return this.divergence();
      const next = this.nextRecorded;
      const breakpoint = next ? this.breakpoints.matching(next.id) : undefined;
      if (breakpoint) return { stop: this.stopHere(breakpoint.reason, [breakpoint.id]) };
    }
    return { stop: { ...this.stopHere("step", undefined, "Replay: end of the recording"), explain: "The replay is at the end of the recording: continue to let the function finish with every recorded result memoized." } };
  }

  /** reverseContinue: back to the previous step breakpoint, or to the start. */
  async backward(): Promise<ReplayMove> {
    let target = this.at.position - 1;
    let breakpoint: ReturnType<StepBreakpoints["matching"]>;
    for (; target > 0; target--) {
      breakpoint = this.breakpoints.matching(this.recorded.stored[target].id);
      if (breakpoint) break;
    }
    this.at = await this.cursor.goTo(Math.max(0, target));
    if (this.at.divergence) return this.divergence();
    return { stop: breakpoint ? this.stopHere(breakpoint.reason, [breakpoint.id]) : this.stopHere("entry", undefined, "Replay: start") };
  }

  private stopHere(reason: Stop["reason"], hitBreakpointIds?: number[], description?: string): Stop {
    return {
      threadId: RUN_THREAD,
      reason,
      description: description ?? `Replay: ${this.at.position} of ${this.length}`,
      hitBreakpointIds,
    };
  }

  private divergence(): ReplayMove {
    const divergence = this.at.divergence!;
    if (this.exceptionFilters.has("divergence")) {
      return { stop: { threadId: RUN_THREAD, reason: "exception", description: "Paused on non-determinism", text: divergence.message } };
    }
    return { end: { exitCode: 1, message: divergence.message } };
  }

  private finish(): ReplayMove {
    const outcome = this.at.outcome;
    const what = outcome?.status === "completed" ? `completed → ${JSON.stringify(outcome.output) ?? "undefined"}` : outcome?.error ? `failed: ${outcome.error.name}: ${outcome.error.message}` : "did not finish";
    return { end: { exitCode: outcome?.status === "completed" ? 0 : 1, message: `Replay of run ${this.recorded.runId} finished: with every recorded result memoized the function ${what}` } };
  }
}
