// What the Variables view shows for a thread: the Step, the Memoized state (in stack order, as
// the code sees it), the Event and the Run — for a live run or a replay position. Plain objects;
// the session turns them into DAP variables.
import { stateUsage } from "../runtime/limits";
import type { Run } from "../runtime/run";
import { storedError, storedOutput } from "../runtime/stored-result";
import type { Call, StepRecord, StoredResult } from "../runtime/types";
import type { ReplayDebugger } from "./replay-debugger";

/** What one thread looks at: a live run (and the step or call it holds), or a replay. */
export type ThreadSubject =
  | { kind: "live"; run: Run; step?: StepRecord; held?: Call; planEveryStep: boolean }
  | { kind: "replay"; replay: ReplayDebugger }
  | { kind: "none" };

export interface MemoizedResult {
  hashedId: string;
  id: string;
  /** What the code sees: the data, or the error a failed step throws. */
  value: unknown;
  stored: StoredResult;
}

/** What the code sees for a stored result: its data, or the error a failed step throws. */
export function outputOf(stored: unknown): unknown {
  return storedError(stored) ?? storedOutput(stored);
}

export function memoizedOf(subject: ThreadSubject): MemoizedResult[] {
  if (subject.kind === "replay") return subject.replay.memoized.map((s) => ({ hashedId: s.hashedId, id: s.id, value: outputOf(s.result), stored: s.result }));
  if (subject.kind !== "live") return [];
  const { run } = subject;
  return run.stack.map((hashedId) => ({ hashedId, id: run.steps.get(hashedId)?.id ?? hashedId, value: outputOf(run.stored.get(hashedId)), stored: run.stored.get(hashedId) }));
}

/** The Step scope: the step a thread runs, the discovery (or checkpoint) held on a run's thread, or the replay position. */
export function stepView(subject: ThreadSubject): Record<string, unknown> | undefined {
  if (subject.kind === "replay") {
    const { replay } = subject;
    const at = replay.at;
    const next = replay.nextRecorded;
    return {
      position: `${at.position} of ${replay.length}`,
      nextRecordedStep: next ? next.id : "(end of the recording)",
      ...(next ? { recordedOutput: outputOf(next.result) } : {}),
      codeAsksFor: at.reported.map((r) => `${r.id} (${r.op})`),
      ...(at.divergence ? { divergence: at.divergence.message } : {}),
      ...(at.outcome ? { outcome: at.outcome } : {}),
    };
  }
  if (subject.kind !== "live") return undefined;
  const { step, held } = subject;
  if (!step) {
    if (!held) return undefined;
    if (held.checkpointed) return { checkpointed: held.checkpointed, runs: "the SDK goes on with the function's code when you continue" };
    return { call: "discovery", seq: held.seq, attempt: held.attempt + 1, runs: "the function's code up to its next new steps (memoized steps are not run again)" };
  }
  const view: Record<string, unknown> = {
    id: step.id,
    hashedId: step.hashedId,
    kind: step.kind,
    attempt: Math.max(step.attempts, (held?.attempt ?? -1) + 1),
    maxAttempts: subject.run.fn.maxAttempts,
    status: step.status,
  };
  if (step.output !== undefined) view.output = step.output;
  if (step.error) view.error = step.error;
  if (step.startedAt) view.startedAt = new Date(step.startedAt).toISOString();
  if (step.endedAt) view.endedAt = new Date(step.endedAt).toISOString();
  if (step.endedAt && step.startedAt) view.durationMs = step.endedAt - step.startedAt;
  return view;
}

export function runView(subject: ThreadSubject): Record<string, unknown> {
  if (subject.kind === "replay") {
    const r = subject.replay.recorded;
    return { runId: r.runId, function: r.functionSlug, mode: "replay (no step body runs)", recordedStatus: r.status, recordedResults: r.stored.length, position: subject.replay.at.position, journal: r.file };
  }
  if (subject.kind !== "live") return {};
  const { run } = subject;
  return {
    runId: run.id,
    function: run.fn.slug,
    status: run.status,
    parallelism: run.mode ?? "not known yet (the first answer tells)",
    calls: { discovery: run.calls.discovery, step: run.calls.step, total: run.calls.discovery + run.calls.step, checkpoint: run.calls.checkpoint },
    state: stateUsage(run.stateBytes, run.limits),
    steps: `${run.steps.size} of ${run.limits.maxSteps}`,
    ...(run.waitingFor ? { waiting: run.waitingFor } : {}),
    ...(run.error ? { error: run.error } : {}),
    ...(run.status === "completed" ? { output: run.output } : {}),
    ...(subject.planEveryStep ? { note: "step breakpoints or stepping: every step is planned before it runs (2 calls a step)" } : {}),
    ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
    journal: run.journal.file,
  };
}

export function eventView(subject: ThreadSubject): unknown {
  if (subject.kind === "replay") return subject.replay.recorded.event;
  return subject.kind === "live" ? subject.run.event : undefined;
}

/** What evaluate and the variables' paths start from: `state`, `event`, `step`, `run`. */
export function rootsOf(subject: ThreadSubject): Record<string, unknown> {
  return {
    state: Object.fromEntries(memoizedOf(subject).map((m) => [m.id, m.value])),
    event: eventView(subject),
    step: stepView(subject),
    run: runView(subject),
  };
}
