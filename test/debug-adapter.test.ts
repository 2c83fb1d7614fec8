// The debugger's threads: the run on thread 1, every parallel branch a paused thread of its own,
// the user choosing which branch runs first; stepping and pausing. A real DAP client, the real SDK.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { listRecordedRuns } from "../runtime/journal";
import { scopeVariables, shown, startDebugging, threadsByName } from "./support/dap-harness";
import { fixtureApp } from "./support/runtime-harness";

const fastSlow = fixtureApp("fast-slow.ts");
const protocol = fixtureApp("protocol.ts");

describe("the seed's fast/slow branches under the debugger", () => {
  for (const [fn, mode] of [["fast-slow-optimized", "optimized"], ["fast-slow-v1", "v1"]] as const) {
    test(`${mode}: fast.1 and slow.1 wait as two paused threads; running slow.1 first records it first and memoizes only it`, async () => {
      const t = await startDebugging({ program: fastSlow, function: fn, event: { data: { slowMs: 50 } } });
      try {
        const [entry] = await t.waitForStops(1, 0);
        assert.equal(entry.body.reason, "entry");
        assert.equal(entry.body.threadId, 1);
        assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), []);

        await t.client.continueRequest({ threadId: 1 });
        const branches = await t.waitForStops(2, 1);
        assert.deepEqual(branches.map((s) => s.body.reason), ["step", "step"]);
        const threads = await threadsByName(t.client);
        assert.deepEqual([...threads.keys()].sort(), [`run ${fn}`, "fast.1", "slow.1"].sort());
        assert.deepEqual(branches.map((s) => s.body.threadId).sort(), [threads.get("fast.1"), threads.get("slow.1")].sort());

        const frames = await t.client.stackTraceRequest({ threadId: threads.get("slow.1")! });
        assert.deepEqual(
          frames.body.stackFrames.map((f) => [f.name, f.line, f.column]),
          [['step.run("slow.1")', 15, 16], [`${fn} handler`, mode === "optimized" ? 28 : 36, 3]],
        );
        assert.equal(frames.body.stackFrames[0].source?.path, fastSlow);

        const continued = await t.client.continueRequest({ threadId: threads.get("slow.1")! });
        assert.equal(continued.body.allThreadsContinued, false, "the other branch stays paused");
        await t.waitUntil(() => t.threadEvents.some((e) => e.body.reason === "exited" && e.body.threadId === threads.get("slow.1")), "slow.1's thread to exit");
        const state = await scopeVariables(t.client, threads.get("fast.1")!, "Memoized state");
        assert.deepEqual(shown(state), [["slow.1", '"slow.1"']], "exactly the finished step is memoized");
        assert.ok((await threadsByName(t.client)).has("fast.1"), "fast.1 is still paused");

        await t.client.continueRequest({ threadId: threads.get("fast.1")! });
        await t.continueToEnd();
        const [run] = listRecordedRuns(t.journal).runs;
        assert.equal(run.status, "completed");
        assert.equal(run.output, "done");
        assert.deepEqual(run.stackOrder.slice(0, 2), ["slow.1", "fast.1"]);
        assert.deepEqual([...run.stackOrder].sort(), ["fast.1", "fast.2", "slow.1", "slow.2"]);
      } finally {
        await t.close();
      }
    });
  }

  test("optimized: after the first wave, fast.2 and slow.2 are paused as the next two branches", async () => {
    const t = await startDebugging({ program: fastSlow, function: "fast-slow-optimized", event: { data: { slowMs: 10 } }, stopOnEntry: false });
    try {
      const first = await t.waitForStops(2, 0);
      for (const stop of first) await t.client.continueRequest({ threadId: stop.body.threadId! });
      const second = await t.waitForStops(2, 2);
      const names = await Promise.all(second.map((s) => t.threadName(s.body.threadId!)));
      assert.deepEqual(names.sort(), ["fast.2", "slow.2"]);
      const state = await scopeVariables(t.client, second[0].body.threadId!, "Memoized state");
      assert.deepEqual(state.map((v) => v.name).sort(), ["fast.1", "slow.1"]);
      const run = await scopeVariables(t.client, second[0].body.threadId!, "Run");
      assert.equal(run.find((v) => v.name === "parallelism")?.value, '"optimized"');
    } finally {
      await t.close();
    }
  });

  test("100 parallel branches are paused at once, each its own thread, named after their wave in order", async () => {
    const t = await startDebugging({ program: protocol, function: "many-parallel", event: { data: { n: 100 } }, stopOnEntry: false });
    try {
      const stops = await t.waitForStops(100, 0);
      assert.ok(stops.every((s) => s.body.reason === "step"));
      assert.equal(new Set(stops.map((s) => s.body.threadId)).size, 100);
      const listed = (await t.client.threadsRequest()).body.threads.map((th) => th.name);
      assert.deepEqual(listed, ["run many-parallel", ...Array.from({ length: 100 }, (_, i) => `wave 1 · noop-${i}`)]);
      const threads = await threadsByName(t.client);
      const run = await scopeVariables(t.client, threads.get("wave 1 · noop-42")!, "Run");
      assert.equal(run.find((v) => v.name === "steps")?.value, '"100 of 1000"');
      const step = await scopeVariables(t.client, threads.get("wave 1 · noop-42")!, "Step");
      assert.deepEqual(shown(step).slice(0, 3), [["id", '"noop-42"'], ["hashedId", step[1].value], ["kind", '"run"']]);

      await t.client.continueRequest({ threadId: threads.get("wave 1 · noop-7")! });
      await t.waitUntil(() => t.threadEvents.some((e) => e.body.reason === "exited" && e.body.threadId === threads.get("wave 1 · noop-7")), "noop-7 to finish");
      assert.equal((await threadsByName(t.client)).size, 100, "only the continued branch ran");
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].output, 100);
    } finally {
      await t.close();
    }
  });
});

describe("many branches, grouped by wave", () => {
  const branches = fixtureApp("branches.ts");
  const names = async (t: Awaited<ReturnType<typeof startDebugging>>) => (await t.client.threadsRequest()).body.threads.map((th) => th.name).slice(1);

  test("a branch that goes on pauses its next step in wave 2, listed after wave 1", async () => {
    // V1: b3.second is reported once b3.first is done. The breakpoint makes the SDK report it rather than run it inline.
    const t = await startDebugging(
      { program: branches, function: "two-step-branches-v1", event: { data: { n: 25 } }, stopOnEntry: false },
      { configure: (client) => client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "b3.second" }] }) },
    );
    try {
      await t.waitForStops(25, 0);
      assert.deepEqual(await names(t), Array.from({ length: 25 }, (_, i) => `wave 1 · b${i}.first`));
      const threads = await threadsByName(t.client);
      await t.client.continueRequest({ threadId: threads.get("wave 1 · b3.first")! });
      await t.waitForStops(1, 25);
      assert.deepEqual(await names(t), [...Array.from({ length: 25 }, (_, i) => i).filter((i) => i !== 3).map((i) => `wave 1 · b${i}.first`), "wave 2 · b3.second"]);
    } finally {
      await t.close();
    }
  });

  test("twenty branches keep their step IDs as names", async () => {
    const t = await startDebugging({ program: branches, function: "two-step-branches-v1", event: { data: { n: 20 } }, stopOnEntry: false });
    try {
      await t.waitForStops(20, 0);
      assert.deepEqual(await names(t), Array.from({ length: 20 }, (_, i) => `b${i}.first`));
    } finally {
      await t.close();
    }
  });
});

describe("continue all branches", () => {
  test("lets every paused branch go at once: one continued event for all threads, every branch thread exits, the run completes", async () => {
    const t = await startDebugging({ program: protocol, function: "many-parallel", event: { data: { n: 30 } }, stopOnEntry: false });
    try {
      const stops = await t.waitForStops(30, 0);
      const answer = await t.client.customRequest("stepwise/continueAllBranches", { threadId: stops[3].body.threadId });
      assert.deepEqual(answer.body, { threads: 30 });
      await t.waitUntil(() => t.otherEvents.some((e) => e.event === "continued"), "the continued event");
      const continued = t.otherEvents.filter((e) => e.event === "continued") as DebugProtocol.ContinuedEvent[];
      assert.deepEqual(continued.map((e) => [e.body.threadId, e.body.allThreadsContinued]), [[1, true]]);
      const branchThreads = new Set(stops.map((s) => s.body.threadId));
      await t.waitUntil(() => t.threadEvents.filter((e) => e.body.reason === "exited" && branchThreads.has(e.body.threadId)).length === 30, "all 30 branch threads to exit");
      await t.continueToEnd();
      const [run] = listRecordedRuns(t.journal).runs;
      assert.equal(run.status, "completed");
      assert.equal(run.output, 30);
    } finally {
      await t.close();
    }
  });

  test("in a replay it is refused in one line: a replay has no branches waiting", async () => {
    const recorded = await startDebugging({ program: fastSlow, function: "fast-slow-optimized", event: { data: { slowMs: 1 } }, stopOnEntry: false, stopOnParallel: false });
    await recorded.waitUntil(() => recorded.otherEvents.some((e) => e.event === "exited"), "the recorded run to end");
    await recorded.close();
    const [run] = listRecordedRuns(recorded.journal).runs;
    const t = await startDebugging({ program: fastSlow, replay: run.runId, journal: recorded.journal });
    try {
      await t.waitForStops(1, 0);
      await assert.rejects(t.client.customRequest("stepwise/continueAllBranches", {}), /continue all branches works on a live run, not in a replay/);
    } finally {
      await t.close();
    }
  });
});

describe("stepping and pausing", () => {
  test("next runs to the following step boundary: discovery, step a, discovery, step b", async () => {
    const t = await startDebugging({ program: protocol, function: "seq" });
    try {
      await t.waitForStops(1, 0);
      await t.client.nextRequest({ threadId: 1 });
      const [beforeA] = await t.waitForStops(1, 1);
      assert.equal(beforeA.body.reason, "step");
      assert.equal(await t.threadName(beforeA.body.threadId!), "a");
      const frames = await t.client.stackTraceRequest({ threadId: beforeA.body.threadId! });
      assert.equal(frames.body.stackFrames[0].name, 'step.run("a")');
      assert.equal(frames.body.stackFrames[0].line, 9);

      await t.client.nextRequest({ threadId: beforeA.body.threadId! });
      const [afterA] = await t.waitForStops(1, 2);
      assert.equal(afterA.body.threadId, 1, "after a, the discovery that finds b");
      assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), [["a", '"A"']]);
      assert.equal((await scopeVariables(t.client, 1, "Step")).find((v) => v.name === "call")?.value, '"discovery"');

      await t.client.nextRequest({ threadId: 1 });
      const [beforeB] = await t.waitForStops(1, 3);
      assert.equal(await t.threadName(beforeB.body.threadId!), "b");
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].output, "AB");
    } finally {
      await t.close();
    }
  });

  test("pause stops the run at once and freezes its sleep until continue", async () => {
    const t = await startDebugging({ program: protocol, function: "sleep-wait", event: { data: { sleep: "1s" } }, stopOnEntry: false });
    try {
      await t.waitUntil(() => t.threadEvents.some((e) => e.body.reason === "started"), "the nap to start");
      assert.ok((await threadsByName(t.client)).has("nap"), "a sleeping step is a thread");
      await t.client.pauseRequest({ threadId: 1 });
      const [paused] = await t.waitForStops(1, 0);
      assert.equal(paused.body.reason, "pause");
      assert.equal(paused.body.threadId, 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), [], "the 1 s nap has not ended while paused");
      assert.equal(t.stops.length, 1);
      await t.client.continueRequest({ threadId: 1 });
      await t.waitUntil(() => t.threadEvents.some((e) => e.body.reason === "exited"), "the nap to end after continue");
    } finally {
      await t.close();
    }
  });
});
