// Exploration (docs/explore.md): every outcome a function can reach over the orders in which its
// parallel steps complete and, with faults, over a step failing once. The function runs once for
// real, recorded as usual; every schedule after that is driven from the recorded results through
// discoveries alone, so no step body runs again — except a step the recording lacks (a path the
// recorded run did not take), which runs once and is reused.
import path from "node:path";
import { DiscoveryCache, type ExploredRun } from "./explore-discoveries";
import { firstDifference } from "./explore-difference";
import { writeExampleJournal } from "./explore-journal";
import { groupByOutcome } from "./explore-outcomes";
import { ScheduleState, type FaultKind } from "./explore-schedule";
import { searchSchedules } from "./explore-search";
import { StepResults, type NewStep } from "./explore-step-results";
import { StepwiseInputError } from "./errors";
import { summarizeJournal, type RecordedRun } from "./journal";
import type { Orchestrator } from "./orchestrator";
import type { FunctionConfig, InngestEvent, ParallelismMode } from "./types";

export const DEFAULT_MAX_SCHEDULES = 500;

export interface ExploreOptions {
  /** Also let each step fail once (retried where it has retries left, final where it has none). */
  faults?: boolean;
  /** Stop after this many distinct schedules (default 500). */
  maxSchedules?: number;
  signal?: AbortSignal;
  /** The real run is over and recorded; exploring starts. */
  onRecorded?: (runId: string) => void;
  /** Called as schedules end, with how many have. */
  onSchedule?: (count: number) => void;
  /** Calls in flight at once (default 4): they overlap the orchestrator's work with the app's. */
  concurrency?: number;
}

export interface ExploreExample {
  runId: string;
  journal: string;
  /** User step IDs in the order they finished (the stack the SDK saw last). */
  order: string[];
  faults: Array<{ stepId: string; kind: FaultKind }>;
  /** The first position at which it differs from the recorded run: where the debugger stops. */
  position: number;
}

export interface ExploreOutcome {
  status: "completed" | "failed";
  output: unknown;
  error: { name: string; message: string } | null;
  /** How many schedules end this way. */
  schedules: number;
  /** The shortest of them, written as a journal. */
  example: ExploreExample;
}

export interface ExploreReport {
  function: string;
  recordedRunId: string;
  recordedJournal: string;
  mode: ParallelismMode;
  schedules: number;
  exhaustive: boolean;
  outcomes: ExploreOutcome[];
  /** Steps the recording lacked and what exploring did for them (ran once, slept, timed out). */
  newSteps: NewStep[];
  stats: {
    /** Discovery calls sent to the app. */
    discoveries: number;
    /** Discoveries answered from an earlier schedule's call. */
    answersReused: number;
    states: number;
    merged: number;
    /** Steps in the longest schedule. */
    maxSteps: number;
    ms: number;
  };
}

/** Runs `fn` once for real with `event`, then explores the recorded run. */
export async function explore(orchestrator: Orchestrator, fn: FunctionConfig, event: InngestEvent, options: ExploreOptions = {}): Promise<ExploreReport> {
  const run = orchestrator.startRun(fn, event);
  const snapshot = await orchestrator.settle(run);
  if (snapshot.status === "cancelled" || snapshot.status === "interrupted") {
    throw new StepwiseInputError(`the run to explore from (${run.id}) was ${snapshot.status}${snapshot.error?.message ? ` (${snapshot.error.message})` : ""} — explore needs a run that ends by itself`);
  }
  options.onRecorded?.(run.id);
  return exploreRecorded(orchestrator, fn, summarizeJournal(run.journal.file), options);
}

/** Explores the schedules of a recorded run of `fn`; example journals go beside it. */
export async function exploreRecorded(orchestrator: Orchestrator, fn: FunctionConfig, recorded: RecordedRun, options: ExploreOptions = {}): Promise<ExploreReport> {
  const started = performance.now();
  const run: ExploredRun = { runId: recorded.runId, event: recorded.event, events: recorded.events };
  const results = new StepResults(orchestrator, fn, run, recorded.stored);
  const discoveries = new DiscoveryCache((...call) => orchestrator.send(...call), fn, run, results.get);
  const position = new Map(recorded.stored.map((s, i) => [s.hashedId, i]));
  const root = new ScheduleState({ maxAttempts: fn.maxAttempts, limits: orchestrator.limits, faults: options.faults ? 1 : 0 });
  const found = await searchSchedules(root, discoveries, results, {
    maxSchedules: options.maxSchedules ?? DEFAULT_MAX_SCHEDULES,
    rank: (hashedId) => position.get(hashedId) ?? recorded.stored.length,
    signal: options.signal,
    onSchedule: options.onSchedule,
    concurrency: options.concurrency ?? 4,
  });
  const dir = path.dirname(recorded.file);
  const outcomes = groupByOutcome(found.schedules).map((group): ExploreOutcome => {
    const example = group.example;
    const written = writeExampleJournal(dir, recorded, example, results.get);
    const stored = example.stack.map((hashedId) => ({ hashedId, result: example.resultOf(hashedId, results.get) }));
    return {
      status: group.status,
      output: group.output,
      error: group.error,
      schedules: group.schedules.length,
      example: {
        ...written,
        order: example.stack.map((h) => example.steps.get(h)?.id ?? h),
        faults: example.faults.map((f) => ({ stepId: f.stepId, kind: f.kind })),
        position: firstDifference(recorded.stored, stored, example.faults),
      },
    };
  });
  return {
    function: fn.slug,
    recordedRunId: recorded.runId,
    recordedJournal: recorded.file,
    mode: found.schedules.find((s) => s.fanIn.mode)?.fanIn.mode ?? "optimized",
    schedules: found.schedules.length,
    exhaustive: found.exhaustive,
    outcomes,
    newSteps: results.newSteps,
    stats: {
      discoveries: discoveries.calls,
      answersReused: discoveries.reused,
      states: found.stats.states,
      merged: found.stats.merged,
      maxSteps: Math.max(0, ...found.schedules.map((s) => s.stack.length)),
      ms: performance.now() - started,
    },
  };
}
