// `priority.run`: an expression giving a run a factor in seconds that moves its queue items ahead
// (positive) or behind (negative) of other runs' items. Inngest (pkg/inngest/function.go
// RunPriorityFactor, pkg/execution/queue/item.go Score): the result must be an integer; anything
// else (an error, a double such as a JSON number, a string) gives factor 0. It is clamped to the
// account's range: ±600 s by default per the docs (reference/functions/run-priority); the
// open-source server clamps at ±12 h (consts.PriorityFactorMin/Max), which callers may pass. A queue item is ordered by its run's start time minus the
// factor, so older runs go first and a factor of 60 lets a run overtake runs started up to a minute
// before it.

import { compileValue } from "../expression";

/** The default range of an Inngest Cloud account, in seconds either way. */
export const DEFAULT_PRIORITY_RANGE_S = 600;
/** consts.PriorityFactorMax: the widest range Inngest's server allows. */
export const MAX_PRIORITY_RANGE_S = 12 * 60 * 60;

export interface PriorityFactor {
  /** Seconds, within ±range. */
  factor: number;
  /** Why the expression gave no usable factor (the run then has factor 0, as in Inngest). */
  problem?: string;
}

export function priorityFactor(run: string | undefined, event: unknown, rangeSeconds: number = DEFAULT_PRIORITY_RANGE_S): PriorityFactor {
  if (run === undefined) return { factor: 0 };
  const result = compileValue(run)({ event });
  if (result.error !== undefined) return { factor: 0, problem: `priority.run ${result.error}; the run has priority 0` };
  // The docs give `event.data.priority` as a valid expression, so a JSON number that is whole
  // counts as an int here (the open-source RunPriorityFactor accepts only int64 results).
  const whole = typeof result.value === "number" && Number.isInteger(result.value) ? BigInt(result.value) : result.value;
  if (typeof whole !== "bigint") {
    const shown = typeof result.value === "number" ? `the double ${result.value}` : JSON.stringify(result.value);
    return { factor: 0, problem: `priority.run "${run}" returned ${shown}, not an int (wrap it in int()); the run has priority 0` };
  }
  const n = Number(whole);
  const range = Math.min(Math.abs(rangeSeconds), MAX_PRIORITY_RANGE_S);
  return { factor: Math.min(range, Math.max(-range, n)) };
}

/** A queue item's position: its run's start time shifted earlier by the factor. Lower goes first. */
export function queueScore(runStartedAt: number, factorSeconds: number): number {
  return runStartedAt - factorSeconds * 1000;
}

export interface Queued {
  score: number;
  /** Arrival order, for items with the same score. */
  sequence: number;
}

/** Fair order for waiting queue items: score, then first come first served. */
export function compareQueued(a: Queued, b: Queued): number {
  return a.score - b.score || a.sequence - b.sequence;
}
