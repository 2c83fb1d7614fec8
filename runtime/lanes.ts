// Lanes for the timeline: each parallel branch of a run gets a lane, and a step stays in the
// lane of the branch it belongs to. A step found alone right after another finished (V1, race)
// continues that branch; steps found together take the lowest free lanes in the order found.
export class Lanes {
  private readonly occupant: Array<string | null> = [];
  private lastFreed: number | undefined;
  readonly laneOf = new Map<string, number>();

  /** A step was planned; `foundAlone` when its answer reported no other new step. */
  assign(hashedId: string, foundAlone: boolean): number {
    let lane = foundAlone && this.lastFreed !== undefined && this.occupant[this.lastFreed] === null ? this.lastFreed : this.occupant.indexOf(null);
    if (lane < 0) lane = this.occupant.push(null) - 1;
    this.occupant[lane] = hashedId;
    this.laneOf.set(hashedId, lane);
    return lane;
  }

  /** A step finished: its lane is free for the branch's next step. Unplanned (inline) steps join the last freed lane. */
  release(hashedId: string): void {
    const lane = this.laneOf.get(hashedId);
    if (lane === undefined) {
      this.laneOf.set(hashedId, this.lastFreed ?? 0);
      return;
    }
    if (this.occupant[lane] === hashedId) {
      this.occupant[lane] = null;
      this.lastFreed = lane;
    }
  }

  /** A resumed run's lanes, as its journal recorded them. */
  restore(lanes: Array<{ hashedId: string; lane: number; finished: boolean }>): void {
    for (const { hashedId, lane, finished } of lanes) {
      this.laneOf.set(hashedId, lane);
      while (this.occupant.length <= lane) this.occupant.push(null);
      this.occupant[lane] = finished ? (this.occupant[lane] === hashedId ? null : this.occupant[lane]) : hashedId;
    }
  }
}
