// `priority.run`: an expression giving a run a factor in seconds that moves its queue items ahead
// (positive) or behind (negative) of other runs' items. Inngest (pkg/inngest/function.go
// RunPriorityFactor, pkg/execution/queue/item.go Score): the result must be an integer, clamped to
// ±12 hours (consts.PriorityFactorMin/Max); anything else (an error, a double such as a JSON
// number, a string) gives factor 0. A queue item is ordered by its run's start time minus the
// factor, so older runs go first and a factor of 60 lets a run overtake runs started up to a minute
// before it.

import { compileValue } from "../expression";

export const PRIORITY_FACTOR_MIN_S = -12 * 60 * 60;
export const PRIORITY_FACTOR_MAX_S = 12 * 60 * 60;

export interface PriorityFactor {
  /** Seconds, within ±43,200. */
  factor: number;
  /** Why the expression gave no usable factor (the run then has factor 0, as in Inngest). */
  problem?: string;
}

export function priorityFactor(run: string | undefined, event: unknown): PriorityFactor {
  if (run === undefined) return { factor: 0 };
  const result = compileValue(run)({ event });
  if (result.error !== undefined) return { factor: 0, problem: `priority.run ${result.error}; the run has priority 0` };
  if (typeof result.value !== "bigint") {
    const shown = typeof result.value === "number" ? `the double ${result.value}` : JSON.stringify(result.value);
    return { factor: 0, problem: `priority.run "${run}" returned ${shown}, not an int (wrap it in int()); the run has priority 0` };
  }
  const n = Number(result.value);
  return { factor: Math.min(PRIORITY_FACTOR_MAX_S, Math.max(PRIORITY_FACTOR_MIN_S, n)) };
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
