// The debugger with production's executor features on: a concurrency limit (a paused step holds
// its slot, the queued ones say why they wait) and checkpointing (stops after each checkpoint).
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { listRecordedRuns } from "../runtime/journal";
import { scopeVariables, shown, startDebugging, threadsByName } from "./support/dap-harness";
import { fixtureApp, repoRoot, tempDir } from "./support/runtime-harness";

const flowApp = path.join(repoRoot, "test-fixtures", "flow", "flow-control.ts");

describe("a concurrency limit under the debugger", () => {
  test("a step paused at a breakpoint holds the only slot; the other branches wait and the Run scope says why", async () => {
    const dir = tempDir();
    const t = await startDebugging({ program: flowApp, function: "concurrency-one", event: { data: { dir } }, stopOnEntry: false });
    try {
      const [first] = await t.waitForStops(1, 0);
      const threads = await threadsByName(t.client);
      assert.deepEqual([...threads.keys()].filter((n) => /^p\d$/.test(n)).sort(), ["p1", "p2", "p3"], "every branch has its thread");
      const stoppedOn = await t.threadName(first.body.threadId!);
      const run = await scopeVariables(t.client, first.body.threadId!, "Run");
      const waiting = run.find((v) => v.name === "waiting")?.value ?? "";
      assert.match(waiting, new RegExp(`^"queued: concurrency 1 of 1 held by run \\w+ \\(step \\\\"${stoppedOn}\\\\"\\)`));
      assert.equal(t.stops.length, 1, "the queued branches are not stopped: they have not reached their call");

      await t.client.continueRequest({ threadId: first.body.threadId! });
      const [second] = await t.waitForStops(1, 1);
      assert.notEqual(await t.threadName(second.body.threadId!), stoppedOn, "the next branch takes the slot only now");
      await t.client.continueRequest({ threadId: second.body.threadId! });
      const [third] = await t.waitForStops(1, 2);
      await t.client.continueRequest({ threadId: third.body.threadId! });
      await t.continueToEnd();
      const [recorded] = listRecordedRuns(t.journal).runs;
      assert.equal(recorded.status, "completed");
    } finally {
      await t.close();
    }
  });
});

describe("checkpointing under the debugger", () => {
  test("next stops after each checkpointed step; the run costs one SDK call and a checkpoint a step", async () => {
    const t = await startDebugging({ program: fixtureApp("protocol.ts"), function: "seq", checkpointing: true });
    try {
      const [entry] = await t.waitForStops(1, 0);
      assert.equal(entry.body.reason, "entry");
      await t.client.nextRequest({ threadId: 1 });
      const [afterA] = await t.waitForStops(1, 1);
      assert.equal(afterA.body.reason, "step");
      assert.equal(afterA.body.description, 'Paused after "a" (checkpointed)');
      const frames = await t.client.stackTraceRequest({ threadId: 1 });
      assert.equal(frames.body.stackFrames[0].name, 'after the checkpoint of "a"');
      assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), [["a", '"A"']]);
      await t.client.nextRequest({ threadId: 1 });
      const [afterB] = await t.waitForStops(1, 2);
      assert.equal(afterB.body.description, 'Paused after "b" (checkpointed)');
      await t.continueToEnd();
      const [recorded] = listRecordedRuns(t.journal).runs;
      assert.equal(recorded.output, "AB");
      assert.deepEqual(recorded.calls, { discovery: 1, step: 0, checkpoint: 2 });
    } finally {
      await t.close();
    }
  });

  test("a function breakpoint on a checkpointed step stops just after it and says why", async () => {
    const t = await startDebugging(
      { program: fixtureApp("protocol.ts"), function: "seq", checkpointing: true, stopOnEntry: false },
      { configure: (client) => client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "b" }] }) },
    );
    try {
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "function breakpoint");
      assert.equal(stop.body.description, 'Paused after "b" (checkpointed)');
      await t.waitUntil(() => t.output.some((o) => /^With checkpointing the SDK runs steps inline and reports each as it goes: Stepwise stops just after a step, never before it\.\n$/.test(o.text)), "the why in the Debug Console");
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].output, "AB");
    } finally {
      await t.close();
    }
  });
});
