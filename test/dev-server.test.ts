// `stepwise dev` in a user's daily loop, as the Inngest Dev Server: their own app (Express, Hono)
// started with INNGEST_DEV pointing at it, syncing, sending events with inngest.send(), parallel
// steps and fan-out running in the app's own process, the REST API answering; and module mode
// reloading on an edit while a run in flight finishes on the code it started with.
import assert from "node:assert/strict";
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { listRecordedRuns, readJournal } from "../runtime/journal";
import { eventually, freePort, startProcess, type Started } from "./support/processes";
import { repoRoot, tempDir } from "./support/runtime-harness";

const cli = path.join(repoRoot, "dist", "cli.js");
const served = (name: string) => path.join(repoRoot, "test-fixtures", "served", name);

interface RestRun {
  run_id: string;
  status: string;
  output?: unknown;
  function_id: string;
}

async function startDev(args: string[], env: Record<string, string> = {}): Promise<{ dev: Started; url: string }> {
  const port = await freePort();
  const dev = startProcess([cli, "dev", "-p", String(port), "--journal", tempDir(), ...args], { cwd: tempDir(), env });
  await dev.waitFor(/page: /);
  return { dev, url: `http://127.0.0.1:${port}` };
}

async function startApp(file: string, devUrl: string): Promise<{ app: Started; url: string; port: number }> {
  const port = await freePort();
  // The user's app runs from their project: here, the repository (its node_modules hold the SDK).
  const app = startProcess(["--import", "tsx", file], { cwd: repoRoot, env: { INNGEST_DEV: devUrl, PORT: String(port) } });
  await app.waitFor(/listening \d+/);
  return { app, url: `http://127.0.0.1:${port}`, port };
}

/** A user's project in a temporary folder, the SDK installed (linked from this repo): its folder and the path of `file` in it. */
function userProject(file: string): { project: string; module: string } {
  const project = tempDir();
  mkdirSync(path.join(project, "node_modules"));
  symlinkSync(path.join(repoRoot, "node_modules", "inngest"), path.join(project, "node_modules", "inngest"));
  return { project, module: path.join(project, file) };
}

const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await (await fetch(url, init)).json()) as T;
const post = <T>(url: string, body: unknown) => json<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function finishedRuns(devUrl: string, eventId: string): Promise<RestRun[]> {
  return eventually(async () => {
    const { data } = await json<{ data: RestRun[] }>(`${devUrl}/v1/events/${eventId}/runs`);
    return data.length > 0 && data.every((r) => r.status !== "Running") && data;
  }, `the runs of event ${eventId} to end`);
}

for (const [framework, file, appId] of [["Express", "express-app.ts", "express-shop"], ["Hono", "hono-app.ts", "hono-shop"]] as const) {
  describe(`a ${framework} app of the user's, beside stepwise dev`, () => {
    test(`it registers itself when its endpoint gets a PUT, events it sends run its functions in its own process, and the REST API answers`, async () => {
      const { dev, url } = await startDev(["--no-discovery", "--no-poll"]);
      const { app, url: appUrl } = await startApp(served(file), url);
      const put = await fetch(`${appUrl}/api/inngest`, { method: "PUT" });
      assert.equal(put.status, 200);
      await dev.waitFor(new RegExp(`app ${appId} registered itself \\(${appUrl.replace(/[.]/g, "\\.")}/api/inngest\\): checkout, pack, welcome`));

      const { ids: [signup] } = await post<{ ids: string[] }>(`${appUrl}/signup`, { email: "ada@example.com" });
      const [welcome] = await finishedRuns(url, signup);
      assert.deepEqual([welcome.function_id, welcome.status, welcome.output], [`${appId}-welcome`, "Completed", "welcome ada@example.com"]);

      const { ids: [order] } = await post<{ ids: string[] }>(`${appUrl}/checkout`, { order: "o-1", total: 9, items: 2 });
      const [checkout] = await finishedRuns(url, order);
      assert.deepEqual(checkout.output, { charge: "charged 9", stock: "reserved 2", pid: app.child.pid });
      // The fan-out: step.sendEvent of three shop/pack events, each a run of `pack`.
      const packs = await eventually(async () => {
        const runs = await json<Array<{ function: string; status: string; parentRunId: string | null }>>(`${url}/api/runs`);
        const mine = runs.filter((r) => r.function === "pack" && r.parentRunId === checkout.run_id);
        return mine.length === 3 && mine.every((r) => r.status === "completed") && mine;
      }, "the three pack runs");
      assert.equal(packs.length, 3);
      assert.match(dev.stdout(), new RegExp(`^checkout  ${checkout.run_id}  completed  \\d+ ms$`, "m"), "one log line per run");

      const info = await json<{ handlers: Array<{ url: string; framework: string; functionIds: string[] }> }>(`${url}/dev`);
      assert.deepEqual(info.handlers.map((h) => [h.url, h.framework]), [[`${appUrl}/api/inngest`, framework.toLowerCase()]]);
      app.child.kill();
      dev.child.kill();
    });
  });
}

describe("stepwise dev -u", () => {
  test("syncs an app at its own URL at start, as inngest-cli dev -u does", async () => {
    const appPort = await freePort();
    const devPort = await freePort();
    const devUrl = `http://127.0.0.1:${devPort}`;
    const app = startProcess(["--import", "tsx", served("express-app.ts")], { cwd: repoRoot, env: { INNGEST_DEV: devUrl, PORT: String(appPort) } });
    await app.waitFor(/listening/);
    const dev = startProcess([cli, "dev", "-p", String(devPort), "-u", `http://127.0.0.1:${appPort}/api/inngest`, "--no-discovery", "--journal", tempDir()], { cwd: tempDir() });
    await dev.waitFor(/app express-shop synced \(http:\/\/127\.0\.0\.1:\d+\/api\/inngest\): checkout, pack, welcome/);
    const { ids: [id] } = await post<{ ids: string[] }>(`${devUrl}/e/key`, { name: "shop/signed-up", data: { email: "bob@example.com" } });
    assert.equal((await finishedRuns(devUrl, id))[0].output, "welcome bob@example.com");
    app.child.kill();
    dev.child.kill();
  });

  test("an app that is not up yet is retried until it is, and then kept", async () => {
    const appPort = await freePort();
    const { dev, url } = await startDev(["-u", `127.0.0.1:${appPort}/api/inngest`, "--no-discovery", "--poll-interval", "1"]);
    await dev.waitFor(/http:\/\/127\.0\.0\.1:\d+\/api\/inngest: cannot reach the app at/);
    const app = startProcess(["--import", "tsx", served("express-app.ts")], { cwd: repoRoot, env: { INNGEST_DEV: url, PORT: String(appPort) } });
    await app.waitFor(/listening/);
    await dev.waitFor(/app express-shop synced/);
    app.child.kill();
    dev.child.kill();
  });

  test("an app that stops answering shows why in the apps list and GET /dev, as the Dev Server's UpdateAppError", async () => {
    const { dev, url } = await startDev(["--no-discovery", "--poll-interval", "1"]);
    const { app, url: appUrl } = await startApp(served("express-app.ts"), url);
    await fetch(`${appUrl}/api/inngest`, { method: "PUT" });
    await dev.waitFor(/app express-shop registered itself/);
    app.child.kill();
    const apps = await eventually(async () => {
      const list = await json<Array<{ id: string | null; error: string | null }>>(`${url}/api/apps`);
      return list.some((a) => a.id === "express-shop" && a.error) && list;
    }, "the app's error in /api/apps");
    assert.match(apps.find((a) => a.id === "express-shop")!.error!, /cannot reach the app/);
    const info = await json<{ handlers: Array<{ url: string; error: string | null }> }>(`${url}/dev`);
    assert.ok(info.handlers.some((h) => /cannot reach the app/.test(h.error ?? "")), JSON.stringify(info.handlers));
    dev.child.kill();
  });

  test("discovery finds an app on $PORT, as the Dev Server's does", async () => {
    const appPort = await freePort();
    const devPort = await freePort();
    const app = startProcess(["--import", "tsx", served("express-app.ts")], { cwd: repoRoot, env: { INNGEST_DEV: `http://127.0.0.1:${devPort}`, PORT: String(appPort) } });
    await app.waitFor(/listening/);
    const dev = startProcess([cli, "dev", "-p", String(devPort), "--poll-interval", "1", "--journal", tempDir()], { cwd: tempDir(), env: { PORT: String(appPort) } });
    await dev.waitFor(new RegExp(`app express-shop synced \\(http://127\\.0\\.0\\.1:${appPort}/api/inngest\\)`));
    app.child.kill();
    dev.child.kill();
  });

  test("--api-port names the port when both are given, and --port is ignored with one line", async () => {
    const apiPort = await freePort();
    const dev = startProcess([cli, "dev", "-p", "1", "--api-port", String(apiPort), "--no-discovery", "--journal", tempDir()], { cwd: tempDir() });
    await dev.waitFor(new RegExp(`stepwise dev: http://127\\.0\\.0\\.1:${apiPort}`));
    assert.equal(dev.stderr().trim(), `stepwise: --port 1 ignored: --api-port ${apiPort} names the Dev Server port`);
    dev.child.kill();
  });
});

describe("module mode", () => {
  test("an edit reloads the module; a run in flight finishes on the code it started with, the next run uses the new code", async () => {
    const { module } = userProject("versioned.ts");
    const version = (v: number) => `import { existsSync } from "node:fs";
import { Inngest } from "inngest";
const inngest = new Inngest({ id: "versioned-app" });
const VERSION = ${v};
export const versioned = inngest.createFunction({ id: "versioned", triggers: [{ event: "app/versioned" }] }, async ({ event, step }) => {
  await step.run("hold", async () => {
    while (event.data.go && !existsSync(String(event.data.go))) await new Promise((r) => setTimeout(r, 20));
  });
  return step.run("version", () => VERSION);
});
`;
    writeFileSync(module, version(1));
    const { dev, url } = await startDev([module, "--no-discovery"]);
    await dev.waitFor(/app versioned-app synced/);
    const go = path.join(tempDir(), "go");
    const { ids: [first] } = await post<{ ids: string[] }>(`${url}/e/key`, { name: "app/versioned", data: { go } });
    await eventually(async () => (await json<{ data: RestRun[] }>(`${url}/v1/events/${first}/runs`)).data.length === 1, "the first run to start");
    writeFileSync(module, version(2));
    await dev.waitFor(/versioned\.ts changed — reloading/);
    await dev.waitFor(/app versioned-app reloaded/);
    writeFileSync(go, "");
    assert.equal((await finishedRuns(url, first))[0].output, 1, "the run in flight kept the code it started on");
    const { ids: [second] } = await post<{ ids: string[] }>(`${url}/e/key`, { name: "app/versioned", data: {} });
    assert.equal((await finishedRuns(url, second))[0].output, 2);
    dev.child.kill();
  });

  test("--max-state-mb raises the state a run may store, as for stepwise run", async () => {
    const { module } = userProject("big.ts");
    writeFileSync(
      module,
      `import { Inngest } from "inngest";
const inngest = new Inngest({ id: "big-app" });
export const big = inngest.createFunction({ id: "big", retries: 0, triggers: [{ event: "app/big" }] }, async ({ step }) => {
  const a = await step.run("a", () => "a".repeat(2.5 * 1024 * 1024));
  const b = await step.run("b", () => "b".repeat(2.5 * 1024 * 1024));
  return a.length + b.length;
});
`,
    );
    const { dev, url } = await startDev([module, "--no-discovery", "--max-state-mb", "8"]);
    await dev.waitFor(/app big-app synced/);
    const { ids: [event] } = await post<{ ids: string[] }>(`${url}/e/key`, { name: "app/big", data: {} });
    const [run] = await finishedRuns(url, event);
    assert.deepEqual([run.status, run.output], ["Completed", 5 * 1024 * 1024]);
    dev.child.kill();
  });

  test("--checkpointing lets the SDK checkpoint the steps it runs inline, as for stepwise run", async () => {
    const journal = tempDir();
    const { dev, url } = await startDev([path.join(repoRoot, "test-fixtures", "apps", "protocol.ts"), "--no-discovery", "--checkpointing", "--journal", journal]);
    await dev.waitFor(/synced/);
    const { ids: [event] } = await post<{ ids: string[] }>(`${url}/e/key`, { name: "test/seq", data: {} });
    const [run] = await finishedRuns(url, event);
    assert.equal(run.status, "Completed");
    const [recorded] = listRecordedRuns(journal).runs;
    assert.ok(readJournal(recorded.file).some((e) => e.type === "checkpoint"), "the journal holds the SDK's checkpoints");
    dev.child.kill();
  });

  test("saved by renaming a new file over it, as many editors do: a broken save keeps the old code, the fixed save reloads", async () => {
    const { project, module } = userProject("renamed.ts");
    const source = (body: string) => `import { Inngest } from "inngest";
const inngest = new Inngest({ id: "renamed-app" });
export const renamed = inngest.createFunction({ id: "renamed", triggers: [{ event: "app/renamed" }] }, async () => ${body});
`;
    const saveByRename = (text: string) => {
      const temporary = path.join(project, ".renamed.ts.tmp");
      writeFileSync(temporary, text);
      renameSync(temporary, module);
    };
    writeFileSync(module, source('"v1"'));
    const { dev, url } = await startDev([module, "--no-discovery"]);
    await dev.waitFor(/app renamed-app synced/);
    saveByRename(source('"v2" +'));
    await dev.waitFor(/still serving the code from before/);
    saveByRename(source('"v3"'));
    await dev.waitFor(/app renamed-app reloaded/);
    const { ids: [event] } = await post<{ ids: string[] }>(`${url}/e/key`, { name: "app/renamed", data: {} });
    assert.equal((await finishedRuns(url, event))[0].output, "v3");
    dev.child.kill();
  });
});
