// What a paused run shows and what can be changed: the Step, Memoized state, Event and Run
// scopes, nested values, truncation, Debug Console paths, setVariable (what-if) and restartFrame.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listRecordedRuns, readJournal } from "../runtime/journal";
import { findScope, scopeVariables, shown, startDebugging, threadsByName } from "./support/dap-harness";
import { fixtureApp } from "./support/runtime-harness";

const protocol = fixtureApp("protocol.ts");
const demo = fixtureApp("debugger-demo.ts");

describe("inspecting and editing memoized state", () => {
  test("state is shown in stack order, nested values expand, paths evaluate, and an edited result changes the function's output", async () => {
    const t = await startDebugging(
      { program: demo, event: { data: { email: "ada@example.com" } }, stopOnEntry: false, stopOnParallel: false },
      { configure: (c) => c.setFunctionBreakpointsRequest({ breakpoints: [{ name: "big-report" }] }) },
    );
    try {
      const [stop] = await t.waitForStops(1, 0);
      const thread = stop.body.threadId!;
      const frames = await t.client.stackTraceRequest({ threadId: thread });
      const scopes = await t.client.scopesRequest({ frameId: frames.body.stackFrames[0].id });
      assert.deepEqual(scopes.body.scopes.map((s) => s.name), ["Step", "Memoized state", "Event", "Run"]);

      const step = await scopeVariables(t.client, thread, "Step");
      assert.deepEqual(shown(step.filter((v) => ["id", "kind", "attempt", "status"].includes(v.name))), [
        ["id", '"big-report"'],
        ["kind", '"run"'],
        ["attempt", "1"],
        ["status", '"planned"'],
      ]);

      const state = await scopeVariables(t.client, thread, "Memoized state");
      assert.equal(state[0].name, "update-user", "stack order: update-user finished first");
      assert.deepEqual(state.slice(1).map((v) => v.name).sort(), ["process-1", "process-2", "process-3"]);
      assert.deepEqual(shown(state.slice(1)).sort(), [["process-1", "10"], ["process-2", "20"], ["process-3", "30"]]);
      const user = state[0];
      assert.equal(user.evaluateName, 'state["update-user"]');
      assert.ok(user.variablesReference > 0);
      const fields = (await t.client.variablesRequest({ variablesReference: user.variablesReference })).body.variables;
      assert.deepEqual(fields.map((v) => [v.name, v.evaluateName]), [
        ["id", 'state["update-user"].id'],
        ["email", 'state["update-user"].email'],
        ["profile", 'state["update-user"].profile'],
      ]);
      const profile = fields[2];
      const profileFields = (await t.client.variablesRequest({ variablesReference: profile.variablesReference })).body.variables;
      assert.deepEqual(shown(profileFields), [["plan", '"pro"'], ["tags", '["a","b"]']]);
      assert.equal(profileFields[1].indexedVariables, 2);

      const evaluate = async (expression: string) => (await t.client.evaluateRequest({ expression, frameId: frames.body.stackFrames[0].id, context: "repl" })).body.result;
      assert.equal(await evaluate('state["update-user"].profile.plan'), '"pro"');
      assert.equal(await evaluate("event.data.email"), '"ada@example.com"');
      assert.equal(await evaluate("event.name"), '"demo/user.created"');
      assert.equal(await evaluate("run.steps"), '"5 of 1000"');
      assert.equal(await evaluate("step.id"), '"big-report"');
      await assert.rejects(evaluate("nope.x"), /unknown name "nope" — available: state, event, step, run/);

      const run = await scopeVariables(t.client, thread, "Run");
      assert.deepEqual(run.map((v) => v.name).slice(0, 7), ["runId", "function", "status", "parallelism", "calls", "state", "steps"]);
      assert.match(run.find((v) => v.name === "state")!.value, /^"\d+ B of 4 MB \(0\.0%\)"$/);
      const calls = (await t.client.variablesRequest({ variablesReference: run.find((v) => v.name === "calls")!.variablesReference })).body.variables;
      assert.deepEqual(calls.map((v) => v.name), ["discovery", "step", "total", "checkpoint"]);

      const edited = await t.client.setVariableRequest({ variablesReference: profile.variablesReference, name: "plan", value: '"free"' });
      assert.equal(edited.body.value, '"free"');
      assert.equal(await evaluate('state["update-user"].profile.plan'), '"free"');
      const event = await findScope(t.client, thread, "Event");
      await assert.rejects(t.client.setVariableRequest({ variablesReference: event.variablesReference, name: "name", value: '"x"' }), /only memoized step results/);

      await t.client.nextRequest({ threadId: thread });
      const [afterReport] = await t.waitForStops(1, 1);
      assert.equal(afterReport.body.threadId, 1);
      const report = (await scopeVariables(t.client, 1, "Memoized state")).find((v) => v.name === "big-report")!;
      assert.match(report.value, /^"r{200}"… \(4\.9 KB\)$/, "a large value is cut and shows its size");

      await t.continueToEnd();
      const [recorded] = listRecordedRuns(t.journal).runs;
      assert.deepEqual(recorded.output, { greeting: "hi ada@example.com on free", items: [10, 20, 30], reportBytes: 5000 });
      assert.ok(readJournal(recorded.file).some((e) => e.type === "edit" && e.id === "update-user"), "the edit is in the journal");
      assert.ok(t.output.some((o) => o.category === "stdout" && o.text.includes("updating ada@example.com")), "the app host's stdout is Debug Console output");
      assert.ok(t.output.some((o) => o.category === "stderr" && o.text.includes("a warning from the step")), "and its stderr");
    } finally {
      await t.close();
    }
  });

  test("setVariable on a whole result: the next step and the output see the new value", async () => {
    const t = await startDebugging({ program: protocol, function: "seq", stopOnEntry: false }, { configure: (c) => c.setFunctionBreakpointsRequest({ breakpoints: [{ name: "b" }] }) });
    try {
      const [stop] = await t.waitForStops(1, 0);
      const state = await findScope(t.client, stop.body.threadId!, "Memoized state");
      assert.deepEqual(shown((await t.client.variablesRequest({ variablesReference: state.variablesReference })).body.variables), [["a", '"A"']]);
      await t.client.setVariableRequest({ variablesReference: state.variablesReference, name: "a", value: '"Z"' });
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].output, "ZB");
    } finally {
      await t.close();
    }
  });

  test("a branch that ends while another stays paused tells a client that refreshes (VS Code) to fetch the Variables again, and again when it focuses a branch whose scopes it got before; others are not told", async () => {
    const fastSlow = fixtureApp("fast-slow.ts");
    const launch = { program: fastSlow, function: "fast-slow-optimized", event: { data: { slowMs: 10 } }, stopOnEntry: false };
    for (const supportsInvalidatedEvent of [true, false]) {
      const t = await startDebugging(launch, { clientCapabilities: { supportsInvalidatedEvent } });
      try {
        await t.waitForStops(2, 0);
        const threads = await threadsByName(t.client);
        const slow = threads.get("slow.1")!;
        assert.deepEqual(await scopeVariables(t.client, slow, "Memoized state"), [], "nothing is memoized before a branch runs");
        await t.client.continueRequest({ threadId: threads.get("fast.1")!, singleThread: true });
        await t.waitUntil(() => t.threadEvents.some((e) => e.body.reason === "exited" && e.body.threadId === threads.get("fast.1")), "fast.1 to end");
        const invalidated = () => t.otherEvents.filter((e) => e.event === "invalidated");
        const focused = async () => (await t.client.customRequest("stepwise/focused", { threadId: slow })).body as { refreshed: boolean };
        if (supportsInvalidatedEvent) {
          await t.waitUntil(() => invalidated().length > 0, "an invalidated event");
          assert.deepEqual(invalidated()[0].body, { areas: ["variables"] });
          // The client had slow.1's scopes from before fast.1 ended: focusing slow.1 gets them refetched.
          assert.deepEqual(await focused(), { refreshed: true });
          await t.waitUntil(() => invalidated().length > 1, "a second invalidated event");
        } else {
          await new Promise((resolve) => setTimeout(resolve, 300));
          assert.deepEqual(await focused(), { refreshed: false });
          assert.deepEqual(invalidated(), [], "a client that did not ask for invalidated events gets none");
        }
        assert.deepEqual(shown(await scopeVariables(t.client, slow, "Memoized state")), [["fast.1", '"fast.1"']], "the paused branch now sees fast.1's result");
        assert.deepEqual(await focused(), { refreshed: false }, "scopes given after the change are not refetched");
        await t.continueToEnd();
      } finally {
        await t.close();
      }
    }
  });
});

describe("restart frame", () => {
  test("restartFrame on a step reruns from that step with the results from before it", async () => {
    const t = await startDebugging({ program: protocol, function: "seq", stopOnEntry: false }, { configure: (c) => c.setFunctionBreakpointsRequest({ breakpoints: [{ name: "b" }] }) });
    try {
      const [stop] = await t.waitForStops(1, 0);
      const frames = await t.client.stackTraceRequest({ threadId: stop.body.threadId! });
      assert.equal(frames.body.stackFrames[0].canRestart, true);
      await assert.rejects(t.client.restartFrameRequest({ frameId: frames.body.stackFrames[1].id }), /restart frame works on a step's frame/);
      await t.client.restartFrameRequest({ frameId: frames.body.stackFrames[0].id });
      const [restarted] = await t.waitForStops(1, 1);
      assert.equal(restarted.body.reason, "restart");
      assert.equal(restarted.body.threadId, 1);
      assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), [["a", '"A"']], "the rerun starts with a's result");
      await t.client.continueRequest({ threadId: 1 });
      const [again] = await t.waitForStops(1, 2);
      assert.equal(again.body.reason, "function breakpoint");
      assert.equal(await t.threadName(again.body.threadId!), "b");
      await t.continueToEnd();
      const [rerun, original] = listRecordedRuns(t.journal).runs;
      assert.equal(original.status, "cancelled");
      assert.equal(rerun.status, "completed");
      assert.equal(rerun.output, "AB");
      const calls = readJournal(rerun.file).filter((e) => e.type === "call");
      assert.ok(!calls.some((c) => c.type === "call" && c.step === "a"), "step a did not run again");
    } finally {
      await t.close();
    }
  });
});
