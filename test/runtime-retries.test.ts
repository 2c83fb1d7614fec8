import assert from "node:assert/strict";
import os from "node:os";
import { after, before, describe, test } from "node:test";
import { readJournal } from "../runtime/journal";
import type { Orchestrator } from "../runtime/orchestrator";
import { runToEnd, startApp } from "./support/runtime-harness";

describe("retries and errors (PROTOCOL.md §7)", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("protocol.ts")));
  after(() => app.close());

  test("a step that throws once is retried with attempt+1 and the run completes", async () => {
    const { snapshot, calls } = await runToEnd(app, "flaky");
    assert.equal(snapshot.status, "completed");
    assert.equal(snapshot.output, "ok after 2 tries");
    assert.equal(calls, 3);
    assert.equal(snapshot.steps.find((s) => s.id === "flaky-step")?.attempts, 2);
  });

  test("a step that always throws fails the run after its retries, with the step's error", async () => {
    const { snapshot, calls } = await runToEnd(app, "always-fails");
    assert.equal(snapshot.status, "failed");
    assert.equal(snapshot.error?.name, "TypeError");
    assert.equal(snapshot.error?.message, "injected");
    assert.equal(calls, 3);
    const step = snapshot.steps.find((s) => s.id === "doomed");
    assert.equal(step?.status, "failed");
    assert.equal(step?.attempts, 2);
  });

  test("a failed step is memoized as {error} and the function can catch it", async () => {
    const { snapshot, calls } = await runToEnd(app, "catch-fail");
    assert.equal(snapshot.status, "completed");
    assert.deepEqual(snapshot.output, { caught: "Error", message: "nope" });
    assert.equal(calls, 3);
    const stored = snapshot.stored[snapshot.steps.find((s) => s.id === "nope")!.hashedId] as { error: { message: string } };
    assert.equal(stored.error.message, "nope");
  });

  test("NonRetriableError fails the step at once, without retries", async () => {
    const { snapshot, calls } = await runToEnd(app, "nonretriable");
    assert.equal(snapshot.status, "failed");
    assert.equal(snapshot.error?.message, "this will never work");
    assert.equal(calls, 2);
    assert.equal(snapshot.steps[0].attempts, 1);
  });

  test("RetryAfterError waits the time the step asked for before the retry", async () => {
    const { snapshot, run } = await runToEnd(app, "retry-after");
    assert.equal(snapshot.status, "completed");
    assert.equal(snapshot.output, "ok");
    const entries = readJournal(run.journal.file);
    const firstAnswer = entries.find((e) => e.type === "answer")!;
    const retryCall = entries.filter((e) => e.type === "call")[1];
    assert.ok(retryCall.at - firstAnswer.at >= 900, `retried after ${retryCall.at - firstAnswer.at} ms, asked for 1 s`);
  });

  test("a throw outside any step retries the discovery without re-running memoized steps", async () => {
    const { snapshot, calls } = await runToEnd(app, "fn-error");
    assert.equal(snapshot.status, "completed");
    assert.equal(snapshot.output, "x attempt=1");
    assert.equal(calls, 3);
    assert.equal(snapshot.steps.find((s) => s.id === "before")?.attempts, 1);
  });

  test("a planned step that fails once and a sleep share one barrier: one discovery after both", async () => {
    const marker = `${os.tmpdir()}/stepwise-pm-a-${Date.now()}`;
    const { snapshot, stackOrder, calls } = await runToEnd(app, "par-mixed", { data: { marker } });
    assert.equal(snapshot.status, "completed");
    assert.deepEqual(stackOrder, ["pm-a", "pm-sleep", "pm-after"]);
    assert.equal(calls, 5);
  });
});
