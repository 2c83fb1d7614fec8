// Replay (DESIGN.md "The way a run flows", 7): re-drive a recorded run against the current code
// with the recorded results as memoized state, one position at a time. Every call is a discovery
// with `disable_immediate_execution`, so the SDK reports the next steps instead of running them:
// the function's code between steps runs again, step bodies never do.
import type { RecordedRun, RecordedStatus } from "./journal";
import { LIMIT_ERRORS } from "./limits";
import type { Orchestrator } from "./orchestrator";
import { INFRASTRUCTURE_ERROR } from "./run";
import { buildCallBody, isLazyOp, parseOps, userStepId } from "./sdk-call";
import type { FunctionConfig, SerializedError } from "./types";
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
  /**
   * Set at the end: what the function did with every recorded result memoized — or, where the
   * recording stops before the function's end (a limit, an interruption), the recorded status.
   */
  outcome?: { status: RecordedStatus; output?: unknown; error?: SerializedError | null; recordingEnded?: boolean };
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
    const results = new Map(memoized.map((s) => [s.hashedId, s.result]));
    const body = buildCallBody({
      runId: this.runId,
      event: this.recorded.event,
      events: this.recorded.events,
      stack: memoized.map((s) => s.hashedId),
      stored: (id) => results.get(id),
      attempt: 0,
      maxAttempts: this.fn.maxAttempts,
      disableImmediateExecution: true,
      requestVersion: 2,
    });
    const answer = await this.orchestrator.send(this.fn, "step", () => body, 2);
    const ops = answer.status === 206 ? parseOps(answer.body) : [];
    const reported = ops.filter((o) => !isLazyOp(o)).map((o) => ({ hashedId: o.id, id: userStepId(o), op: o.op }));
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
    } else if (!expected && reported.length > 0 && !this.recordedToTheEnd) {
      result.outcome = { status: this.recorded.status, error: this.recorded.error, recordingEnded: true };
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

  /**
   * Whether the recording holds the function to its end: it completed, or the code failed it.
   * A run stopped by a limit, by Stepwise or by an interruption ends earlier than its code does,
   * so the code asking for more steps at the end of such a recording is no divergence.
   */
  private get recordedToTheEnd(): boolean {
    const { status, error } = this.recorded;
    return status === "completed" || (status === "failed" && !!error && !LIMIT_ERRORS.has(error.name) && error.name !== INFRASTRUCTURE_ERROR && error.name !== "JournalWriteError");
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
