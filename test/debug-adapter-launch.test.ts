// Launching the debugger: bad arguments refused with their name and why; the two ways to run
// the session (inline, as the extension does, and `stepwise dap` over stdio); the child session
// for step bodies; disconnect leaving the journal complete.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { listRecordedRuns, readJournal } from "../runtime/journal";
import type { StepwiseLaunchArguments } from "../debug-adapter/launch-arguments";
import { startDebugging, threadsByName } from "./support/dap-harness";
import { fixtureApp, repoRoot, tempDir } from "./support/runtime-harness";

const protocol = fixtureApp("protocol.ts");
const demo = fixtureApp("debugger-demo.ts");

describe("launch arguments", () => {
  const badJson = path.join(tempDir("stepwise-dap-args-"), "event.json");
  writeFileSync(badJson, "{ not json");
  const refused: Array<[string, Partial<StepwiseLaunchArguments>, RegExp]> = [
    ["no program", {}, /^Stepwise: "program" is required: the module that exports your Inngest functions/],
    ["a missing program", { program: path.join(repoRoot, "nope.ts") }, /^Stepwise: "program": no such file .*nope\.ts$/],
    ["program and url", { program: protocol, url: "http://127.0.0.1:3000/api/inngest" }, /^Stepwise: give either "program" or "url", not both$/],
    ["a url that is not http", { url: "localhost:3000" }, /^Stepwise: "url" must be an http\(s\) URL such as http:\/\/127\.0\.0\.1:3000\/api\/inngest \(got "localhost:3000"\)$/],
    ["maxSteps out of range", { program: protocol, maxSteps: 0 }, /^Stepwise: "maxSteps" must be a whole number from 1 to 10,000 \(got 0\)$/],
    ["maxStateMb not positive", { program: protocol, maxStateMb: -1 }, /^Stepwise: "maxStateMb" must be a positive number of MB \(got -1\)$/],
    ["a flag that is not a boolean", { program: protocol, stopOnEntry: "yes" as unknown as boolean }, /^Stepwise: "stopOnEntry" must be true or false \(got "yes"\)$/],
    ["an event that is not an object", { program: protocol, event: "hello" as never }, /^Stepwise: "event" must be a JSON object such as/],
    ["an eventFile that is not JSON", { program: protocol, eventFile: badJson }, /^Stepwise: "eventFile": event\.json is not valid JSON/],
    ["an unknown recorded run", { program: protocol, replay: "nope", journal: tempDir("stepwise-dap-empty-") }, /^Stepwise: "replay": no recorded run "nope" in /],
    ["an unknown function", { program: protocol, function: "nope" }, /^Stepwise: "function": no function "nope" — the app has: all3, always-fails, .*, seq, /],
    ["no function when the app has several", { program: protocol }, /^Stepwise: "function": the app has \d+ functions — choose one: all3, always-fails, .*, seq, /],
  ];
  for (const [what, args, message] of refused) {
    test(`${what} is refused with the argument's name and why`, async () => {
      await assert.rejects(startDebugging(args), (err: Error) => (assert.match(err.message, message), true));
    });
  }

  test("eventFile gives the trigger event; the default event is the function's first trigger", async () => {
    const eventFile = path.join(tempDir("stepwise-dap-event-"), "seq.json");
    writeFileSync(eventFile, JSON.stringify({ name: "test/seq", data: { suffix: "!" } }));
    const t = await startDebugging({ program: protocol, function: "seq", eventFile, stopOnEntry: false });
    try {
      await t.waitUntil(() => t.otherEvents.some((e) => e.event === "exited"), "the run to end");
      const [run] = listRecordedRuns(t.journal).runs;
      assert.equal(run.output, "AB!");
      assert.equal(run.event.name, "test/seq");
    } finally {
      await t.close();
    }
  });
});

describe("the runtime's activity (the Stepwise Output channel)", () => {
  test("says, a line each, that the module was hosted and synced, each call and its answer, the retry and the run's end", async () => {
    const t = await startDebugging({ program: protocol, function: "flaky", stopOnEntry: false });
    try {
      await t.continueToEnd();
      const lines = t.otherEvents.filter((e) => e.event === "stepwise/activity").map((e) => e.body as { level: string; line: string });
      const text = lines.map((l) => `${l.level} ${l.line}`);
      const runId = listRecordedRuns(t.journal).runs[0].runId;
      const expected: Array<[string, RegExp]> = [
        ["the host", new RegExp(`^info hosting ${protocol.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} in 1 process: pid \\d+ at http://127\\.0\\.0\\.1:\\d+$`)],
        ["the sync", /^info app proto-app synced from module:.*#proto-app: \d+ functions \(all3, always-fails, .*flaky, /],
        ["the run", new RegExp(`^info run ${runId} \\(flaky\\) started by test/flaky$`)],
        ["the first call", new RegExp(`^debug run ${runId} \\(flaky\\) call #1: discovery$`)],
        ["its answer", new RegExp(`^info run ${runId} \\(flaky\\) call #1: discovery → 206 in \\d+ ms: `)],
        ["the retry", new RegExp(`^warn run ${runId} \\(flaky\\) step "flaky-step" threw on attempt 1: Error: boom on first try — retrying$`)],
        ["the end", new RegExp(`^info run ${runId} \\(flaky\\) completed after \\d+ calls$`)],
      ];
      for (const [what, pattern] of expected) assert.ok(text.some((l) => pattern.test(l)), `${what}: no line matches ${pattern}\n${text.join("\n")}`);
      const order = expected.map(([, pattern]) => text.findIndex((l) => pattern.test(l)));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), "in the order it happened");
    } finally {
      await t.close();
    }
  });
});

describe("refocus (a child JavaScript session took the focus)", () => {
  test("sends the latest stop still in place once more: a continued branch's stop is not sent again, the other branch's is", async () => {
    const t = await startDebugging({ program: fixtureApp("fast-slow.ts"), function: "fast-slow-optimized", event: { data: { slowMs: 5 } }, stopOnEntry: false });
    try {
      const [first, second] = await t.waitForStops(2, 0);
      const again = await t.client.customRequest("stepwise/refocus");
      assert.deepEqual(again.body, { refocused: second.body.threadId });
      const [repeated] = await t.waitForStops(1, 2);
      assert.deepEqual([repeated.body.reason, repeated.body.threadId, repeated.body.description], [second.body.reason, second.body.threadId, second.body.description]);
      assert.equal(repeated.body.preserveFocusHint, undefined, "the client focuses it");

      await t.client.continueRequest({ threadId: second.body.threadId! });
      await t.waitUntil(() => t.threadEvents.some((e) => e.body.reason === "exited" && e.body.threadId === second.body.threadId), "the continued branch to finish");
      const other = await t.client.customRequest("stepwise/refocus");
      // The stops sent before the answer, newest first, less the continued branch: the newest is the one in place
      // (first's branch, or the next step of second's branch if it already stopped).
      const inPlace = t.stops.filter((s) => s.body.threadId !== second.body.threadId).at(-1)!;
      assert.notEqual(other.body.refocused, second.body.threadId, "the continued branch's stop is not sent again");
      assert.deepEqual(other.body, { refocused: inPlace.body.threadId });
      assert.ok([first.body.threadId, ...t.threadEvents.filter((e) => e.body.reason === "started").map((e) => e.body.threadId)].includes(other.body.refocused));
    } finally {
      await t.close();
    }
  });
});

describe("the session in process and over stdio", () => {
  test("inline (as the extension runs it): the session exposes its orchestrator, and disconnect leaves the journal complete", async () => {
    const t = await startDebugging({ program: protocol, function: "seq" });
    try {
      await t.waitForStops(1, 0);
      const session = t.session()!;
      assert.ok(session.orchestrator, "the extension's timeline follows session.orchestrator");
      let announced = false;
      session.onOrchestrator(() => (announced = true));
      assert.ok(announced);
      await t.client.disconnectRequest({});
      assert.equal(session.orchestrator, undefined);
      const [run] = listRecordedRuns(t.journal).runs;
      const last = readJournal(run.file).at(-1)!;
      assert.equal(last.type, "end");
      assert.equal(run.status, "cancelled");
    } finally {
      await t.close();
    }
  });

  test("what the module prints while it loads is in the Debug Console, before the first stop", async () => {
    const t = await startDebugging({ program: fixtureApp("console-output.ts"), event: { data: { n: 1 } } });
    try {
      await t.waitForStops(1, 0);
      assert.ok(t.output.some((o) => o.category === "stdout" && o.text.includes("console-app loaded")), JSON.stringify(t.output));
      await t.continueToEnd();
    } finally {
      await t.close();
    }
  });

  test("over stdio (`stepwise dap`): a DAP client debugs a run, and the app's console output arrives as output events", async () => {
    const t = await startDebugging({ program: demo, event: { data: { email: "grace@example.com" } } }, { transport: "stdio" });
    try {
      const [entry] = await t.waitForStops(1, 0);
      assert.equal(entry.body.reason, "entry");
      await t.client.continueRequest({ threadId: 1 });
      await t.waitUntil(() => t.stops.length >= 2, "the first step");
      await t.continueToEnd();
      const text = (category: string) => t.output.filter((o) => o.category === category).map((o) => o.text).join("");
      assert.match(text("stdout"), /updating grace@example\.com/);
      assert.match(text("stderr"), /a warning from the step/);
      assert.match(text("console"), /Run \w+ of user-flow completed → \{"greeting":"hi grace@example\.com on pro"/);
      const adapter = (t.client as unknown as { _adapterProcess: ChildProcess })._adapterProcess;
      await t.client.disconnectRequest({});
      for (let waited = 0; adapter.exitCode === null && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(adapter.exitCode, 0, "the adapter process exits after disconnect");
    } finally {
      await t.close();
    }
  });

  test("step back outside a replay is refused with what to do", async () => {
    const t = await startDebugging({ program: protocol, function: "seq" });
    try {
      await t.waitForStops(1, 0);
      await assert.rejects(t.client.stepBackRequest({ threadId: 1 }), /step back works in a replay — launch with "replay": "<runId>"/);
      assert.deepEqual([...(await threadsByName(t.client)).keys()], ["run seq"]);
    } finally {
      await t.close();
    }
  });

  test("debugUserCode starts the app host under the inspector and announces it as stepwise/childSession", async () => {
    const t = await startDebugging({ program: protocol, function: "seq", debugUserCode: true });
    try {
      await t.waitForStops(1, 0);
      const child = t.otherEvents.find((e) => e.event === "stepwise/childSession");
      assert.ok(child, "the custom event arrived");
      assert.equal(child.body.address, "127.0.0.1");
      const targets = (await (await fetch(`http://127.0.0.1:${child.body.port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl?: string }>;
      assert.ok(targets[0]?.webSocketDebuggerUrl, "a JavaScript debugger can attach there");
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].output, "AB");
    } finally {
      await t.close();
    }
  });
});
