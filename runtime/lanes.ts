// Lanes for the timeline: each parallel branch of a run gets a lane, and a step goes in the lane
// of the branch whose completion revealed it, so a branch keeps its lane whichever branch ran
// first.
//
// What the SDK tells us (verified on inngest 4.24.0): a discovery replays the stored results one
// at a time in the order of `ctx.stack` (completion order), letting the user's code run on after
// each, and reports the new steps in the order the code created them. So the new steps of one
// answer come in the order of the completions that revealed them. When an answer reports as many
// new steps as its request carried completions not followed yet, each new step continues the
// lane of the completion at the same position: V1 (one completion, one next step) and
// optimized mode's branches that each go on (`fast.2`, `slow.2` after `fast.1`, `slow.1`).
// Any other count — a new Promise.all, a join, branches that ended — does not say which
// completion revealed which step: those completions' lanes are freed and the new steps take the
// lowest free lanes in the order found, which does not depend on the order the branches ran.
export class Lanes {
  /** The step holding each lane: one still open, or one that finished and whose successor is not known yet. */
  private readonly occupant: Array<string | null> = [];
  readonly laneOf = new Map<string, number>();

  /**
   * An answer reported the steps `found` (new ones, in the answer's order) to a request that
   * carried the results `revealers` (completions not followed yet, in stack order).
   */
  reveal(revealers: string[], found: string[]): void {
    const paired = found.length === revealers.length;
    for (const hashedId of revealers) {
      const lane = this.laneOf.get(hashedId);
      if (lane !== undefined && this.occupant[lane] === hashedId) this.occupant[lane] = null;
    }
    found.forEach((hashedId, i) => {
      if (this.laneOf.has(hashedId)) return;
      const continued = paired ? this.laneOf.get(revealers[i]) : undefined;
      this.take(hashedId, continued !== undefined && this.occupant[continued] === null ? continued : this.lowestFree());
    });
  }

  /** A result carried over from another run (restart from a step): drawn in the first lane, holding none. */
  carriedOver(hashedId: string): void {
    this.laneOf.set(hashedId, 0);
  }

  /** A resumed run's lanes, as its journal recorded them; `open` steps still hold theirs. */
  restore(lanes: Array<{ hashedId: string; lane: number; open: boolean }>): void {
    for (const { hashedId, lane, open } of lanes) {
      this.laneOf.set(hashedId, lane);
      while (this.occupant.length <= lane) this.occupant.push(null);
      if (open) this.occupant[lane] = hashedId;
      else if (this.occupant[lane] === hashedId) this.occupant[lane] = null;
    }
  }

  private lowestFree(): number {
    const free = this.occupant.indexOf(null);
    return free < 0 ? this.occupant.length : free;
  }

  private take(hashedId: string, lane: number): void {
    while (this.occupant.length <= lane) this.occupant.push(null);
    this.occupant[lane] = hashedId;
    this.laneOf.set(hashedId, lane);
  }
}
