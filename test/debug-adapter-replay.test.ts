// Replay under the debugger: a recorded run walked forwards and backwards (no step body runs),
// and a changed function stopping on divergence with both step IDs.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { scopeVariables, shown, startDebugging } from "./support/dap-harness";
import { fixtureApp, runToEnd, startApp } from "./support/runtime-harness";



/** One recorded run of protocol.ts's "seq" (steps a, b → "AB"), made by the runtime alone. */
let recorded: { runId: string; journal: string };

before(async () => {
  const app = await startApp("protocol.ts");
  try {
    const { run } = await runToEnd(app, "seq");
    recorded = { runId: run.id, journal: app.journalDir };
  } finally {
    await app.close();
  }
});

describe("replay", () => {
  test("walks a recorded run forwards and backwards without running step bodies (program taken from the recording)", async () => {
    const t = await startDebugging({ replay: recorded.runId, journal: recorded.journal });
    try {
      assert.ok(t.otherEvents.some((e) => e.event === "capabilities" && e.body.capabilities.supportsStepBack === true), "a replay turns step back on");
      const [entry] = await t.waitForStops(1, 0);
      assert.equal(entry.body.reason, "entry");
      const at = async () => {
        const step = await scopeVariables(t.client, 1, "Step");
        const frames = await t.client.stackTraceRequest({ threadId: 1 });
        return { position: step.find((v) => v.name === "position")?.value, frame: [frames.body.stackFrames[0].name, frames.body.stackFrames[0].line] };
      };
      assert.deepEqual(await at(), { position: '"0 of 2"', frame: ['step.run("a")', 9] });
      assert.deepEqual((await t.client.threadsRequest()).body.threads.map((th) => th.id), [1]);

      await t.client.nextRequest({ threadId: 1 });
      await t.waitForStops(1, 1);
      assert.deepEqual(await at(), { position: '"1 of 2"', frame: ['step.run("b")', 10] });
      await t.client.nextRequest({ threadId: 1 });
      await t.waitForStops(1, 2);
      assert.deepEqual(await at(), { position: '"2 of 2"', frame: ["function returns", 8] });
      assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), [["a", '"A"'], ["b", '"B"']]);

      await t.client.stepBackRequest({ threadId: 1 });
      const [back] = await t.waitForStops(1, 3);
      assert.equal(back.body.reason, "step");
      assert.deepEqual(await at(), { position: '"1 of 2"', frame: ['step.run("b")', 10] });
      assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), [["a", '"A"']]);

      await t.client.reverseContinueRequest({ threadId: 1 });
      const [start] = await t.waitForStops(1, 4);
      assert.equal(start.body.reason, "entry");
      assert.equal((await at()).position, '"0 of 2"');

      await t.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "b" }] });
      await t.client.continueRequest({ threadId: 1 });
      const [onB] = await t.waitForStops(1, 5);
      assert.equal(onB.body.reason, "function breakpoint");
      assert.equal((await at()).position, '"1 of 2"');

      await t.client.continueRequest({ threadId: 1 });
      const [end] = await t.waitForStops(1, 6);
      assert.match(end.body.description!, /end of the recording/);
      await t.continueToEnd();
      assert.ok(t.output.some((o) => /Replay of run \w+ finished: with every recorded result memoized the function completed → "AB"/.test(o.text)));
    } finally {
      await t.close();
    }
  });

  test("a changed function stops on divergence, naming both step IDs", async () => {
    const t = await startDebugging({ program: fixtureApp("protocol-changed.ts"), replay: recorded.runId, journal: recorded.journal, stopOnEntry: false });
    try {
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "exception");
      assert.equal(stop.body.text, 'non-determinism at position 1: the recording has step "b" here, the code now asks for "b-renamed"');
      const step = await scopeVariables(t.client, 1, "Step");
      assert.deepEqual(shown(step.filter((v) => ["position", "nextRecordedStep"].includes(v.name))), [["position", '"1 of 2"'], ["nextRecordedStep", '"b"']]);
      assert.equal(step.find((v) => v.name === "divergence")?.value, JSON.stringify(stop.body.text));
      await t.client.stepBackRequest({ threadId: 1 });
      const [back] = await t.waitForStops(1, 1);
      assert.equal(back.body.reason, "step", "stepping back before the divergence works");
    } finally {
      await t.close();
    }
  });

  test("with the divergence filter off, a changed function ends the replay with the message", async () => {
    const t = await startDebugging(
      { program: fixtureApp("protocol-changed.ts"), replay: recorded.runId, journal: recorded.journal, stopOnEntry: false },
      { configure: (c) => c.setExceptionBreakpointsRequest({ filters: [] }) },
    );
    try {
      await t.waitUntil(() => t.otherEvents.some((e) => e.event === "exited"), "the session to end");
      assert.equal(t.otherEvents.find((e) => e.event === "exited")!.body.exitCode, 1);
      assert.ok(t.output.some((o) => o.category === "stderr" && o.text.includes('the code now asks for "b-renamed"')));
      assert.equal(t.stops.length, 0);
    } finally {
      await t.close();
    }
  });
});
