// `stepwise explore` on the real SDK: every outcome of a function over the orders its parallel
// steps complete in and over a step failing once, driven from one real run's recorded results.
// Step bodies count themselves in effects.log, which shows that none runs after the real run.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { explore, type ExploreReport } from "../runtime/explore";
import { summarizeJournal } from "../runtime/journal";
import type { Orchestrator } from "../runtime/orchestrator";
import { ReplayCursor } from "../runtime/replay";
import { startApp, tempDir } from "./support/runtime-harness";

const BRANCH_ORDERS = "../explore/branch-orders.ts";

/** Explores `functionId` with a fresh effects folder; the step bodies that ran, in order. */
async function exploreWithEffects(app: Orchestrator, functionId: string, options: { faults?: boolean; maxSchedules?: number; data?: Record<string, unknown> } = {}) {
  const dir = tempDir("stepwise-explore-effects-");
  const fn = app.findFunction(functionId);
  const report = await explore(app, fn, { ...app.defaultEvent(fn), data: { dir, ...options.data } }, { faults: options.faults, maxSchedules: options.maxSchedules });
  const log = path.join(dir, "effects.log");
  return { report, effects: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [] };
}

const outputs = (report: ExploreReport) => report.outcomes.map((o) => o.output);
const orders = (report: ExploreReport) => report.outcomes.map((o) => o.example.order.join(","));

describe("explore: branch orders", { timeout: 180_000 }, () => {
  let app: Orchestrator;
  before(async () => {
    app = await startApp(BRANCH_ORDERS);
  });
  after(async () => {
    await app.close();
  });

  const pushOrders = ["a,b,c", "a,c,b", "b,a,c", "b,c,a", "c,a,b", "c,b,a"];
  for (const [functionId, mode] of [["push-order", "optimized"], ["push-order-v1", "v1"]] as const) {
    test(`a function that pushes results into an array outside its steps has all 3! orders as outcomes (${mode} fan-in)`, async () => {
      const { report, effects } = await exploreWithEffects(app, functionId);
      assert.equal(report.mode, mode);
      assert.equal(report.schedules, 6);
      assert.equal(report.exhaustive, true);
      assert.deepEqual(outputs(report), pushOrders);
      assert.deepEqual(orders(report), pushOrders);
      assert.deepEqual(report.outcomes.map((o) => o.schedules), [1, 1, 1, 1, 1, 1]);
      assert.deepEqual(effects, ["a", "b", "c"], "each step body ran once, in the real run");
    });
  }

  test("an order-independent function has one outcome over its six schedules", async () => {
    const { report, effects } = await exploreWithEffects(app, "independent");
    assert.equal(report.schedules, 6);
    assert.equal(report.exhaustive, true);
    assert.deepEqual(report.outcomes.map((o) => [o.status, o.output, o.schedules]), [["completed", 6, 6]]);
    assert.deepEqual(report.outcomes[0].example.order, ["a", "b", "c"], "the example is the recorded order");
    assert.deepEqual(effects, ["a", "b", "c"]);
  });

  test("optimized mode asks the SDK once per order: the completions inside a wave cost no call", async () => {
    const { report } = await exploreWithEffects(app, "independent");
    // The first discovery, then one after each of the 3! waves.
    assert.equal(report.stats.discoveries, 7);
  });

  test("V1 mode asks each distinct stack once; interleavings that reach the same state are walked once", async () => {
    const { report } = await exploreWithEffects(app, "push-order-v1");
    // 1 + 3 + 6 + 6 stacks: [], each first step, each ordered pair, each order.
    assert.equal(report.stats.discoveries, 16);
    assert.ok(report.stats.merged > 0, `merged ${report.stats.merged}`);
  });

  test("each example's position is where it first differs from the recorded run", async () => {
    const { report } = await exploreWithEffects(app, "push-order");
    assert.deepEqual(
      report.outcomes.map((o) => [o.example.order.join(","), o.example.position]),
      [["a,b,c", 3], ["a,c,b", 1], ["b,a,c", 0], ["b,c,a", 0], ["c,a,b", 0], ["c,b,a", 0]],
    );
  });

  test("--max-schedules caps the search: that many schedules, and not exhaustive", async () => {
    const capped = await exploreWithEffects(app, "wide-push-order", { maxSchedules: 5, data: { n: 4 } });
    assert.equal(capped.report.schedules, 5);
    assert.equal(capped.report.exhaustive, false);
    assert.equal(capped.report.outcomes.length, 5);
    const all = await exploreWithEffects(app, "wide-push-order", { data: { n: 4 } });
    assert.equal(all.report.schedules, 24);
    assert.equal(all.report.exhaustive, true);
    assert.equal(all.report.outcomes.length, 24);
  });

  test("under the cap, the schedules one choice away from the recording come first: each branch finishing first", async () => {
    const { report } = await exploreWithEffects(app, "wide-push-order", { maxSchedules: 4, data: { n: 4 } });
    assert.deepEqual(outputs(report), ["0,1,2,3", "0,1,3,2", "0,2,1,3", "1,0,2,3"]);
  });
});

describe("explore: step failures (--faults)", { timeout: 180_000 }, () => {
  let app: Orchestrator;
  before(async () => {
    app = await startApp(BRANCH_ORDERS);
  });
  after(async () => {
    await app.close();
  });

  test("finds the fallback of a retries: 0 try/catch; the fallback step runs once for real", async () => {
    const { report, effects } = await exploreWithEffects(app, "charge-with-fallback", { faults: true });
    assert.equal(report.exhaustive, true);
    assert.deepEqual(
      report.outcomes.map((o) => [o.output, o.example.order, o.example.faults]),
      [
        [{ charged: "receipt-1" }, ["charge"], []],
        [{ charged: null, note: 'refunded after step "charge" failed (a failure injected by stepwise explore)' }, ["charge", "fallback"], [{ stepId: "charge", kind: "failed" }]],
      ],
    );
    assert.deepEqual(report.newSteps, [{ id: "fallback", how: "ran" }]);
    assert.deepEqual(effects, ["charge", "fallback"]);
  });

  test("without --faults the fallback is never reached", async () => {
    const { report, effects } = await exploreWithEffects(app, "charge-with-fallback");
    assert.deepEqual(report.outcomes.map((o) => o.output), [{ charged: "receipt-1" }]);
    assert.deepEqual(effects, ["charge"]);
  });

  test("a retry-safe function has one outcome: a failed step's retry brings its recorded result", async () => {
    const { report, effects } = await exploreWithEffects(app, "retry-safe", { faults: true });
    // Two orders of the wave, each also with load-user (run inline) failing once and retried.
    // The wave's steps are targeted calls: their retry changes nothing the SDK sees, so no schedule of its own.
    assert.equal(report.schedules, 4);
    assert.deepEqual(report.outcomes.map((o) => [o.output, o.schedules]), [[{ mail: "mail to 7", sms: "sms to 7" }, 4]]);
    assert.deepEqual(effects, ["load-user", "send-mail", "send-sms"]);
  });

  test("a step that has no retries left fails for good and the uncaught StepError fails the run", async () => {
    const protocol = await startApp("protocol.ts");
    try {
      const fn = protocol.findFunction("catch-fail");
      const report = await explore(protocol, fn, protocol.defaultEvent(fn), { faults: true });
      assert.deepEqual(
        report.outcomes.map((o) => [o.status, o.output, o.error, o.example.faults]),
        [
          ["completed", { caught: "Error", message: "nope" }, null, []],
          ["failed", null, { name: "Error", message: 'step "recover" failed (a failure injected by stepwise explore)' }, [{ stepId: "recover", kind: "failed" }]],
        ],
      );
    } finally {
      await protocol.close();
    }
  });
});

describe("explore: the seed's race example", { timeout: 180_000 }, () => {
  let app: Orchestrator;
  before(async () => {
    app = await startApp("protocol.ts");
  });
  after(async () => {
    await app.close();
  });

  const cases = [
    ["race-opt", [[{ winner: "fast" }, "r-fast,r-slow,after-race"], [{ winner: "slow" }, "r-slow,r-fast,after-race"]]],
    ["race-group", [[{ winner: "fast" }, "r-fast,after-race,r-slow"], [{ winner: "slow" }, "r-slow,r-fast,after-race"]]],
  ] as const;
  for (const [functionId, expected] of cases) {
    test(`finds both winners of ${functionId}`, async () => {
      const fn = app.findFunction(functionId);
      const report = await explore(app, fn, app.defaultEvent(fn));
      assert.equal(report.exhaustive, true);
      assert.deepEqual(report.outcomes.map((o) => [o.output, o.example.order.join(",")]), expected);
    });
  }
});

describe("explore: the race, counted", { timeout: 180_000 }, () => {
  test("both winners of the race are found and no step body runs after the real run", async () => {
    const app = await startApp(BRANCH_ORDERS);
    try {
      const { report, effects } = await exploreWithEffects(app, "counted-race");
      assert.deepEqual(report.outcomes.map((o) => [o.output, o.example.order.join(",")]), [
        [{ winner: "fast" }, "r-fast,r-slow,after-race"],
        [{ winner: "slow" }, "r-slow,r-fast,after-race"],
      ]);
      assert.deepEqual(effects, ["r-fast", "r-slow", "after-race"]);
    } finally {
      await app.close();
    }
  });
});

describe("explore: every example replays", { timeout: 180_000 }, () => {
  let app: Orchestrator;
  before(async () => {
    app = await startApp(BRANCH_ORDERS);
  });
  after(async () => {
    await app.close();
  });

  for (const [functionId, faults] of [["push-order", false], ["push-order-v1", false], ["charge-with-fallback", true], ["retry-safe", true]] as const) {
    test(`each example journal of ${functionId}${faults ? " (--faults)" : ""} replays without divergence to its outcome`, async () => {
      const { report } = await exploreWithEffects(app, functionId, { faults });
      for (const outcome of report.outcomes) {
        const recorded = summarizeJournal(outcome.example.journal);
        assert.equal(recorded.replayOf, report.recordedRunId);
        assert.deepEqual(recorded.stackOrder, outcome.example.order);
        const last = await new ReplayCursor(app, recorded, app.findFunction(recorded.functionId)).runToEnd();
        assert.equal(last.divergence, null, last.divergence?.message);
        assert.deepEqual([last.outcome?.status, last.outcome?.output], [outcome.status, outcome.output]);
      }
    });
  }
});
