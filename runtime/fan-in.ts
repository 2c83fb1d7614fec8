// Fan-in (PROTOCOL.md §6): when a finished step calls for a new discovery. Optimized mode (request
// version 2, the SDK's default) waits for the whole parallel group; V1 (optimizeParallelism:
// false) and `group.parallel({ mode: "race" })` discover after every completion.
import { isLazyOp, type Op, type RequestVersion } from "./sdk-call";
import type { ParallelismMode } from "./types";

export class FanIn {
  mode: ParallelismMode | null = null;
  /** Optimized mode: the steps of the current parallel group that have no result yet. */
  private barrier: Set<string> | null = null;
  /**
   * Once a parallel group is seen, discoveries ask the SDK to report steps instead of running a
   * lone one inline (as Inngest does); optimized mode goes back to inline when the group is done.
   */
  planSteps = false;

  /** The mode is locked by the first 206 of a run (PROTOCOL.md §13.1). */
  observeAnswer(status: number, requestVersionHeader: string | undefined): void {
    if (status === 206 && this.mode === null) this.mode = requestVersionHeader === "1" ? "v1" : "optimized";
  }

  get requestVersion(): RequestVersion | -1 {
    return this.mode === "v1" ? 1 : this.mode === "optimized" ? 2 : -1;
  }

  /** The ops of one answer: a group of several starts a barrier in optimized mode. */
  observeOps(ops: Op[], hasResult: (hashedId: string) => boolean): void {
    const steps = ops.filter((o) => !isLazyOp(o));
    if (steps.length <= 1) return;
    this.planSteps = true;
    if (this.mode === "optimized" && steps.some((o) => o.op === "StepPlanned")) {
      this.barrier = new Set(steps.map((o) => o.id).filter((id) => !hasResult(id)));
    }
  }

  /** A step's result was stored: is a discovery due now? */
  resultStored(hashedId: string, race: boolean): boolean {
    this.barrier?.delete(hashedId);
    if (this.barrier && this.barrier.size > 0 && !race) return false;
    if (this.mode === "optimized") this.planSteps = false;
    if (this.barrier?.size === 0) this.barrier = null;
    return true;
  }

  /** The steps of the open parallel group still without a result (optimized mode), sorted; none: empty. */
  get openGroup(): string[] {
    return this.barrier ? [...this.barrier].sort() : [];
  }

  /** A copy that decides on its own from here: exploration follows several futures of one run. */
  copy(): FanIn {
    const copy = new FanIn();
    copy.mode = this.mode;
    copy.planSteps = this.planSteps;
    copy.barrier = this.barrier && new Set(this.barrier);
    return copy;
  }

  /** A resumed run: the planned steps still without a result form the open group. */
  restore(mode: ParallelismMode | null, unfinishedPlanned: string[], planSteps: boolean): void {
    this.mode = mode;
    this.planSteps = planSteps;
    this.barrier = mode === "optimized" && unfinishedPlanned.length > 0 ? new Set(unfinishedPlanned) : null;
  }
}
