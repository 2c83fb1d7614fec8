// Schedules grouped by what the function did in the end: its status and its output, or its
// error's name and message. Each group keeps its shortest schedule as the example: the fewest
// steps, then the fewest injected failures, then the nearest to the recorded order.
import type { ScheduleEnd, ScheduleState } from "./explore-schedule";

export interface OutcomeGroup {
  status: ScheduleEnd["status"];
  output: unknown;
  error: { name: string; message: string } | null;
  schedules: ScheduleState[];
  example: ScheduleState;
}

/** Groups in the order their first schedule was found: the recorded run's outcome first. */
export function groupByOutcome(schedules: ScheduleState[]): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();
  for (const schedule of schedules) {
    const end = schedule.end!;
    const output = end.status === "completed" ? (end.output ?? null) : null;
    const error = end.status === "failed" ? { name: end.error.name, message: end.error.message } : null;
    const key = `${end.status}|${stableJson(output)}|${stableJson(error)}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { status: end.status, output, error, schedules: [schedule], example: schedule });
    else {
      group.schedules.push(schedule);
      if (shorter(schedule, group.example)) group.example = schedule;
    }
  }
  return [...groups.values()];
}

function shorter(a: ScheduleState, b: ScheduleState): boolean {
  if (a.stack.length !== b.stack.length) return a.stack.length < b.stack.length;
  if (a.faults.length !== b.faults.length) return a.faults.length < b.faults.length;
  return a.delays < b.delays;
}

/** JSON with object keys sorted: two outputs that are equal give the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  ) ?? "undefined";
}
