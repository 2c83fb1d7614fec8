// Replay (DESIGN.md "The way a run flows", 7): re-drive a recorded run against the current code
// with the recorded results as memoized state, one position at a time. Every call is a discovery
// with `disable_immediate_execution`, so the SDK reports the next steps instead of running them:
// the function's code between steps runs again, step bodies never do.
import type { CallBody } from "./app-client";
import type { RecordedRun } from "./journal";
import type { Orchestrator } from "./orchestrator";
import type { FunctionConfig, SerializedError } from "./types";
import type { Op } from "./run";
import { ulid } from "./ulid";

export interface Divergence {
  /** How many recorded results were memoized when the code asked for something else. */
  position: number;
  /** The recorded step ID at that position, or null when the recording had ended. */
  expected: string | null;
  /** The step ID the code asks for now, or null when it returned instead. */
  actual: string | null;
  message: string;
}

export interface ReplayPosition {
  position: number;
  /** The steps the code reported at this position (their IDs as the user wrote them). */
  reported: Array<{ hashedId: string; id: string; op: string }>;
  /** Set at the end: what the function did with every recorded result memoized. */
  outcome?: { status: "completed" | "failed"; output?: unknown; error?: SerializedError };
  divergence: Divergence | null;
}

export class ReplayCursor {
  position = 0;
  private readonly runId = ulid();

  constructor(
    private readonly orchestrator: Orchestrator,
    readonly recorded: RecordedRun,
    private readonly fn: FunctionConfig,
  ) {}

  get length(): number {
    return this.recorded.stored.length;
  }

  /** Moves the cursor to `position` (0 … length) and asks the code what it does there. */
  async goTo(position: number): Promise<ReplayPosition> {
    this.position = Math.max(0, Math.min(position, this.length));
    const memoized = this.recorded.stored.slice(0, this.position);
    const body: CallBody = {
      event: this.recorded.event,
      events: [this.recorded.event],
      steps: Object.fromEntries(memoized.map((s) => [s.hashedId, s.result])),
      ctx: {
        run_id: this.runId,
        attempt: 0,
        max_attempts: this.fn.maxAttempts,
        disable_immediate_execution: true,
        use_api: false,
        stack: { stack: memoized.map((s) => s.hashedId), current: memoized.length },
      },
      version: 2,
    };
    const answer = await this.orchestrator.send(this.fn, "step", () => body, 2);
    const ops = answer.status === 206 ? (Array.isArray(answer.body) ? (answer.body as Op[]) : [answer.body as Op]) : [];
    const reported = ops
      .filter((o) => o.op !== "DeferAdd" && o.op !== "DeferAbort")
      .map((o) => ({ hashedId: o.id, id: userId(o), op: o.op }));
    const expected = this.recorded.stored[this.position];
    const result: ReplayPosition = { position: this.position, reported, divergence: null };
    if (answer.status === 200) result.outcome = { status: "completed", output: answer.body };
    else if (answer.status !== 206) result.outcome = { status: "failed", error: answer.body as SerializedError };

    if (expected && !reported.some((r) => r.hashedId === expected.hashedId)) {
      const actual = reported[0]?.id ?? null;
      result.divergence = {
        position: this.position,
        expected: expected.id,
        actual,
        message: actual
          ? `non-determinism at position ${this.position}: the recording has step "${expected.id}" here, the code now asks for "${actual}"`
          : `non-determinism at position ${this.position}: the recording has step "${expected.id}" here, the code now ${result.outcome?.status === "completed" ? "returns" : "fails"} without it`,
      };
    } else if (!expected && reported.length > 0) {
      result.divergence = {
        position: this.position,
        expected: null,
        actual: reported[0].id,
        message: `non-determinism at position ${this.position}: the recording ended here, the code now asks for "${reported[0].id}"`,
      };
    }
    return result;
  }

  /** Walks every position from the start; stops at the first divergence. */
  async runToEnd(onPosition?: (p: ReplayPosition) => void): Promise<ReplayPosition> {
    let p = 0;
    for (;;) {
      const at = await this.goTo(p);
      onPosition?.(at);
      if (at.divergence || p >= this.length) return at;
      // Every recorded result the code reported here is one of its steps: skip past them all
      // at once (a parallel wave costs one call, not one per branch).
      const reported = new Set(at.reported.map((r) => r.hashedId));
      let next = p;
      while (next < this.length && reported.has(this.recorded.stored[next].hashedId)) next++;
      p = next;
    }
  }
}

function userId(op: Op): string {
  const id = op.userland?.id ?? op.displayName ?? op.id;
  return op.userland?.index ? `${id}:${op.userland.index}` : id;
}
