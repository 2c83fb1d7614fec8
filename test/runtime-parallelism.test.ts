import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Orchestrator } from "../runtime/orchestrator";
import { runToEnd, startApp } from "./support/runtime-harness";

describe("the seed's fast/slow branches", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("fast-slow.ts")));
  after(() => app.close());

  test("optimized mode runs fast.2 only after slow.1: fast.1, slow.1, fast.2, slow.2 in 7 calls", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "fast-slow-optimized", { data: { slowMs: 300 } });
    assert.equal(snapshot.status, "completed");
    assert.equal(snapshot.mode, "optimized");
    assert.deepEqual(stackOrder, ["fast.1", "slow.1", "fast.2", "slow.2"]);
    assert.deepEqual(snapshot.calls, { discovery: 3, step: 4, checkpoint: 0 });
  });

  test("v1 mode lets the fast branch run ahead: fast.1, fast.2, slow.1, slow.2 in 9 calls", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "fast-slow-v1", { data: { slowMs: 300 } });
    assert.equal(snapshot.status, "completed");
    assert.equal(snapshot.mode, "v1");
    assert.deepEqual(stackOrder, ["fast.1", "fast.2", "slow.1", "slow.2"]);
    assert.deepEqual(snapshot.calls, { discovery: 5, step: 4, checkpoint: 0 });
  });

  test("group.parallel race mode gives the v1 order in an optimized run, 9 calls", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "fast-slow-race", { data: { slowMs: 300 } });
    assert.equal(snapshot.status, "completed");
    assert.equal(snapshot.mode, "optimized");
    assert.deepEqual(stackOrder, ["fast.1", "fast.2", "slow.1", "slow.2"]);
    assert.deepEqual(snapshot.calls, { discovery: 5, step: 4, checkpoint: 0 });
  });
});

describe("the seed's other parallel examples", () => {
  test("post-payment-flow runs both steps as their own calls and returns both results", async () => {
    const app = await startApp("post-payment-flow.ts");
    try {
      const { snapshot, stackOrder } = await runToEnd(app, "post-payment-flow", { data: { email: "a@b.c", userId: "u-7", amount: 42 } });
      assert.equal(snapshot.status, "completed");
      assert.deepEqual([...stackOrder].sort(), ["confirmation-email", "update-user"]);
      assert.deepEqual(snapshot.output, { emailID: "email-to-a@b.c", updates: { id: "u-7", charged: 42 } });
      assert.deepEqual(snapshot.calls, { discovery: 2, step: 2, checkpoint: 0 });
    } finally {
      await app.close();
    }
  });

  test("process-batch with optimizeParallelism costs exactly N+2 calls for N items", async () => {
    const app = await startApp("process-batch.ts");
    try {
      const { snapshot } = await runToEnd(app, "process-batch", { data: { count: 25 } });
      assert.equal(snapshot.status, "completed");
      assert.equal(snapshot.calls.discovery + snapshot.calls.step, 27);
      assert.equal((snapshot.output as unknown[]).length, 25);
      assert.deepEqual((snapshot.output as unknown[])[24], { processed: 24 });
    } finally {
      await app.close();
    }
  });

  test("process-batch spread over 2 app hosts gives the same result and the same call count", async () => {
    const app = await startApp("process-batch.ts", { workers: 2 });
    try {
      const { snapshot } = await runToEnd(app, "process-batch", { data: { count: 20 } });
      assert.equal(snapshot.status, "completed");
      assert.equal(snapshot.calls.discovery + snapshot.calls.step, 22);
    } finally {
      await app.close();
    }
  });

  test("summarize-text summarizes every chunk in parallel, then the summaries", async () => {
    const app = await startApp("summarize-text.ts");
    try {
      const text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
      const { snapshot, stackOrder } = await runToEnd(app, "summarize-text", { data: { text, chunkSize: 30 } });
      assert.equal(snapshot.status, "completed");
      assert.equal(stackOrder.at(-1), "summarize-summaries");
      assert.deepEqual(stackOrder.slice(0, -1).sort(), ["summarize-chunk-0", "summarize-chunk-1", "summarize-chunk-2"]);
      assert.equal(snapshot.output, "one two three / ven eight nine / ve thirteen fourteen");
    } finally {
      await app.close();
    }
  });
});

describe("protocol fan-in (PROTOCOL.md §6)", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("protocol.ts")));
  after(() => app.close());

  test("sequential steps cost one call each plus the last discovery", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "seq");
    assert.deepEqual(stackOrder, ["a", "b"]);
    assert.deepEqual(snapshot.calls, { discovery: 3, step: 0, checkpoint: 0 });
    assert.equal(snapshot.output, "AB");
  });

  test("Promise.all of three steps costs 1 plan + 3 steps + 1 fan-in discovery", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "all3");
    assert.deepEqual([...stackOrder].sort(), ["p1", "p2", "p3"]);
    assert.deepEqual(snapshot.calls, { discovery: 2, step: 3, checkpoint: 0 });
    assert.deepEqual(snapshot.output, ["P1", "P2", "P3"]);
  });

  test("Promise.race in optimized mode waits for both steps but still names the fast winner", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "race-opt");
    assert.deepEqual(stackOrder, ["r-fast", "r-slow", "after-race"]);
    assert.deepEqual(snapshot.output, { winner: "fast" });
    assert.equal(snapshot.calls.discovery + snapshot.calls.step, 5);
  });

  test("group.parallel race runs the code after the race before the slow step finishes", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "race-group");
    assert.deepEqual(stackOrder, ["r-fast", "after-race", "r-slow"]);
    assert.deepEqual(snapshot.output, { winner: "fast" });
    assert.equal(snapshot.calls.discovery + snapshot.calls.step, 6);
  });

  test("a step ID repeated in a loop is numbered by the SDK and hashed as id:n", async () => {
    const { snapshot, stackOrder } = await runToEnd(app, "loop");
    assert.deepEqual(stackOrder, ["loop", "loop:1", "loop:2"]);
    assert.equal(snapshot.stack[0].slice(0, 8), "1df823e4");
    assert.equal(snapshot.stack[1].slice(0, 8), "a0cb75f0");
    assert.equal(snapshot.stack[2].slice(0, 8), "dd014976");
    assert.deepEqual(snapshot.output, [0, 1, 2]);
  });
});
