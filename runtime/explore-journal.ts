// An explored schedule written as a run journal (journal.ts's entries): the stored results in the
// schedule's stack order and its end, so that `stepwise replay` and the debugger replay it as they
// replay any recorded run. `replayOf` names the recorded run it was explored from.
import { JournalWriter, thisWriter, type RecordedRun } from "./journal";
import type { ScheduleState } from "./explore-schedule";
import type { StoredResult } from "./types";
import { ulid } from "./ulid";

export interface WrittenExample {
  runId: string;
  journal: string;
}

export function writeExampleJournal(dir: string, recorded: RecordedRun, schedule: ScheduleState, ownResult: (hashedId: string) => StoredResult): WrittenExample {
  const runId = ulid();
  const writer = new JournalWriter(dir, runId);
  try {
    const at = Date.now();
    const idOf = (hashedId: string) => schedule.steps.get(hashedId)?.id ?? hashedId;
    writer.append({ type: "run", at, runId, functionId: recorded.functionId, functionSlug: recorded.functionSlug, event: recorded.event, ...(recorded.events ? { events: recorded.events } : {}), limits: recorded.limits, replayOf: recorded.runId, source: recorded.source, writer: thisWriter() });
    writer.append({ type: "note", at, message: `explored from run ${recorded.runId} (no step body ran): steps finished in the order ${schedule.stack.map(idOf).join(", ") || "(none)"}` });
    for (const fault of schedule.faults) {
      const what = fault.kind === "failed" ? "failed for good (no retries left): the code got a StepError" : "failed once and its retry brought its recorded result";
      writer.append({ type: "note", at, message: `step "${fault.stepId}" ${what} — a failure injected by stepwise explore` });
    }
    for (const hashedId of schedule.stack) {
      const step = schedule.steps.get(hashedId);
      const retried = schedule.faults.some((f) => f.hashedId === hashedId && f.kind === "retried");
      writer.append({ type: "stored", at, hashedId, id: idOf(hashedId), kind: step?.kind ?? "run", result: schedule.resultOf(hashedId, ownResult), attempts: retried ? 2 : 1 });
    }
    const end = schedule.end!;
    writer.append({
      type: "end",
      at,
      status: end.status,
      output: end.status === "completed" ? end.output : undefined,
      error: end.status === "failed" ? end.error : null,
      stack: schedule.stack.map(idOf),
      calls: { discovery: schedule.discoveries, step: 0 },
      bytesSent: 0,
    });
  } finally {
    writer.close();
  }
  return { runId, journal: writer.file };
}
