// Attach: the debugger serves the Dev Server, the user's own app (Express, started with
// INNGEST_DEV) sends events, and every run they start is debugged — a thread per run and per
// step, named after their run while several are live — until the client disconnects.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { startDebugging, threadsByName } from "./support/dap-harness";
import { freePort, startProcess } from "./support/processes";
import { repoRoot } from "./support/runtime-harness";

const expressApp = path.join(repoRoot, "test-fixtures", "served", "express-app.ts");

const post = async (url: string, body: unknown) => (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json() as Promise<{ ids: string[] }>;

describe("attach to the user's app", () => {
  test("a run an event starts stops on entry in its own thread, its parallel steps stop as threads named after the run, and it completes in the app's process", async () => {
    const apiPort = await freePort();
    const appPort = await freePort();
    const app = startProcess(["--import", "tsx", expressApp], { cwd: repoRoot, env: { INNGEST_DEV: `http://127.0.0.1:${apiPort}`, PORT: String(appPort) } });
    await app.waitFor(/listening/);
    const t = await startDebugging({ apiPort, url: `http://127.0.0.1:${appPort}/api/inngest` }, { request: "attach" });
    try {
      const threads = await threadsByName(t.client);
      assert.deepEqual([...threads.keys()], [`Stepwise Dev Server http://127.0.0.1:${apiPort}`]);

      const [first, second] = await Promise.all([post(`http://127.0.0.1:${appPort}/checkout`, { order: "o-1", total: 5, items: 1 }), post(`http://127.0.0.1:${appPort}/checkout`, { order: "o-2", total: 6, items: 2 })]);
      const entries = await t.waitForStops(2, 0);
      assert.deepEqual(entries.map((s) => s.body.reason), ["entry", "entry"]);
      const names = await Promise.all(entries.map((s) => t.threadName(s.body.threadId!)));
      for (const name of names) assert.match(name!, /^checkout [0-9A-Z]{6}$/);
      assert.notEqual(entries[0].body.threadId, entries[1].body.threadId, "each run has its thread");

      await t.client.continueRequest({ threadId: entries[0].body.threadId! });
      const branches = await t.waitForStops(2, 2);
      const branchNames = await Promise.all(branches.map((s) => t.threadName(s.body.threadId!)));
      const run = names[0]!;
      assert.deepEqual(branchNames.sort(), [`${run} · charge-card`, `${run} · reserve-stock`].sort(), "step threads carry their run while two runs are live");

      const run2 = await t.client.stackTraceRequest({ threadId: entries[1].body.threadId! });
      assert.equal(run2.body.stackFrames[0].name, "discovery call #1");
      // Thread 1 lets every held call go; the runs the checkouts fan out to stop on entry too.
      const completed = () => t.output.filter((o) => /^Run \w+ of (checkout|pack) completed/.test(o.text)).length;
      let seen = t.stops.length;
      await t.client.continueRequest({ threadId: 1 });
      await t.waitUntil(() => {
        if (t.stops.length > seen) {
          seen = t.stops.length;
          void t.client.continueRequest({ threadId: 1 });
        }
        return completed() === 2 + 6;
      }, "both checkouts and their six pack runs to complete");
      const done = t.output.filter((o) => /of checkout completed/.test(o.text)).map((o) => o.text).join("");
      assert.match(done, new RegExp(`"pid":${app.child.pid}`), "the steps ran in the app's own process");
      assert.ok(first.ids[0] && second.ids[0]);
    } finally {
      await t.close();
      app.child.kill();
    }
  });

  test("attach refuses a port that is taken, naming it", async () => {
    const busy = await freePort();
    const server = (await import("node:net")).createServer().listen(busy, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      await assert.rejects(startDebugging({ apiPort: busy }, { request: "attach" }), (err: Error) => (assert.match(err.message, new RegExp(`^Stepwise: cannot listen for the SDK on 127\\.0\\.0\\.1:${busy} \\(EADDRINUSE\\)`)), true));
    } finally {
      server.close();
    }
  });
});
