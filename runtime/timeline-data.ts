// What the timeline draws for a run: one lane per parallel branch, a bar per step with its
// attempts and outcome. Built from a live run or a recorded journal alike.
import { readJournal, type JournalEntry } from "./journal";
import { storedError } from "./stored-result";
import { publishedText } from "./run";
import type { CallsByKind, RunMark, RunSnapshot } from "./types";
import { runErrorText } from "./outcome-text";

export interface TimelineBar {
  id: string;
  hashedId: string;
  lane: number;
  kind: string;
  status: string;
  attempts: number;
  /** Milliseconds from the run's start. */
  start: number;
  end: number | null;
  error?: string;
}

export interface TimelineRun {
  runId: string;
  function: string;
  status: string;
  mode: string | null;
  startedAt: number;
  endedAt: number | null;
  calls: CallsByKind;
  lanes: number;
  bars: TimelineBar[];
  /** Waits, published messages and notes, at ms since the run started. */
  marks: Array<{ at: number; kind: RunMark["kind"]; text: string }>;
  output?: unknown;
  error?: string;
}

export function timelineFromSnapshot(run: RunSnapshot, laneOf: Map<string, number>): TimelineRun {
  const bars = run.steps.map((s) => ({
    id: s.id,
    hashedId: s.hashedId,
    lane: laneOf.get(s.hashedId) ?? 0,
    kind: s.kind,
    status: s.status,
    attempts: s.attempts,
    start: (s.startedAt ?? run.startedAt) - run.startedAt,
    end: s.endedAt !== undefined ? s.endedAt - run.startedAt : null,
    ...(s.error ? { error: `${s.error.name}: ${s.error.message}` } : {}),
  }));
  return {
    runId: run.runId,
    function: run.functionSlug,
    status: run.status,
    mode: run.mode,
    startedAt: run.startedAt,
    endedAt: run.endedAt ?? null,
    calls: run.calls,
    lanes: Math.max(1, ...bars.map((b) => b.lane + 1)),
    bars,
    marks: run.marks.map((m) => ({ ...m, at: m.at - run.startedAt })),
    output: run.output,
    ...(run.error ? { error: runErrorText(run.error) } : {}),
  };
}

/** The same picture from a journal (lanes as recorded when each step was planned). */
export function timelineFromJournal(file: string): TimelineRun | undefined {
  const entries = readJournal(file);
  const start = entries.find((e): e is Extract<JournalEntry, { type: "run" }> => e.type === "run");
  if (!start) return undefined;
  const bars = new Map<string, TimelineBar>();
  const calls: CallsByKind = { discovery: 0, step: 0, checkpoint: 0 };
  const marks: TimelineRun["marks"] = [];
  let end: Extract<JournalEntry, { type: "end" }> | undefined;
  let lastLane = 0;
  const bar = (hashedId: string, id: string, kind: string, at: number, lane: number) => {
    let b = bars.get(hashedId);
    if (!b) {
      b = { id, hashedId, lane, kind, status: "planned", attempts: 0, start: at - start.at, end: null };
      bars.set(hashedId, b);
    }
    return b;
  };
  for (const e of entries) {
    if (e.type === "planned") bar(e.hashedId, e.id, e.kind, e.at, e.lane ?? 0);
    if (e.type === "checkpoint") calls.checkpoint++;
    if (e.type === "waiting") marks.push({ at: e.at - start.at, kind: "waiting", text: e.reason });
    if (e.type === "note") marks.push({ at: e.at - start.at, kind: "note", text: e.message });
    if (e.type === "published") marks.push({ at: e.at - start.at, kind: "published", text: publishedText(e.channel, e.topics, e.data) });
    if (e.type === "call") {
      calls[e.kind]++;
      const b = bars.get(e.stepId);
      if (b) {
        b.attempts = e.attempt + 1;
        b.status = "running";
      }
    }
    if (e.type === "stored") {
      // A step that ran inline in a discovery was never planned: it continues the last branch.
      const b = bar(e.hashedId, e.id, e.kind, e.startedAt ?? e.at, lastLane);
      lastLane = b.lane;
      b.start = Math.min(b.start, (e.startedAt ?? e.at) - start.at);
      b.end = e.at - start.at;
      b.attempts = Math.max(b.attempts, e.attempts);
      const error = storedError(e.result);
      b.status = error ? "failed" : "completed";
      if (error) b.error = `${error.name}: ${error.message}`;
    }
    if (e.type === "end") end = e;
  }
  const list = [...bars.values()];
  return {
    runId: start.runId,
    function: start.functionSlug,
    status: end?.status ?? "running",
    mode: [...entries].reverse().find((e): e is Extract<JournalEntry, { type: "answer" }> => e.type === "answer" && !!e.mode)?.mode ?? null,
    startedAt: start.at,
    endedAt: end?.at ?? null,
    calls,
    lanes: Math.max(1, ...list.map((b) => b.lane + 1)),
    bars: list,
    marks,
    output: end?.output,
    ...(end?.error ? { error: runErrorText(end.error) } : {}),
  };
}
