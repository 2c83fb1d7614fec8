// Where an explored schedule first differs from the recorded run: the position (how many results
// are memoized) at which the debugger stops when it replays the example.
import type { Fault } from "./explore-schedule";
import { stableJson } from "./explore-outcomes";
import type { StoredResult } from "./types";

export interface StoredStep {
  hashedId: string;
  result: StoredResult;
}

/**
 * The first position whose result differs (another step, or the same step with another result); for
 * a schedule with the recorded results in the recorded order, the position of its first step that
 * failed and was retried; else its end (it differs nowhere).
 */
export function firstDifference(recorded: StoredStep[], explored: StoredStep[], faults: Fault[] = []): number {
  const length = Math.min(recorded.length, explored.length);
  for (let i = 0; i < length; i++) {
    if (recorded[i].hashedId !== explored[i].hashedId || stableJson(recorded[i].result) !== stableJson(explored[i].result)) return i;
  }
  if (recorded.length !== explored.length) return length;
  const faulted = explored.findIndex((s) => faults.some((f) => f.hashedId === s.hashedId));
  return faulted >= 0 ? faulted : length;
}
