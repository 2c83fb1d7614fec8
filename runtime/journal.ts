// The run journal: `.stepwise/runs/<runId>.jsonl`, one JSON object a line, appended as the run
// goes. It is the run's history — `stepwise runs`, replay and the runs view read it.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import type { InngestEvent, ParallelismMode, RunStatus, SerializedError, StoredResult } from "./types";

export type JournalEntry =
  | { type: "run"; at: number; runId: string; functionId: string; functionSlug: string; event: InngestEvent; parentRunId?: string; limits: Record<string, number>; replayOf?: string; source?: { program?: string; url?: string } }
  | { type: "call"; at: number; seq: number; kind: "discovery" | "step"; stepId: string; attempt: number; step?: string }
  | { type: "answer"; at: number; seq: number; status: number; ms: number; mode?: ParallelismMode; ops?: unknown[]; body?: unknown }
  | { type: "stored"; at: number; hashedId: string; id: string; kind: string; result: StoredResult; attempts: number; startedAt?: number }
  | { type: "planned"; at: number; hashedId: string; id: string; kind: string; lane?: number }
  | { type: "edit"; at: number; hashedId: string; id: string; result: StoredResult }
  | { type: "note"; at: number; message: string }
  | { type: "end"; at: number; status: RunStatus; output?: unknown; error?: SerializedError | null; stack: string[]; calls: { discovery: number; step: number }; bytesSent: number };

export function defaultJournalDir(cwd = process.cwd()): string {
  return path.join(cwd, ".stepwise", "runs");
}

export class JournalWriter {
  private fd: number;
  readonly file: string;

  constructor(dir: string, runId: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, `${runId}.jsonl`);
    this.fd = openSync(this.file, "a", 0o600);
  }

  append(entry: JournalEntry): void {
    if (this.fd < 0) return;
    writeSync(this.fd, JSON.stringify(entry) + "\n");
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Reads a journal; a torn (unparseable) last line is ignored, a torn line elsewhere is an error. */
export function readJournal(file: string): JournalEntry[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const entries: JournalEntry[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      const isLast = lines.slice(i + 1).every((l) => !l.trim());
      if (!isLast) throw new Error(`${file}:${i + 1}: this journal line is not JSON — the file was edited or damaged`);
    }
  });
  return entries;
}

/** A recorded run, summarised from its journal. */
export interface RecordedRun {
  runId: string;
  functionId: string;
  functionSlug: string;
  event: InngestEvent;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  output?: unknown;
  error?: SerializedError | null;
  /** User step IDs in completion order. */
  stackOrder: string[];
  /** Stored results in completion order (edits applied). */
  stored: Array<{ hashedId: string; id: string; kind: string; result: StoredResult }>;
  parentRunId?: string;
  replayOf?: string;
  /** The module (or URL) the run was hosted from: what replay hosts again. */
  source?: { program?: string; url?: string };
  /** Step calls, discoveries and bytes sent, when the run ended. */
  calls?: { discovery: number; step: number };
  file: string;
}

export function summarizeJournal(file: string): RecordedRun | undefined {
  const entries = readJournal(file);
  const start = entries.find((e) => e.type === "run");
  if (!start || start.type !== "run") return undefined;
  const end = entries.find((e) => e.type === "end") as Extract<JournalEntry, { type: "end" }> | undefined;
  const stored: RecordedRun["stored"] = [];
  for (const e of entries) {
    if (e.type === "stored") stored.push({ hashedId: e.hashedId, id: e.id, kind: e.kind, result: e.result });
    if (e.type === "edit") {
      const target = stored.find((s) => s.hashedId === e.hashedId);
      if (target) target.result = e.result;
    }
  }
  const last = entries[entries.length - 1];
  return {
    runId: start.runId,
    functionId: start.functionId,
    functionSlug: start.functionSlug,
    event: start.event,
    status: end?.status ?? "running",
    startedAt: start.at,
    // A run without an end (the process died) ended, as far as anyone knows, at its last entry.
    endedAt: end?.at ?? last?.at,
    output: end?.output,
    error: end?.error ?? null,
    stackOrder: stored.map((s) => s.id),
    stored,
    parentRunId: start.parentRunId,
    replayOf: start.replayOf,
    source: start.source,
    calls: end?.calls,
    file,
  };
}

/** Every recorded run in a journal folder, newest first. */
export function listRecordedRuns(dir: string): RecordedRun[] {
  if (!existsSync(dir)) return [];
  const runs: RecordedRun[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".jsonl")) continue;
    try {
      const run = summarizeJournal(path.join(dir, name));
      if (run) runs.push(run);
    } catch {
      // A damaged journal is listed by nobody but stays on disk untouched.
    }
  }
  return runs.sort((a, b) => b.startedAt - a.startedAt);
}

export function findRecordedRun(dir: string, runId: string): RecordedRun | undefined {
  const file = path.join(dir, `${runId}.jsonl`);
  if (existsSync(file)) return summarizeJournal(file);
  return listRecordedRuns(dir).find((r) => r.runId.startsWith(runId));
}
