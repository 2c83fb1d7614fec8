// Breakpoints on steps: by step ID or glob, on a source line that calls a step (template IDs
// matched as patterns), and the exception filters: retry, failed for good, limit reached.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { listRecordedRuns } from "../runtime/journal";
import { startDebugging } from "./support/dap-harness";
import { fixtureApp } from "./support/runtime-harness";

const fastSlow = fixtureApp("fast-slow.ts");
const protocol = fixtureApp("protocol.ts");
const demo = fixtureApp("debugger-demo.ts");

describe("step breakpoints", () => {
  test("a function breakpoint by glob stops before every matching step, and only those", async () => {
    let answer: DebugProtocol.SetFunctionBreakpointsResponse | undefined;
    const t = await startDebugging(
      { program: fastSlow, function: "fast-slow-optimized", event: { data: { slowMs: 10 } }, stopOnEntry: false, stopOnParallel: false },
      { configure: async (c) => (answer = await c.setFunctionBreakpointsRequest({ breakpoints: [{ name: "slow.*" }] })) },
    );
    try {
      assert.equal(answer!.body.breakpoints[0].verified, true);
      const [first] = await t.waitForStops(1, 0);
      assert.equal(first.body.reason, "function breakpoint");
      assert.deepEqual(first.body.hitBreakpointIds, [answer!.body.breakpoints[0].id]);
      assert.equal(await t.threadName(first.body.threadId!), "slow.1");
      await t.client.continueRequest({ threadId: first.body.threadId! });
      const [second] = await t.waitForStops(1, 1);
      assert.equal(second.body.reason, "function breakpoint");
      assert.equal(await t.threadName(second.body.threadId!), "slow.2");
      await t.continueToEnd();
      assert.equal(t.stops.length, 2, "fast.1 and fast.2 ran without stopping");
      assert.deepEqual(listRecordedRuns(t.journal).runs[0].stackOrder.sort(), ["fast.1", "fast.2", "slow.1", "slow.2"]);
    } finally {
      await t.close();
    }
  });

  test("a step tool renamed in the handler's parameters (({ step: s }) => s.run(…)) is still a step call for line breakpoints and frames", async () => {
    const renamed = fixtureApp("renamed-step.ts");
    let answer: DebugProtocol.SetBreakpointsResponse | undefined;
    const t = await startDebugging(
      { program: renamed, function: "renamed", stopOnEntry: false },
      { configure: async (c) => (answer = await c.setBreakpointsRequest({ source: { path: renamed }, breakpoints: [{ line: 8 }] })) },
    );
    try {
      assert.deepEqual(answer!.body.breakpoints.map((b) => [b.verified, b.line, b.column]), [[true, 8, 26]]);
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "breakpoint");
      const frames = await t.client.stackTraceRequest({ threadId: stop.body.threadId! });
      assert.deepEqual(frames.body.stackFrames.map((f) => [f.name, f.line]), [['step.run("second")', 8], ["renamed handler", 6]]);
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].output, 2);
    } finally {
      await t.close();
    }
  });

  test("a line breakpoint on a step call is verified and stops there; a line without one is refused with a reason", async () => {
    let answer: DebugProtocol.SetBreakpointsResponse | undefined;
    const t = await startDebugging(
      { program: fastSlow, function: "fast-slow-optimized", event: { data: { slowMs: 10 } }, stopOnEntry: false, stopOnParallel: false },
      { configure: async (c) => (answer = await c.setBreakpointsRequest({ source: { path: fastSlow }, breakpoints: [{ line: 12 }, { line: 1 }] })) },
    );
    try {
      const [onStep, onComment] = answer!.body.breakpoints;
      assert.deepEqual([onStep.verified, onStep.line, onStep.column], [true, 12, 16]);
      assert.equal(onComment.verified, false);
      assert.match(onComment.message!, /^No step call on this line: Stepwise stops before steps .*"debugUserCode": true/);
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "breakpoint");
      assert.deepEqual(stop.body.hitBreakpointIds, [onStep.id]);
      const frames = await t.client.stackTraceRequest({ threadId: stop.body.threadId! });
      assert.deepEqual([frames.body.stackFrames[0].name, frames.body.stackFrames[0].line], ['step.run("fast.2")', 12]);
    } finally {
      await t.close();
    }
  });

  test("a line breakpoint on a template ID (`process-${i}`) stops before each step it makes", async () => {
    let answer: DebugProtocol.SetBreakpointsResponse | undefined;
    const t = await startDebugging(
      { program: demo, event: { data: { email: "ada@example.com" } }, stopOnEntry: false, stopOnParallel: false },
      { configure: async (c) => (answer = await c.setBreakpointsRequest({ source: { path: demo }, breakpoints: [{ line: 15 }] })) },
    );
    try {
      assert.equal(answer!.body.breakpoints[0].verified, true);
      assert.equal(answer!.body.breakpoints[0].message, 'stops before step "process-${i}"');
      const stops = await t.waitForStops(3, 0);
      assert.ok(stops.every((s) => s.body.reason === "breakpoint"));
      const names = await Promise.all(stops.map((s) => t.threadName(s.body.threadId!)));
      assert.deepEqual(names.sort(), ["process-1", "process-2", "process-3"]);
      const frames = await t.client.stackTraceRequest({ threadId: stops[1].body.threadId! });
      assert.equal(frames.body.stackFrames[0].line, 15);
      assert.equal(frames.body.stackFrames[0].name, `step.run("${names[1]}")`);
      assert.equal(frames.body.stackFrames[1].name, "user-flow handler");
      assert.equal(frames.body.stackFrames[1].line, 7);
    } finally {
      await t.close();
    }
  });
});

describe("exception filters", () => {
  test("a flaky step stops before its retry on the 'will retry' filter, naming the error", async () => {
    const t = await startDebugging({ program: protocol, function: "flaky", stopOnEntry: false }, { configure: (c) => c.setExceptionBreakpointsRequest({ filters: ["retry"] }) });
    try {
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "exception");
      assert.equal(stop.body.text, 'step "flaky-step" threw on attempt 1 and will be retried: Error: boom on first try');
      const info = await t.client.exceptionInfoRequest({ threadId: stop.body.threadId! });
      assert.match(info.body.description!, /boom on first try/);
      assert.ok(t.output.some((o) => o.category === "stderr" && /step "flaky-step" attempt 1: Error: boom on first try \(will retry\)/.test(o.text)));
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].output, "ok after 2 tries");
    } finally {
      await t.close();
    }
  });

  test("a step that fails for good stops on the 'failed' filter before the function sees the error", async () => {
    const t = await startDebugging({ program: protocol, function: "always-fails", stopOnEntry: false }, { configure: (c) => c.setExceptionBreakpointsRequest({ filters: ["failed"] }) });
    try {
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "exception");
      assert.equal(stop.body.threadId, 1);
      assert.equal(stop.body.text, 'step "doomed" failed for good after 2 attempts: TypeError: injected');
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].status, "failed");
    } finally {
      await t.close();
    }
  });

  test("going over maxSteps stops on the 'limit' filter with the runtime's message", async () => {
    const t = await startDebugging({ program: protocol, function: "many-parallel", event: { data: { n: 5 } }, maxSteps: 3, stopOnEntry: false, stopOnParallel: false });
    try {
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "exception");
      assert.match(stop.body.text!, /^4 steps \(planning "noop-3"\); a run may have at most 3 — split the work with step.sendEvent/);
      await t.continueToEnd();
      assert.equal(listRecordedRuns(t.journal).runs[0].status, "failed");
    } finally {
      await t.close();
    }
  });
});
