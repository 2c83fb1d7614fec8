// The timeline's lanes follow the code's branches: a step goes in the lane of the branch whose
// completion revealed it, whichever branch the user let run first. Each case runs a real function
// through a gate that holds every step call, lets the steps go in the order given (as a user
// continuing one thread at a time does), and compares the lanes and waves of the live run and of
// its journal with the exact values expected.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { readJournal, summarizeJournal } from "../runtime/journal";
import type { Orchestrator } from "../runtime/orchestrator";
import type { Run } from "../runtime/run";
import { timelineFromJournal, timelineFromSnapshot } from "../runtime/timeline-data";
import type { InngestEvent, RunSnapshot } from "../runtime/types";
import { resumeStateOf } from "../runtime/resume-state";
import { startApp, tempDir } from "./support/runtime-harness";
import { StepGate, runInOrder } from "./support/step-gate";

interface LaneCase {
  name: string;
  fn: string;
  /** The order the test lets held step calls go (steps run inline are never held). */
  order: string[];
  lanes: Record<string, number>;
  waves: Record<string, number>;
}

const FAST_SLOW: LaneCase[] = [
  {
    name: "optimized, fast branch first",
    fn: "fast-slow-optimized",
    order: ["fast.1", "slow.1", "fast.2", "slow.2"],
    lanes: { "fast.1": 0, "fast.2": 0, "slow.1": 1, "slow.2": 1 },
    waves: { "fast.1": 0, "slow.1": 0, "fast.2": 1, "slow.2": 1 },
  },
  {
    name: "optimized, slow branch first",
    fn: "fast-slow-optimized",
    order: ["slow.1", "fast.1", "slow.2", "fast.2"],
    lanes: { "fast.1": 0, "fast.2": 0, "slow.1": 1, "slow.2": 1 },
    waves: { "fast.1": 0, "slow.1": 0, "fast.2": 1, "slow.2": 1 },
  },
  {
    name: "V1, fast branch to its end first",
    fn: "fast-slow-v1",
    order: ["fast.1", "fast.2", "slow.1", "slow.2"],
    lanes: { "fast.1": 0, "fast.2": 0, "slow.1": 1, "slow.2": 1 },
    waves: { "fast.1": 0, "slow.1": 0, "fast.2": 1, "slow.2": 2 },
  },
  {
    name: "V1, slow branch to its end first",
    fn: "fast-slow-v1",
    order: ["slow.1", "slow.2", "fast.1", "fast.2"],
    lanes: { "fast.1": 0, "fast.2": 0, "slow.1": 1, "slow.2": 1 },
    waves: { "fast.1": 0, "slow.1": 0, "slow.2": 1, "fast.2": 2 },
  },
  {
    name: "V1, branches interleaved slow first",
    fn: "fast-slow-v1",
    order: ["slow.1", "fast.1", "fast.2", "slow.2"],
    lanes: { "fast.1": 0, "fast.2": 0, "slow.1": 1, "slow.2": 1 },
    waves: { "fast.1": 0, "slow.1": 0, "slow.2": 1, "fast.2": 2 },
  },
];

const THREE = { "a.1": 0, "a.2": 0, "b.1": 1, "b.2": 1, "c.1": 2, "c.2": 2 };

const BRANCHES: LaneCase[] = [
  {
    name: "three branches, optimized, last branch first",
    fn: "three-branches",
    order: ["c.1", "a.1", "b.1", "b.2", "c.2", "a.2"],
    lanes: THREE,
    waves: { "a.1": 0, "b.1": 0, "c.1": 0, "a.2": 1, "b.2": 1, "c.2": 1 },
  },
  {
    name: "three branches, optimized, middle branch first",
    fn: "three-branches",
    order: ["b.1", "c.1", "a.1", "a.2", "c.2", "b.2"],
    lanes: THREE,
    waves: { "a.1": 0, "b.1": 0, "c.1": 0, "a.2": 1, "b.2": 1, "c.2": 1 },
  },
  {
    name: "three branches, V1, the last branch to its end, then the middle one",
    fn: "three-branches-v1",
    order: ["c.1", "c.2", "b.1", "a.1", "a.2", "b.2"],
    lanes: THREE,
    waves: { "a.1": 0, "b.1": 0, "c.1": 0, "c.2": 1, "b.2": 2, "a.2": 3 },
  },
  {
    // Optimized mode asks the SDK only after both (PROTOCOL.md §6.4); its answer does not say
    // which completion revealed the step after the race: it takes the lowest free lane.
    name: "Promise.race, optimized, the second member first: the step after it runs inline in the lowest free lane",
    fn: "race-then-step",
    order: ["r-slow", "r-fast"],
    lanes: { "r-fast": 0, "r-slow": 1, "after-race": 0 },
    waves: { "r-fast": 0, "r-slow": 0, "after-race": 1 },
  },
  {
    name: "Promise.race, V1, the second member first: the step after it continues the winner's lane",
    fn: "race-then-step-v1",
    order: ["r-slow", "after-race", "r-fast"],
    lanes: { "r-fast": 0, "r-slow": 1, "after-race": 1 },
    waves: { "r-fast": 0, "r-slow": 0, "after-race": 1 },
  },
  {
    // Optimized mode asks once all three finished; the step after the join takes the lowest free lane.
    name: "a step after Promise.all, optimized: the lowest free lane, whichever branch finished last",
    fn: "fan-in-then-step",
    order: ["z.1", "y.1", "x.1"],
    lanes: { "x.1": 0, "y.1": 1, "z.1": 2, after: 0 },
    waves: { "x.1": 0, "y.1": 0, "z.1": 0, after: 1 },
  },
  {
    name: "a step after Promise.all, V1: the lane of the branch whose completion revealed it (the last to finish)",
    fn: "fan-in-then-step-v1",
    order: ["x.1", "z.1", "y.1", "after"],
    lanes: { "x.1": 0, "y.1": 1, "z.1": 2, after: 1 },
    waves: { "x.1": 0, "y.1": 0, "z.1": 0, after: 1 },
  },
  {
    name: "a branch that goes on alone runs its next steps inline, in its own lane (long branch first in the code, run first)",
    fn: "long-branch-first",
    order: ["long.1", "short.1"],
    lanes: { "long.1": 0, "long.2": 0, "long.3": 0, "short.1": 1 },
    waves: { "long.1": 0, "short.1": 0, "long.2": 1, "long.3": 2 },
  },
  {
    name: "a branch that goes on alone runs its next steps inline, in its own lane (long branch first in the code, run second)",
    fn: "long-branch-first",
    order: ["short.1", "long.1"],
    lanes: { "long.1": 0, "long.2": 0, "long.3": 0, "short.1": 1 },
    waves: { "long.1": 0, "short.1": 0, "long.2": 1, "long.3": 2 },
  },
  {
    // The limit of what an optimized answer tells: one new step after two completions could follow
    // either, so it takes the lowest free lane (the same whichever ran first); later inline steps follow it.
    name: "a branch that goes on alone after a shorter branch first in the code: its next step takes the lowest free lane",
    fn: "long-branch-second",
    order: ["long.1", "short.1"],
    lanes: { "short.1": 0, "long.1": 1, "long.2": 0, "long.3": 0 },
    waves: { "short.1": 0, "long.1": 0, "long.2": 1, "long.3": 2 },
  },
];

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))),
  ]);
}

function start(app: Orchestrator, fnId: string): Run {
  const fn = app.findFunction(fnId);
  return app.startRun(fn, { ...app.defaultEvent(fn), data: { slowMs: 0 } } as InngestEvent);
}

const lanesOf = (bars: Array<{ id: string; lane: number }>) => Object.fromEntries(bars.map((b) => [b.id, b.lane]).sort());
const wavesOf = (bars: Array<{ id: string; wave: number }>) => Object.fromEntries(bars.map((b) => [b.id, b.wave]).sort());
const sorted = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).sort());

function assertLanes(run: Run, snapshot: RunSnapshot, expected: LaneCase): void {
  assert.equal(snapshot.status, "completed", JSON.stringify(snapshot.error));
  const live = timelineFromSnapshot(snapshot, run.laneOf);
  const recorded = timelineFromJournal(run.journal.file)!;
  assert.deepEqual(lanesOf(live.bars), sorted(expected.lanes), "live lanes");
  assert.deepEqual(lanesOf(recorded.bars), sorted(expected.lanes), "lanes from the journal");
  assert.deepEqual(Object.fromEntries(snapshot.steps.map((s) => [s.id, s.wave]).sort()), sorted(expected.waves), "waves on the steps");
  assert.deepEqual(wavesOf(recorded.bars), sorted(expected.waves), "waves from the journal");
}

for (const [fixture, cases] of [["fast-slow.ts", FAST_SLOW], ["branches.ts", BRANCHES]] as const) {
  describe(`timeline lanes follow the branches (${fixture})`, () => {
    const gate = new StepGate();
    let app: Orchestrator;
    before(async () => (app = await startApp(fixture, { gate })));
    after(() => app.close());

    for (const c of cases) {
      test(`${c.name}: ${c.order.join(" → ")}`, async () => {
        const run = start(app, c.fn);
        await runInOrder(app, gate, run.id, c.order);
        assertLanes(run, await within(app.settle(run), 15_000, `run ${c.fn} to end`), c);
      });
    }
  });
}

describe("timeline lanes of a resumed run", () => {
  const gate = new StepGate();
  let app: Orchestrator;
  before(async () => (app = await startApp("fast-slow.ts", { gate })));
  after(() => app.close());

  test("a run interrupted after its slow branch ran first keeps its lanes, and its next steps continue them", async () => {
    const run = start(app, "fast-slow-optimized");
    await runInOrder(app, gate, run.id, ["slow.1"]);
    run.interrupt("the test stops it with fast.1 held");
    gate.openAll();
    const resumed = app.resumeRun(summarizeJournal(run.journal.file));
    const snapshot = await within(app.settle(resumed), 15_000, "the resumed run to end");
    assertLanes(resumed, snapshot, {
      name: "resumed",
      fn: "fast-slow-optimized",
      order: [],
      lanes: { "fast.1": 0, "fast.2": 0, "slow.1": 1, "slow.2": 1 },
      waves: { "fast.1": 0, "slow.1": 0, "fast.2": 1, "slow.2": 1 },
    });
  });
});

describe("a journal written before lanes followed the branches", () => {
  const gate = new StepGate();
  let app: Orchestrator;
  before(async () => (app = await startApp("fast-slow.ts", { gate })));
  after(() => app.close());

  test("still reads: its planned lanes are kept, waves are derived from its answers, nothing was paused", async () => {
    const run = start(app, "fast-slow-v1");
    await runInOrder(app, gate, run.id, ["slow.1", "slow.2", "fast.1", "fast.2"]);
    await within(app.settle(run), 15_000, "the run to end");
    // The same journal without the fields this change added.
    const old = path.join(tempDir(), path.basename(run.journal.file));
    const lines = readFileSync(run.journal.file, "utf8").trim().split("\n").map((line) => {
      const { heldFrom, requestStack, wave, ...entry } = JSON.parse(line);
      if (entry.type === "stored") delete entry.lane;
      return JSON.stringify(entry);
    });
    writeFileSync(old, lines.join("\n") + "\n");
    const timeline = timelineFromJournal(old)!;
    const expected = { "fast.1": 0, "fast.2": 0, "slow.1": 1, "slow.2": 1 };
    const waves = { "fast.1": 0, "slow.1": 0, "slow.2": 1, "fast.2": 2 };
    assert.deepEqual(lanesOf(timeline.bars), expected);
    assert.deepEqual(wavesOf(timeline.bars), waves);
    assert.deepEqual(timeline.bars.map((b) => b.held), [[], [], [], []]);
    const state = resumeStateOf(readJournal(old));
    assert.deepEqual(Object.fromEntries(state.steps.map((s) => [s.id, s.wave]).sort()), waves);
    assert.deepEqual(Object.fromEntries(state.steps.map((s) => [s.id, s.lane]).sort()), expected);
  });
});
