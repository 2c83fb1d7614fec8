// `cancelOn`: an event that cancels a running run. Inngest (executor.go: one pause per cancel entry
// when the run starts; pkg/inngest/function.go): the incoming event's name must equal the entry's
// `event`; its `if` is evaluated with `event` = the run's triggering event and `async` = the
// incoming event (the SDK turns `match: "data.id"` into `event.data.id == async.data.id`); an
// entry with a `timeout` stops listening that long after the run started. Only events received
// after the run started count (the pause did not exist before). Pure: the caller passes `now`.

import { compileCondition } from "../expression";
import type { FunctionOptions } from "./function-options";

export type CancelOption = FunctionOptions["cancel"][number];

export interface CancelMatch {
  /** Index of the cancelOn entry that matched. */
  entry: number;
  reason: string;
}

export interface RunForCancellation {
  runId: string;
  event: unknown;
  startedAt: number;
}

/** The cancelOn entry `incoming` (received at `now`) triggers for this run, or null. */
export function matchCancellation(cancel: readonly CancelOption[], run: RunForCancellation, incoming: { name: string } & Record<string, unknown>, now: number): CancelMatch | null {
  if (now < run.startedAt) return null;
  for (const [i, c] of cancel.entries()) {
    if (c.event !== incoming.name) continue;
    if (c.timeoutMs !== undefined && now > run.startedAt + c.timeoutMs) continue;
    if (c.if !== undefined && !compileCondition(c.if)({ event: run.event, async: incoming }, now).matched) continue;
    const condition = c.if === undefined ? "" : ` where ${c.if}`;
    return { entry: i, reason: `cancelled: event "${incoming.name}" matched cancelOn[${i}]${condition}` };
  }
  return null;
}
