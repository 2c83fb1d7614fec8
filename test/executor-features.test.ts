// Executor features beyond steps, through the real SDK: signals (step.waitForSignal, sendSignal),
// realtime publishing, cron runs, and checkpointing (production's default in SDK v4).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Inngest } from "inngest";
import { CronScheduler } from "../runtime/cron-scheduler";
import { readJournal } from "../runtime/journal";
import type { Orchestrator } from "../runtime/orchestrator";
import { timelineFromJournal } from "../runtime/timeline-data";
import type { FunctionConfig, InngestEvent, RunSnapshot } from "../runtime/types";
import { runToEnd, startApp } from "./support/runtime-harness";

async function waitUntil(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const waitingStep = (app: Orchestrator, runId: string) => () => [...(app.runs.get(runId)?.steps.values() ?? [])].some((s) => s.status === "waiting");

describe("signals", () => {
  let app: Orchestrator;
  let client: Inngest;
  before(async () => {
    app = await startApp("signals-realtime.ts");
    client = new Inngest({ id: "signal-sender", isDev: true, baseUrl: app.apiUrl });
  });
  after(() => app.close());

  test("inngest.sendSignal resumes the step waiting for it, which gets { signal, data }", async () => {
    const fn = app.findFunction("waits-for-approval");
    const run = app.startRun(fn, { name: "doc/submitted", data: { id: "a1" } });
    await waitUntil(waitingStep(app, run.id), "the signal wait");
    const sent = await client.sendSignal({ signal: "approve-a1", data: { by: "ada" } });
    assert.equal(sent.runId, run.id);
    const snapshot = await app.settle(run);
    assert.deepEqual(snapshot.output, { signal: "approve-a1", data: { by: "ada" } });
  });

  test("step.sendSignal from another function resumes the waiting run", async () => {
    const waiting = app.startRun(app.findFunction("waits-for-approval"), { name: "doc/submitted", data: { id: "a2" } });
    await waitUntil(waitingStep(app, waiting.id), "the signal wait");
    const { snapshot: sender } = await runToEnd(app, "sends-signal", { data: { id: "a2", by: "bob" } });
    assert.deepEqual(sender.output, { runId: waiting.id });
    assert.deepEqual((await app.settle(waiting)).output, { signal: "approve-a2", data: { by: "bob" } });
  });

  test("a signal nothing waits for: sendSignal gets no run", async () => {
    const sent = await client.sendSignal({ signal: "approve-nobody", data: {} });
    assert.equal(sent.runId, undefined);
  });

  test("a second wait for the same signal fails its run; with onConflict: replace it takes the signal over", async () => {
    const first = app.startRun(app.findFunction("waits-for-approval"), { name: "doc/submitted", data: { id: "a3" } });
    await waitUntil(waitingStep(app, first.id), "the first wait");
    const { snapshot: second } = await runToEnd(app, "waits-for-approval", { data: { id: "a3" } });
    assert.equal(second.status, "failed");
    assert.equal(second.error?.name, "SignalConflict");
    assert.match(second.error!.message, /another run already waits for signal "approve-a3" — pass onConflict: "replace"/);
    const replacing = app.startRun(app.findFunction("replaces-wait"), { name: "doc/resubmitted", data: { id: "a3" } });
    await waitUntil(waitingStep(app, replacing.id), "the replacing wait");
    assert.equal((await client.sendSignal({ signal: "approve-a3", data: { by: "cy" } })).runId, replacing.id);
    assert.deepEqual((await app.settle(replacing)).output, { signal: "approve-a3", data: { by: "cy" } });
    assert.equal(app.runs.get(first.id)!.status, "running", "the replaced wait stays pending until its timeout");
    first.cancel("test over");
  });

  test("a signal wait that times out gets null", async () => {
    const { snapshot } = await runToEnd(app, "waits-for-approval", { data: { id: "a4", timeout: "1s" } });
    assert.equal(snapshot.output, "timed out");
  });
});

describe("realtime publishing", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("signals-realtime.ts")));
  after(() => app.close());

  test("published messages are accepted, journaled and drawn in the timeline", async () => {
    const published: unknown[] = [];
    app.on("run.published", (_run: RunSnapshot, message: unknown) => published.push(message));
    const { snapshot, run } = await runToEnd(app, "publishes");
    assert.equal(snapshot.output, "published");
    assert.deepEqual(published, [
      { channel: "progress", topics: ["status"], data: JSON.stringify({ done: 50 }) },
      { channel: "progress", topics: ["status"], data: JSON.stringify({ done: 100 }) },
    ]);
    assert.equal(readJournal(run.journal.file).filter((e) => e.type === "published").length, 2);
    const marks = timelineFromJournal(run.journal.file)!.marks.filter((m) => m.kind === "published");
    assert.deepEqual(marks.map((m) => m.text), ['published to progress/status: {"done":50}', 'published to progress/status: {"done":100}']);
  });
});

describe("cron", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("signals-realtime.ts")));
  after(() => app.close());

  test("running a cron function now gives it Inngest's inngest/scheduled.timer event", async () => {
    const { snapshot } = await runToEnd(app, "nightly");
    assert.deepEqual(snapshot.output, { name: "inngest/scheduled.timer", cron: "TZ=Europe/Paris 0 3 * * *" });
    assert.match(snapshot.event.id!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test("the scheduler starts a run at the time the schedule names, with that time in the event", async () => {
    const nightly = app.findFunction("nightly");
    // The wall clock as if it were 30 ms before 03:00 in Paris.
    const at = Date.parse("2026-12-02T02:00:00Z");
    const offset = at - 30 - Date.now();
    const fired: Array<{ fn: FunctionConfig; event: InngestEvent }> = [];
    const scheduler = new CronScheduler({ trigger: (fn, event) => fired.push({ fn, event }), log: () => {} }, () => Date.now() + offset);
    try {
      scheduler.schedule([nightly]);
      await waitUntil(() => fired.length === 1, "the cron to fire");
      assert.equal(fired[0].fn.id, nightly.id);
      assert.equal(fired[0].event.name, "inngest/scheduled.timer");
      assert.equal(fired[0].event.id, "2026-12-02T02:00:00Z");
      assert.equal((fired[0].event.data as { cron: string }).cron, "TZ=Europe/Paris 0 3 * * *");
    } finally {
      scheduler.stop();
    }
  });
});

describe("defer()", () => {
  test("a deferred function runs after the run ends, with its data; an aborted one does not", async () => {
    const app = await startApp("defers.ts");
    try {
      const { snapshot, run } = await runToEnd(app, "place-order", { data: { orderId: "o-7" } });
      assert.equal(snapshot.output, "placed");
      const triggered = run.triggered.map((r) => r.snapshot());
      assert.deepEqual(triggered.map((t) => [t.functionSlug, t.status, t.output]), [["send-receipt", "completed", "receipt for o-7"]]);
      assert.ok(triggered[0].startedAt >= snapshot.endedAt!, "the deferred run starts when the parent has ended");
      const deferred = readJournal(run.journal.file).filter((e) => e.type === "deferred");
      assert.deepEqual(deferred.map((e) => e.type === "deferred" && [e.id, e.aborted]), [["receipt", false], ["reminder", false], ["reminder", true]]);
    } finally {
      await app.close();
    }
  });
});

describe("checkpointing", () => {
  test("with checkpointing on, sequential steps cost one SDK call and a checkpoint each, with the same result", async () => {
    const app = await startApp("protocol.ts", { checkpointing: true });
    try {
      const { snapshot, stackOrder } = await runToEnd(app, "seq");
      assert.equal(snapshot.output, "AB");
      assert.deepEqual(stackOrder, ["a", "b"]);
      assert.deepEqual(snapshot.calls, { discovery: 1, step: 0, checkpoint: 2 });
    } finally {
      await app.close();
    }
  });

  test("with checkpointing on, parallel groups still go through planned step calls", async () => {
    const app = await startApp("protocol.ts", { checkpointing: true });
    try {
      const { snapshot } = await runToEnd(app, "all3");
      assert.deepEqual(snapshot.output, ["P1", "P2", "P3"]);
      assert.equal(snapshot.calls.step, 3);
    } finally {
      await app.close();
    }
  });

  test("a gate that holds the checkpoint's answer pauses the function between checkpointed steps", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const checkpoints: string[][] = [];
    const app = await startApp("protocol.ts", {
      checkpointing: true,
      gate: {
        beforeCall: async () => {},
        afterCheckpoint: async (run, hashedIds) => {
          checkpoints.push(hashedIds.map((h) => run.steps.find((s) => s.hashedId === h)!.id));
          if (checkpoints.length === 1) await held;
        },
      },
    });
    try {
      const fn = app.findFunction("seq");
      const run = app.startRun(fn, app.defaultEvent(fn));
      await waitUntil(() => checkpoints.length === 1, "the first checkpoint");
      assert.deepEqual([...run.steps.values()].map((s) => s.id), ["a"], "b has not started while a's checkpoint is held");
      release();
      const snapshot = await app.settle(run);
      assert.equal(snapshot.output, "AB");
      assert.deepEqual(checkpoints, [["a"], ["b"]]);
    } finally {
      await app.close();
    }
  });
});
