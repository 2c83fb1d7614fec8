// Flow control on real runs (the real SDK over loopback): what one run, or runs started side by
// side in one process, see — concurrency, priority, throttle, timeouts, full CEL triggers, and
// the sync-time refusal of options Inngest rejects.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Orchestrator } from "../runtime/orchestrator";
import type { Run } from "../runtime/run";
import type { InngestEvent, RunSnapshot } from "../runtime/types";
import { repoRoot, startApp, tempDir } from "./support/runtime-harness";

const flowApp = path.join("..", "flow", "flow-control.ts");

interface Span {
  id: string;
  start: number;
  end: number;
}

function spans(dir: string): Span[] {
  const file = path.join(dir, "spans.log");
  if (!existsSync(file)) return [];
  const byId = new Map<string, Span>();
  for (const line of readFileSync(file, "utf8").trim().split("\n")) {
    const [id, what, at] = line.split(" ");
    const span = byId.get(id) ?? { id, start: 0, end: 0 };
    span[what as "start" | "end"] = Number(at);
    byId.set(id, span);
  }
  return [...byId.values()].sort((a, b) => a.start - b.start);
}

/** Whether any two spans ran at the same time. */
const overlapping = (list: Span[]) => list.some((a, i) => list.slice(i + 1).some((b) => a.start < b.end && b.start < a.end));

async function started(orchestrator: Orchestrator, fnId: string, event: Partial<InngestEvent>): Promise<Run> {
  const fn = orchestrator.findFunction(fnId);
  const outcome = await orchestrator.trigger(fn, { ...orchestrator.defaultEvent(fn), ...event } as InngestEvent);
  assert.ok("run" in outcome, "skipped" in outcome ? outcome.skipped : "");
  return outcome.run;
}

describe("flow control on running runs", () => {
  let app: Orchestrator;
  const waiting: Array<{ runId: string; reason: string | null }> = [];
  before(async () => {
    app = await startApp(flowApp);
    app.on("run.waiting", (run: RunSnapshot, reason: string | null) => waiting.push({ runId: run.runId, reason }));
  });
  after(() => app.close());

  test("concurrency limit 1: parallel steps queue one behind the other, and the run says why it waits", async () => {
    const dir = tempDir();
    const run = await started(app, "concurrency-one", { data: { dir } });
    const snapshot = await app.settle(run);
    assert.equal(snapshot.status, "completed");
    const ran = spans(dir);
    assert.deepEqual(ran.map((s) => s.id).sort(), ["p1", "p2", "p3"]);
    assert.equal(overlapping(ran), false, JSON.stringify(ran));
    const reasons = waiting.filter((w) => w.runId === run.id && w.reason).map((w) => w.reason!);
    assert.ok(reasons.length > 0);
    assert.match(reasons[0], new RegExp(`^queued: concurrency 1 of 1 held by run ${run.id} \\((step "p\\d"|discovery)\\)`));
  });

  test("a concurrency key: runs for one user queue, runs for another user run beside them", async () => {
    const dir = tempDir();
    const runs = await Promise.all([
      started(app, "concurrency-per-user", { data: { dir, user: "ada", n: 1 } }),
      started(app, "concurrency-per-user", { data: { dir, user: "ada", n: 2 } }),
      started(app, "concurrency-per-user", { data: { dir, user: "bob", n: 1 } }),
    ]);
    await Promise.all(runs.map((r) => app.settle(r)));
    const ran = spans(dir);
    const ada = ran.filter((s) => s.id.startsWith("ada"));
    assert.equal(overlapping(ada), false, "one user's runs never overlap");
    const bob = ran.find((s) => s.id.startsWith("bob"))!;
    assert.ok(ada.some((a) => a.start < bob.end && bob.start < a.end), "another user's run is not held back");
    assert.ok(waiting.some((w) => w.reason?.includes('concurrency 1 of 1 for key "ada"')));
  });

  test("priority.run: among runs waiting for the slot, the one with the higher factor goes first", async () => {
    const dir = tempDir();
    const first = await started(app, "prioritized", { data: { dir, name: "first", vip: false } });
    const low = await started(app, "prioritized", { data: { dir, name: "low", vip: false } });
    const high = await started(app, "prioritized", { data: { dir, name: "high", vip: true } });
    await Promise.all([first, low, high].map((r) => app.settle(r)));
    assert.deepEqual(spans(dir).map((s) => s.id), ["first", "high", "low"]);
  });

  test("throttle: a second run within the period waits, and says until when", async () => {
    const one = await started(app, "throttled", { data: { n: 1 } });
    const two = await started(app, "throttled", { data: { n: 2 } });
    const [a, b] = await Promise.all([app.settle(one), app.settle(two)]);
    assert.deepEqual([a.output, b.output], [1, 2]);
    const reason = waiting.find((w) => w.runId === two.id && w.reason)?.reason;
    assert.match(reason ?? "", /^throttled: 1 run per 2s; starts at \d{4}-\d\d-\d\dT/);
  });

  test("timeouts.finish cancels a run that sleeps past it", async () => {
    const run = await started(app, "finish-timeout", {});
    const snapshot = await app.settle(run);
    assert.equal(snapshot.status, "cancelled");
    assert.match(snapshot.error!.message, /^cancelled: the run did not finish within timeouts\.finish \(1s\)/);
  });

  test("a trigger using in, has(), size(), startsWith() and ?: fires for a matching event and not for another", async () => {
    const matching = { name: "flow/cel", data: { plan: "pro", email: "ada@example.com", tags: ["a", "b"] } };
    const [id] = app.sendEvent(matching as InngestEvent);
    const [other] = app.sendEvent({ name: "flow/cel", data: { plan: "free", email: "ada@example.com", tags: ["a", "b"] } });
    const runId = await waitFor(() => app.runsByEvent.get(id)?.[0]);
    const snapshot = await app.settle(app.runs.get(runId)!);
    assert.equal(snapshot.output, "matched ada@example.com");
    assert.equal(app.runsByEvent.get(other), undefined);
  });
});

describe("options Inngest refuses at sync", () => {
  const cases: Array<[string, RegExp]> = [
    ["bad-debounce.ts", /^stepwise: function "too-fast": debounce\.period "10ms" is below Inngest's minimum of 1s$/],
    ["bad-trigger.ts", /^stepwise: function "broken-if": trigger "flow\/broken" expression "event\.data\.x ==" is not a valid expression: /],
  ];
  for (const [fixture, message] of cases) {
    test(`${fixture}: one line naming the function and the option, exit 2`, () => {
      const r = spawnSync(process.execPath, [path.join(repoRoot, "dist", "cli.js"), "run", path.join(repoRoot, "test-fixtures", "flow", fixture)], { encoding: "utf8", cwd: tempDir(), timeout: 60_000 });
      assert.equal(r.status, 2);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
    });
  }
});

async function waitFor<T>(check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
