// What the timeline draws for a run: one lane per parallel branch, a bar per step with its
// attempts, its outcome and the time its calls were held in the debugger. Built from a live run
// or a recorded journal alike. Times count from the run's first call, so the time before it (an
// app host starting, a stop on entry, flow control) does not squeeze the steps.
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
  /** StepRecord.wave: the answer that reported the step. */
  wave: number;
  /** Milliseconds from the run's first call (`TimelineRun.origin`). */
  start: number;
  end: number | null;
  /** When its calls were held at the gate (paused in the debugger), in ms from the first call; `to` null: still held. */
  held: Array<{ from: number; to: number | null }>;
  error?: string;
}

export interface TimelineRun {
  runId: string;
  function: string;
  status: string;
  mode: string | null;
  startedAt: number;
  /** Epoch ms of the first call (the run's start before it has one): where the axis starts. */
  origin: number;
  endedAt: number | null;
  calls: CallsByKind;
  lanes: number;
  bars: TimelineBar[];
  /** Waits, published messages and notes, at ms from the first call (negative: before it). */
  marks: Array<{ at: number; kind: RunMark["kind"]; text: string }>;
  output?: unknown;
  error?: string;
}

export function timelineFromSnapshot(run: RunSnapshot, laneOf: Map<string, number>): TimelineRun {
  const origin = run.firstCallAt ?? run.startedAt;
  const bars = run.steps.map((s): TimelineBar => {
    const held = (s.held ?? []).map((h) => ({ from: h.from - origin, to: h.to !== undefined ? h.to - origin : null }));
    // A step waiting for the user began when its call was first held.
    const start = Math.min(s.startedAt ?? Infinity, s.held?.[0]?.from ?? Infinity);
    return {
      id: s.id,
      hashedId: s.hashedId,
      lane: laneOf.get(s.hashedId) ?? 0,
      kind: s.kind,
      status: s.status,
      attempts: s.attempts,
      wave: s.wave,
      start: (Number.isFinite(start) ? start : origin) - origin,
      end: s.endedAt !== undefined ? s.endedAt - origin : null,
      held,
      ...(s.error ? { error: `${s.error.name}: ${s.error.message}` } : {}),
    };
  });
  return {
    runId: run.runId,
    function: run.functionSlug,
    status: run.status,
    mode: run.mode,
    startedAt: run.startedAt,
    origin,
    endedAt: run.endedAt ?? null,
    calls: run.calls,
    lanes: Math.max(1, ...bars.map((b) => b.lane + 1)),
    bars,
    marks: run.marks.map((m) => ({ ...m, at: m.at - origin })),
    output: run.output,
    ...(run.error ? { error: runErrorText(run.error) } : {}),
  };
}

/** The same picture from a journal (lanes and waves as recorded when each step was planned or stored). */
export function timelineFromJournal(file: string): TimelineRun | undefined {
  const entries = readJournal(file);
  const start = entries.find((e): e is Extract<JournalEntry, { type: "run" }> => e.type === "run");
  if (!start) return undefined;
  const origin = entries.find((e) => e.type === "call")?.at ?? start.at;
  const bars = new Map<string, TimelineBar>();
  const calls: CallsByKind = { discovery: 0, step: 0, checkpoint: 0 };
  const marks: TimelineRun["marks"] = [];
  let end: Extract<JournalEntry, { type: "end" }> | undefined;
  let lastLane = 0;
  // A journal written before waves were recorded: the steps first seen after one answer share one.
  let derivedWave = -1;
  let answered = false;
  const bar = (hashedId: string, id: string, kind: string, at: number, lane: number, wave: number | undefined) => {
    let b = bars.get(hashedId);
    if (!b) {
      if (wave === undefined && answered) derivedWave++;
      answered = false;
      b = { id, hashedId, lane, kind, status: "planned", attempts: 0, wave: wave ?? derivedWave, start: at - origin, end: null, held: [] };
      bars.set(hashedId, b);
    }
    return b;
  };
  for (const e of entries) {
    if (e.type === "planned") bar(e.hashedId, e.id, e.kind, e.at, e.lane ?? 0, e.wave);
    if (e.type === "answer") answered = true;
    if (e.type === "checkpoint") calls.checkpoint++;
    if (e.type === "waiting") marks.push({ at: e.at - origin, kind: "waiting", text: e.reason });
    if (e.type === "note") marks.push({ at: e.at - origin, kind: "note", text: e.message });
    if (e.type === "published") marks.push({ at: e.at - origin, kind: "published", text: publishedText(e.channel, e.topics, e.data) });
    if (e.type === "call") {
      calls[e.kind]++;
      const b = bars.get(e.stepId);
      if (b) {
        b.attempts = e.attempt + 1;
        b.status = "running";
        if (e.heldFrom !== undefined) {
          b.held.push({ from: e.heldFrom - origin, to: e.at - origin });
          b.start = Math.min(b.start, e.heldFrom - origin);
        }
      }
    }
    if (e.type === "stored") {
      // A step run inline in a discovery was never planned: its lane is on its result (older journals: the last branch's).
      const b = bar(e.hashedId, e.id, e.kind, e.startedAt ?? e.at, e.lane ?? lastLane, e.wave);
      lastLane = b.lane;
      b.start = Math.min(b.start, (e.startedAt ?? e.at) - origin);
      b.end = e.at - origin;
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
    origin,
    endedAt: end?.at ?? null,
    calls,
    lanes: Math.max(1, ...list.map((b) => b.lane + 1)),
    bars: list,
    marks,
    output: end?.output,
    ...(end?.error ? { error: runErrorText(end.error) } : {}),
  };
}
