// The search over schedules (docs/explore.md): best-first by delays — how far a schedule strays
// from the recorded order — so that under a cap the schedules nearest the recording, and the one
// that differs in a single choice from it, come first. Two schedules that reach the same state
// (the same stack, steps in flight, discoveries due, fan-in and faults) have the same futures, so
// a state is expanded once: that, and asking each distinct discovery once, is all the pruning.
import type { DiscoveryCache } from "./explore-discoveries";
import type { Choice, ScheduleState } from "./explore-schedule";
import type { StepResults } from "./explore-step-results";

export interface SearchOptions {
  /** Stop once this many distinct schedules have ended. */
  maxSchedules: number;
  /** Where the search prefers a step to finish: its position in the recorded stack. */
  rank: (hashedId: string) => number;
  signal?: AbortSignal;
  /** Called as schedules end, with how many have. */
  onSchedule?: (count: number) => void;
  /** Choices applied at once (their calls overlap); default 1. */
  concurrency?: number;
}

export interface SearchStats {
  /** Distinct states expanded. */
  states: number;
  /** Times a schedule reached a state another one had already expanded (its futures were not walked again). */
  merged: number;
}

export interface SearchResult {
  /** Every distinct schedule that ended, in the order found (fewest delays first). */
  schedules: ScheduleState[];
  /** False when the cap (or a cancellation) stopped the search with schedules left to explore. */
  exhaustive: boolean;
  stats: SearchStats;
}

/** The next choice to try from an expanded state; its siblings follow one at a time, each when its turn comes. */
interface Pending {
  from: ScheduleState;
  choices: Array<{ choice: Choice; cost: number }>;
  index: number;
}

export async function searchSchedules(root: ScheduleState, discoveries: DiscoveryCache, results: StepResults, options: SearchOptions): Promise<SearchResult> {
  // A bucket queue: buckets[d] holds what costs d delays; each is worked last-in first-out, which
  // walks one schedule to its end before starting the next and keeps the frontier small.
  const buckets: Pending[][] = [];
  const seen = new Set<string>();
  const ended = new Map<string, ScheduleState>();
  const stats: SearchStats = { states: 0, merged: 0 };
  const push = (item: Pending) => (buckets[item.from.delays + item.choices[item.index].cost] ??= []).push(item);
  /** A state reached: merged into one already expanded, ended, or its first choice queued. */
  const reached = (state: ScheduleState) => {
    const key = state.key(discoveries.index);
    if (seen.has(key)) {
      stats.merged++;
      return;
    }
    seen.add(key);
    stats.states++;
    const choices = state.choices(options.rank);
    if (choices.length > 0) return push({ from: state, choices, index: 0 });
    state.finish({ status: "failed", error: { name: "StepwiseExploreError", message: "the run stopped with no step in flight and no discovery due" } });
    const scheduleKey = state.scheduleKey(discoveries.index);
    if (ended.has(scheduleKey)) return;
    ended.set(scheduleKey, state);
    options.onSchedule?.(ended.size);
  };
  const stopped = () => ended.size >= options.maxSchedules || options.signal?.aborted === true;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  let cut = false;
  reached(root);
  for (let d = 0; d < buckets.length; d++) {
    const bucket = buckets[d] ?? [];
    while (bucket.length > 0) {
      if (stopped()) return { schedules: [...ended.values()], exhaustive: false, stats };
      // Several pending choices at once, so calls overlap; their states are then taken in the
      // order they were popped, which keeps the search the same from one run to the next.
      const batch = bucket.splice(Math.max(0, bucket.length - concurrency)).reverse();
      for (const item of batch) if (item.index + 1 < item.choices.length) push({ ...item, index: item.index + 1 });
      const states = await Promise.all(batch.map(({ from, choices, index }) => apply(from.clone(), choices[index], discoveries, results)));
      for (const state of states) {
        if (stopped()) cut = true;
        else reached(state);
      }
    }
  }
  return { schedules: [...ended.values()], exhaustive: !cut && !options.signal?.aborted, stats };
}

async function apply(state: ScheduleState, { choice, cost }: { choice: Choice; cost: number }, discoveries: DiscoveryCache, results: StepResults): Promise<ScheduleState> {
  state.delays += cost;
  switch (choice.kind) {
    case "discover":
      state.discovered(choice.attempt, await discoveries.ask(state, choice.attempt));
      break;
    case "complete": {
      const outcome = await results.of(state.steps.get(choice.hashedId)!, state);
      if ("runFailed" in outcome) state.finish({ status: "failed", error: outcome.runFailed });
      else state.completed(choice.hashedId, outcome.result);
      break;
    }
    case "fail":
      state.failed(choice.hashedId);
      break;
  }
  return state;
}
