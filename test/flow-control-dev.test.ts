// Flow control across many events, the way a user's own code sees it: `stepwise dev` serves the
// app, the test sends events with the real SDK's `inngest.send()` and reads what happened from
// Inngest's REST API v1 (GET /v1/events/{id}/runs, GET and DELETE /v1/runs/{id}).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Inngest } from "inngest";
import { freePort } from "./support/processes";
import { repoRoot, tempDir } from "./support/runtime-harness";

interface RestRun {
  run_id: string;
  status: "Running" | "Completed" | "Failed" | "Cancelled";
  event_id: string;
  output?: unknown;
  ended_at: string | null;
  run_started_at: string;
  function_id: string;
  batch_id?: string;
}

let dev: ChildProcess;
let url = "";
let sender: Inngest;

before(async () => {
  const port = await freePort();
  dev = spawn(process.execPath, [path.join(repoRoot, "dist", "cli.js"), "dev", path.join(repoRoot, "test-fixtures", "flow", "flow-control.ts"), "--api-port", String(port), "--port", "0", "--journal", tempDir()], {
    cwd: tempDir(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stepwise dev did not start: ${out}`)), 60_000);
    dev.stdout!.on("data", (chunk) => {
      out += chunk;
      if (/events:/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    dev.once("exit", (code) => reject(new Error(`stepwise dev exited (${code}): ${out}`)));
  });
  url = `http://127.0.0.1:${port}`;
  sender = new Inngest({ id: "test-sender", isDev: true, baseUrl: url });
});

after(() => {
  dev.kill("SIGTERM");
});

async function send(name: string, data: Record<string, unknown>, id?: string, ts?: number): Promise<string> {
  const { ids } = await sender.send({ name, data, ...(id ? { id } : {}), ...(ts !== undefined ? { ts } : {}) });
  assert.equal(ids.length, 1);
  return ids[0];
}

async function runsOf(eventId: string): Promise<RestRun[]> {
  const res = await fetch(`${url}/v1/events/${eventId}/runs`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: RestRun[]; metadata: { fetched_at: string } };
  assert.ok(body.metadata.fetched_at);
  return body.data;
}

/** Polls the REST API until `check` holds for the event's runs (as a user's code would). */
async function until(eventId: string, check: (runs: RestRun[]) => boolean, what: string, timeoutMs = 20_000): Promise<RestRun[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await runsOf(eventId);
    if (check(runs)) return runs;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; runs: ${JSON.stringify(runs)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const finished = (runs: RestRun[]) => runs.length > 0 && runs.every((r) => r.status !== "Running");

describe("events and runs through the REST API", () => {
  test("send() gets Inngest's event IDs; the run's status and output read back with Inngest's field names", async () => {
    const id = await send("flow/rate-limited", { user: "rest-shape", n: 7 });
    assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    const [run] = await until(id, finished, "the run to end");
    assert.equal(run.status, "Completed");
    assert.equal(run.output, 7);
    assert.equal(run.event_id, id);
    assert.equal(run.function_id, "flow-app-rate-limited");
    assert.ok(run.ended_at && Date.parse(run.ended_at) >= Date.parse(run.run_started_at));
    const one = (await (await fetch(`${url}/v1/runs/${run.run_id}`)).json()) as { data: RestRun };
    assert.deepEqual(one.data, run);
  });

  test("an unknown run is a 404 and a malformed ID a 400, as Inngest answers", async () => {
    assert.equal((await fetch(`${url}/v1/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status, 404);
    const bad = await fetch(`${url}/v1/runs/not-a-ulid`);
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: "Invalid run ID: not-a-ulid", status: 400 });
  });

  test("an event's own ID is its idempotency key: sent twice, it starts one run", async () => {
    const first = await send("flow/rate-limited", { user: "same-id", n: 1 }, "order-42");
    const second = await send("flow/rate-limited", { user: "same-id-2", n: 2 }, "order-42");
    assert.notEqual(first, second, "each send still gets its own internal ID");
    await until(first, finished, "the first run");
    assert.deepEqual(await runsOf(second), []);
  });
});

describe("flow control across events", () => {
  test("debounce: three quick events for one key start one run, with the last event, no sooner than Inngest starts it", async () => {
    const a = await send("flow/debounced", { user: "ada", n: 1 });
    const b = await send("flow/debounced", { user: "ada", n: 2 });
    const beforeLast = Date.now();
    const c = await send("flow/debounced", { user: "ada", n: 3 });
    const [run] = await until(c, finished, "the debounced run");
    assert.deepEqual(run.output, { user: "ada", n: 3 });
    assert.deepEqual([await runsOf(a), await runsOf(b)], [[], []]);
    // The 1 s period, then Inngest's start delay of 1.05 s (debounce.go): not at the period's end.
    const startedAfterLast = Date.parse(run.run_started_at) - beforeLast;
    assert.ok(startedAfterLast >= 2000, `the run started ${startedAfterLast} ms after the last event`);
  });

  test("debounce: an event older (by its ts) than the one waiting changes nothing", async () => {
    const now = Date.now();
    const newer = await send("flow/debounced", { user: "grace", n: 2 }, undefined, now);
    const older = await send("flow/debounced", { user: "grace", n: 1 }, undefined, now - 60_000);
    const [run] = await until(newer, finished, "the debounced run");
    assert.deepEqual(run.output, { user: "grace", n: 2 });
    assert.deepEqual(await runsOf(older), []);
  });

  test("batchEvents: three events start one run whose events hold all three", async () => {
    const ids = [await send("flow/batched", { n: 1 }), await send("flow/batched", { n: 2 }), await send("flow/batched", { n: 3 })];
    const [run] = await until(ids[2], finished, "the batch run");
    assert.deepEqual(run.output, [1, 2, 3]);
    assert.match(run.batch_id ?? "", /^[0-9A-Z]{26}$/);
    for (const id of ids) assert.deepEqual((await runsOf(id)).map((r) => r.run_id), [run.run_id]);
  });

  test("batchEvents with `if`: an event that is not bulk runs alone at once, bulk ones share a batch, and an event ID sent twice is in it once", async () => {
    const alone = await send("flow/batched-bulk", { bulk: false, n: 1 });
    const [unbatched] = await until(alone, finished, "the unbatched run");
    assert.deepEqual([unbatched.output, unbatched.batch_id], [[1], undefined]);
    const first = await send("flow/batched-bulk", { bulk: true, n: 2 }, "bulk-2");
    await send("flow/batched-bulk", { bulk: true, n: 2 }, "bulk-2");
    const last = await send("flow/batched-bulk", { bulk: true, n: 3 });
    const [run] = await until(last, finished, "the batch run");
    assert.deepEqual(run.output, [2, 3]);
    assert.match(run.batch_id ?? "", /^[0-9A-Z]{26}$/);
    assert.deepEqual((await runsOf(first)).map((r) => r.run_id), [run.run_id]);
  });

  test("batchEvents: a batch of one that its timeout starts is a batch too (it has a batch_id)", async () => {
    const only = await send("flow/batched-bulk", { bulk: true, n: 9 });
    const [run] = await until(only, finished, "the batch run after its timeout", 30_000);
    assert.deepEqual(run.output, [9]);
    assert.match(run.batch_id ?? "", /^[0-9A-Z]{26}$/);
  });

  test("rateLimit: a second event for the key within the period starts no run", async () => {
    const first = await send("flow/rate-limited", { user: "limited", n: 1 });
    const second = await send("flow/rate-limited", { user: "limited", n: 2 });
    await until(first, finished, "the first run");
    assert.deepEqual(await runsOf(second), []);
    const other = await send("flow/rate-limited", { user: "someone-else", n: 3 });
    assert.equal((await until(other, finished, "another key's run"))[0].output, 3);
  });

  test("idempotency: the same key within 24 h starts one run", async () => {
    const first = await send("flow/idempotent", { orderId: "o-1", n: 1 });
    const second = await send("flow/idempotent", { orderId: "o-1", n: 2 });
    assert.equal((await until(first, finished, "the first run"))[0].output, 1);
    assert.deepEqual(await runsOf(second), []);
  });

  test("singleton skip: an event while the key's run is running starts nothing", async () => {
    const first = await send("flow/singleton-skip", { user: "solo", n: 1 });
    await until(first, (runs) => runs.length === 1, "the first run to start");
    const second = await send("flow/singleton-skip", { user: "solo", n: 2 });
    assert.equal((await until(first, finished, "the first run"))[0].status, "Completed");
    assert.deepEqual(await runsOf(second), []);
  });

  test("singleton cancel: a new event cancels the key's running run and starts its own", async () => {
    const first = await send("flow/singleton-cancel", { user: "solo", n: 1 });
    await until(first, (runs) => runs.length === 1, "the first run to start");
    const second = await send("flow/singleton-cancel", { user: "solo", n: 2 });
    assert.equal((await until(first, finished, "the first run to be cancelled"))[0].status, "Cancelled");
    const [run] = await until(second, finished, "the second run");
    assert.deepEqual([run.status, run.output], ["Completed", 2]);
  });

  test("cancelOn with match: the matching event cancels its run and no other; DELETE cancels the other", async () => {
    const seven = await send("flow/order.placed", { orderId: 7 });
    const eight = await send("flow/order.placed", { orderId: 8 });
    const [runSeven] = await until(seven, (runs) => runs.length === 1, "order 7's run");
    const [runEight] = await until(eight, (runs) => runs.length === 1, "order 8's run");
    await send("flow/order.cancelled", { orderId: 7 });
    assert.equal((await until(seven, finished, "order 7's run to be cancelled"))[0].status, "Cancelled");
    assert.equal((await runsOf(eight))[0].status, "Running");
    const deleted = await fetch(`${url}/v1/runs/${runEight.run_id}`, { method: "DELETE" });
    assert.equal(deleted.status, 200);
    assert.equal((await until(eight, finished, "order 8's run to be cancelled"))[0].status, "Cancelled");
    assert.notEqual(runSeven.run_id, runEight.run_id);
  });
});
