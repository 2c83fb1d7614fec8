// `timeouts`: a run is cancelled when it waits too long to start or runs too long. Inngest
// (pkg/execution/executor/validate.go checkStartTimeout/checkFinishTimeout, plus eager
// cancellations created at schedule and at start in executor.go):
//   - `start`: measured from when the run was created (its run ID's time) until its first request
//     to the app begins; a run still not started after it is cancelled;
//   - `finish`: measured from that first request; a run still going after it is cancelled —
//     sleeps and waits included.
// A zero or unreadable duration sets no timeout. Pure: the caller passes the times it knows.

import { formatDuration } from "../duration";
import type { FunctionOptions } from "./function-options";

export type TimeoutsConfig = NonNullable<FunctionOptions["timeouts"]>;

export interface RunTimes {
  createdAt: number;
  /** When the run's first request to the app began; undefined while it has not started. */
  startedAt?: number;
}

export interface TimeoutDeadline {
  /** When the run is cancelled if it has not moved on by then. */
  cancelAt: number;
  kind: "start" | "finish";
  reason: string;
}

/** The deadline that applies to the run now, or null when none does. */
export function timeoutDeadline(config: TimeoutsConfig | undefined, run: RunTimes): TimeoutDeadline | null {
  if (!config) return null;
  if (run.startedAt === undefined) {
    if (!config.startMs) return null;
    return { kind: "start", cancelAt: run.createdAt + config.startMs, reason: `cancelled: the run did not start within timeouts.start (${formatDuration(config.startMs)})` };
  }
  if (!config.finishMs) return null;
  return { kind: "finish", cancelAt: run.startedAt + config.finishMs, reason: `cancelled: the run did not finish within timeouts.finish (${formatDuration(config.finishMs)})` };
}

/** Whether the run is past its deadline at `now` (Inngest cancels strictly after the duration). */
export function timedOut(config: TimeoutsConfig | undefined, run: RunTimes, now: number): TimeoutDeadline | null {
  const deadline = timeoutDeadline(config, run);
  return deadline && now > deadline.cancelAt ? deadline : null;
}
