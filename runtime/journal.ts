// The run journal: `.stepwise/runs/<runId>.jsonl`, one JSON object a line, appended as the run
// goes. It is the run's history — `stepwise runs`, replay, resume and the runs view read it.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { StepwiseInputError } from "./errors";
import type { InngestEvent, ParallelismMode, RunStatus, SerializedError, StoredResult } from "./types";

/** The process that writes a journal: a run without an end whose writer is gone was interrupted. */
export interface JournalWriterProcess {
  pid: number;
  host: string;
}

export type JournalEntry =
  | { type: "run"; at: number; runId: string; functionId: string; functionSlug: string; event: InngestEvent; events?: InngestEvent[]; batchId?: string; parentRunId?: string; limits: Record<string, number>; replayOf?: string; source?: { program?: string; url?: string }; writer?: JournalWriterProcess }
  | { type: "resumed"; at: number; writer: JournalWriterProcess }
  /** `heldFrom`: the call was held at the gate (paused in the debugger) from then until `at`. */
  | { type: "call"; at: number; seq: number; kind: "discovery" | "step"; stepId: string; attempt: number; step?: string; heldFrom?: number }
  /** `requestStack`: how many stored results a discovery's request carried (the completions its new steps follow). */
  | { type: "answer"; at: number; seq: number; status: number; ms: number; mode?: ParallelismMode; bytes?: number; ops?: unknown[]; body?: unknown; requestStack?: number }
  /** A call that got no usable answer (unreachable, timed out, broke the protocol). */
  | { type: "call-failed"; at: number; seq: number; message: string; retriable: boolean }
  /** Attempt `attempt` of work item `stepId` is due at `dueAt`. */
  | { type: "retry"; at: number; stepId: string; attempt: number; dueAt: number }
  /** `lane` and `wave` as for `planned`: a step run inline in a discovery is never planned. */
  | { type: "stored"; at: number; hashedId: string; id: string; kind: string; result: StoredResult; attempts: number; startedAt?: number; lane?: number; wave?: number }
  /** `lane`: the timeline's branch; `wave`: the answer that reported it (StepRecord.wave). */
  | { type: "planned"; at: number; hashedId: string; id: string; kind: string; lane?: number; wave?: number; until?: number; wait?: PlannedWait; invoke?: PlannedInvoke }
  | { type: "edit"; at: number; hashedId: string; id: string; result: StoredResult }
  | { type: "note"; at: number; message: string }
  | { type: "interrupted"; at: number; reason: string }
  /** `defer()`: a function to run after this run ends (or its abort). */
  | { type: "deferred"; at: number; hashedId: string; id: string; fnSlug: string; aborted: boolean; input?: unknown }
  /** Flow control holds the run's next call, and why (a concurrency limit, a throttle). */
  | { type: "waiting"; at: number; reason: string }
  /** A realtime message the run published (data cut at 2,000 characters). */
  | { type: "published"; at: number; channel: string; topics: string[]; data: string }
  /** The SDK checkpointed steps it ran inline (PROTOCOL.md §8); their results follow as `stored`. */
  | { type: "checkpoint"; at: number; steps: string[] }
  | { type: "end"; at: number; status: RunStatus; output?: unknown; error?: SerializedError | null; stack: string[]; calls: { discovery: number; step: number; checkpoint?: number }; bytesSent: number };

/** A waitForEvent (or waitForSignal) as planned: what it waits for and until when. */
export interface PlannedWait {
  event?: string;
  signal?: string;
  /** A signal wait that takes the signal over from another run's wait (onConflict: "replace"). */
  replace?: boolean;
  if?: string;
  expiresAt: number;
}

export interface PlannedInvoke {
  functionId: string;
  childRunId?: string;
  timeoutAt?: number;
}

export const thisWriter = (): JournalWriterProcess => ({ pid: process.pid, host: os.hostname() });

/** The journal cannot be written (a read-only folder, a full disk): the run stops, what is written stays. */
export class JournalWriteError extends Error {
  override name = "JournalWriteError";
}

export class JournalWriter {
  private fd: number;
  readonly file: string;

  constructor(dir: string, runId: string) {
    this.file = path.join(dir, `${runId}.jsonl`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.fd = openSync(this.file, "a", 0o600);
    } catch (err) {
      throw new StepwiseInputError(`cannot write the run journal in ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) — pass a writable folder with --journal`);
    }
    // A writer killed mid-line left a torn last line: end it, so what follows starts a line of its own.
    if (!endsWithNewline(this.file)) this.write("\n");
  }

  append(entry: JournalEntry): void {
    if (this.fd < 0) return;
    this.write(JSON.stringify(entry) + "\n");
  }

  private write(text: string): void {
    try {
      // A nearly full disk takes part of a write without an error; the rest then fails.
      const bytes = Buffer.from(text);
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
    } catch (err) {
      this.close();
      const code = (err as NodeJS.ErrnoException).code;
      throw new JournalWriteError(`cannot write the run journal ${this.file} (${code === "ENOSPC" ? "the disk is full" : (code ?? (err as Error).message)})`);
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function endsWithNewline(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, "r");
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** A file in the journal folder that is not a readable journal; listed apart, never touched. */
export class JournalReadError extends Error {
  override name = "JournalReadError";
}

/**
 * Reads a journal. A torn line (a writer killed mid-write) is ignored where it is last, or where
 * the run was resumed right after it; a torn line anywhere else means the file was damaged.
 */
export function readJournal(file: string): JournalEntry[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const entries: JournalEntry[] = [];
  let torn: number | undefined;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      if (torn !== undefined) throw new JournalReadError(`${path.basename(file)}:${torn + 1}: this journal line is not JSON — the file was edited or damaged`);
      torn = i;
      return;
    }
    if (!entry || typeof entry !== "object" || typeof (entry as { type?: unknown }).type !== "string") {
      throw new JournalReadError(`${path.basename(file)}:${i + 1}: this line is not a journal entry (${line.slice(0, 40)}) — the file was edited or damaged`);
    }
    if (torn !== undefined) {
      if ((entry as JournalEntry).type !== "resumed") throw new JournalReadError(`${path.basename(file)}:${torn + 1}: this journal line is not JSON — the file was edited or damaged`);
      torn = undefined;
    }
    entries.push(entry as JournalEntry);
  });
  return entries;
}

/** A recorded run, summarised from its journal. */
export interface RecordedRun {
  runId: string;
  functionId: string;
  functionSlug: string;
  event: InngestEvent;
  events?: InngestEvent[];
  batchId?: string;
  status: RecordedStatus;
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
  /** The module (or URL) the run was hosted from: what replay and resume host again. */
  source?: { program?: string; url?: string };
  limits: Record<string, number>;
  /** Step calls and discoveries, when the run ended. */
  calls?: { discovery: number; step: number; checkpoint?: number };
  file: string;
  entries: JournalEntry[];
}

/** A run's status as its journal tells it: `interrupted` when its writer stopped before the end. */
export type RecordedStatus = RunStatus | "interrupted";

function checkStart(entry: JournalEntry | undefined, file: string): Extract<JournalEntry, { type: "run" }> {
  const start = entry as Partial<Extract<JournalEntry, { type: "run" }>> | undefined;
  const valid =
    start?.type === "run" &&
    typeof start.runId === "string" &&
    typeof start.functionId === "string" &&
    typeof start.at === "number" &&
    Number.isFinite(start.at) &&
    !!start.event &&
    typeof start.event === "object" &&
    typeof start.event.name === "string";
  if (!valid) throw new JournalReadError(`${path.basename(file)} does not start with a run entry (runId, functionId, at, event) — it is not a Stepwise journal, or it was damaged`);
  return start as Extract<JournalEntry, { type: "run" }>;
}

export function summarizeJournal(file: string, isAlive: (writer: JournalWriterProcess) => boolean = writerAlive): RecordedRun {
  const entries = readJournal(file);
  const start = checkStart(entries[0], file);
  let end: Extract<JournalEntry, { type: "end" }> | undefined;
  let status: RecordedStatus = "running";
  let writer = start.writer;
  for (const e of entries) {
    if (e.type === "end") {
      end = e;
      status = e.status;
    } else if (e.type === "interrupted") status = "interrupted";
    else if (e.type === "resumed") {
      end = undefined;
      status = "running";
      writer = e.writer;
    }
  }
  if (status === "running" && writer && !isAlive(writer)) status = "interrupted";
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
    functionSlug: start.functionSlug ?? start.functionId,
    event: start.event,
    events: start.events,
    batchId: start.batchId,
    status,
    startedAt: start.at,
    // A run without an end (the process died) ended, as far as anyone knows, at its last entry.
    endedAt: end?.at ?? (status === "running" ? undefined : last?.at),
    output: end?.output,
    error: end?.error ?? null,
    stackOrder: stored.map((s) => s.id),
    stored,
    parentRunId: start.parentRunId,
    replayOf: start.replayOf,
    source: start.source,
    limits: start.limits ?? {},
    calls: end?.calls,
    file,
    entries,
  };
}

/** Whether the process that wrote a journal still runs (on another machine: assume it does). */
export function writerAlive(writer: JournalWriterProcess): boolean {
  if (writer.host !== os.hostname()) return true;
  if (writer.pid === process.pid) return true;
  try {
    process.kill(writer.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface JournalListing {
  runs: RecordedRun[];
  /** Files that are not readable journals, each with one line saying why. */
  skipped: Array<{ file: string; reason: string }>;
}

/** Every recorded run in a journal folder, newest first. */
export function listRecordedRuns(dir: string): JournalListing {
  const listing: JournalListing = { runs: [], skipped: [] };
  if (!existsSync(dir)) return listing;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".jsonl")) continue;
    const file = path.join(dir, name);
    try {
      listing.runs.push(summarizeJournal(file));
    } catch (err) {
      listing.skipped.push({ file, reason: (err as Error).message });
    }
  }
  listing.runs.sort((a, b) => b.startedAt - a.startedAt);
  return listing;
}

/** A run by its ID or a unique prefix of it; a damaged journal for that ID is one clear line. */
export function findRecordedRun(dir: string, runId: string): RecordedRun | undefined {
  const file = path.join(dir, `${runId}.jsonl`);
  if (existsSync(file)) return readOrExplain(file);
  const matches = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".jsonl") && n.startsWith(runId)) : [];
  if (matches.length > 1) throw new StepwiseInputError(`run ID prefix "${runId}" matches ${matches.length} runs — give more of it`);
  return matches.length === 1 ? readOrExplain(path.join(dir, matches[0])) : undefined;
}

function readOrExplain(file: string): RecordedRun {
  try {
    return summarizeJournal(file);
  } catch (err) {
    if (err instanceof JournalReadError) throw new StepwiseInputError(`cannot read the journal ${file}: ${err.message}`);
    throw err;
  }
}
