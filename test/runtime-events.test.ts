import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Orchestrator } from "../runtime/orchestrator";
import type { Run } from "../runtime/run";
import type { RunSnapshot, StepRecord } from "../runtime/types";
import { runToEnd, startApp } from "./support/runtime-harness";

describe("sleeps, waits, invokes, fan-out and onFailure (PROTOCOL.md §10)", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("protocol.ts")));
  after(() => app.close());

  test("sleep stores null, waitForEvent takes the first event its `if` matches, a timeout stores null", async () => {
    const onPlanned = (_run: RunSnapshot, step: StepRecord) => {
      if (step.id !== "wait-go") return;
      app.sendEvent({ name: "test/go", data: { ok: false } });
      app.sendEvent({ name: "test/go", data: { ok: true, n: 2 } });
    };
    app.on("step.planned", onPlanned);
    try {
      const { snapshot, stackOrder } = await runToEnd(app, "sleep-wait", { data: { sleep: "200ms", neverTimeout: "300ms" } });
      assert.equal(snapshot.status, "completed");
      assert.deepEqual(stackOrder, ["nap", "wait-go", "wait-never", "send-it"]);
      const output = snapshot.output as { got: { name: string; data: unknown; id: string }; timedOut: unknown; sent: { ids: string[] } };
      assert.equal(output.got.name, "test/go");
      assert.deepEqual(output.got.data, { ok: true, n: 2 });
      assert.equal(typeof output.got.id, "string");
      assert.equal(output.timedOut, null);
      assert.equal(output.sent.ids.length, 1);
      assert.equal(snapshot.stored[snapshot.steps.find((s) => s.id === "nap")!.hashedId], null);
    } finally {
      app.off("step.planned", onPlanned);
    }
  });

  test("waitForEvent with match only accepts an event with the same field", async () => {
    const onPlanned = (_run: RunSnapshot, step: StepRecord) => {
      if (step.id !== "wait-approval") return;
      app.sendEvent({ name: "test/approval", data: { orderId: "other", by: "mallory" } });
      app.sendEvent({ name: "test/approval", data: { orderId: "o-1", by: "alice" } });
    };
    app.on("step.planned", onPlanned);
    try {
      const { snapshot } = await runToEnd(app, "wait-match", { data: { orderId: "o-1" } });
      assert.deepEqual(snapshot.output, { approvedBy: "alice" });
    } finally {
      app.off("step.planned", onPlanned);
    }
  });

  test("step.invoke runs the target as its own run and stores its result", async () => {
    const { run, snapshot } = await runToEnd(app, "invoker");
    assert.equal(snapshot.status, "completed");
    assert.deepEqual(snapshot.output, { invoked: "AB-invoked" });
    assert.equal(run.triggered.length, 1);
    assert.equal(run.triggered[0].fn.slug, "invoked-target");
    assert.equal(run.triggered[0].event.name, "inngest/function.invoked");
  });

  test("step.sendEvent fans out to every function whose trigger name and `if` match", async () => {
    const { run, snapshot } = await runToEnd(app, "fan-out");
    assert.equal(snapshot.status, "completed");
    assert.equal((snapshot.output as { ids: string[] }).ids.length, 3);
    const children = run.triggered.map((r) => r.snapshot());
    assert.deepEqual(children.map((c) => c.functionSlug), ["fan-out-item", "fan-out-item"]);
    assert.deepEqual(children.map((c) => c.output).sort(), [10, 20]);
  });

  test("a run that fails for good triggers its onFailure handler with the error", async () => {
    const { run, snapshot } = await runToEnd(app, "with-failure");
    assert.equal(snapshot.status, "failed");
    assert.equal(run.triggered.length, 1);
    const handler = run.triggered[0].snapshot();
    assert.equal(handler.functionSlug, "with-failure-failure");
    assert.equal(handler.status, "completed");
    assert.deepEqual(handler.output, { handled: "fail for onFailure", origFn: "proto-app-with-failure" });
  });
});

describe("the events a run's end sends (finalize.go): function.finished always, then function.cancelled or function.failed", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("lifecycle.ts")));
  after(() => app.close());

  const outputsOf = (run: Run) => run.triggered.map((t) => [t.snapshot().functionSlug, t.snapshot().status, t.snapshot().output]);

  test("a completed run sends function.finished with its result", async () => {
    const { run } = await runToEnd(app, "work");
    assert.deepEqual(outputsOf(run), [["on-finished", "completed", { function: "lifecycle-app-work", status: "Completed", result: { done: 1 }, error: null, trigger: "life/work" }]]);
  });

  test("a failed run sends function.finished with its error (and function.failed, which nothing here listens to)", async () => {
    const { run } = await runToEnd(app, "breaks");
    assert.deepEqual(outputsOf(run), [["on-finished", "completed", { function: "lifecycle-app-breaks", status: "Failed", result: null, error: "the card was declined", trigger: "life/breaks" }]]);
  });

  test("a cancelled run sends function.finished and function.cancelled, whose ID is the run's; the handlers' own ends start no handler", async () => {
    const fn = app.findFunction("sleepy");
    const run = app.startRun(fn, { ...app.defaultEvent(fn), name: "life/sleepy" });
    const sleeping = new Promise<void>((resolve) => app.on("step.planned", (snapshot: RunSnapshot, step: StepRecord) => snapshot.runId === run.id && step.id === "nap" && resolve()));
    await sleeping;
    app.sendEvent({ name: "life/stop", data: {} });
    const snapshot = await app.settle(run);
    assert.equal(snapshot.status, "cancelled");
    assert.deepEqual(outputsOf(run).sort(), [
      ["on-cancelled", "completed", { function: "lifecycle-app-sleepy", sameRun: true }],
      ["on-finished", "completed", { function: "lifecycle-app-sleepy", status: "Cancelled", result: null, error: null, trigger: "life/sleepy" }],
    ]);
    // The on-cancelled run's own end sends function.finished (its trigger is function.cancelled), the on-finished runs' ends do not.
    const onCancelled = run.triggered.find((t) => t.fn.id === "lifecycle-app-on-cancelled")!;
    await app.settle(onCancelled);
    assert.deepEqual(outputsOf(onCancelled), [["on-finished", "completed", { function: "lifecycle-app-on-cancelled", status: "Completed", result: { function: "lifecycle-app-sleepy", sameRun: true }, error: null, trigger: "inngest/function.cancelled" }]]);
    for (const t of run.triggered.filter((t) => t.fn.id === "lifecycle-app-on-finished")) assert.deepEqual(t.triggered, []);
  });
});
