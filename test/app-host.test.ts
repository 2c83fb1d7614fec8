import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, test } from "node:test";
import { StepwiseInputError } from "../runtime/errors";
import { readJournal } from "../runtime/journal";
import { Orchestrator } from "../runtime/orchestrator";
import { INFRASTRUCTURE_ERROR } from "../runtime/run";
import { fixtureApp, repoRoot, runToEnd, startApp, tempDir } from "./support/runtime-harness";
import { positionOf } from "./support/throw-markers";

const brokenFixture = (name: string) => path.join(repoRoot, "test-fixtures", "broken", name);

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  return port;
}

async function startServer(file: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", file], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  for await (const chunk of child.stdout!) {
    out += chunk;
    const match = out.match(/listening (\d+)/);
    if (match) return { child, port: Number(match[1]) };
  }
  throw new Error(`server ${file} did not start: ${out}`);
}

describe("the app host", () => {
  test("a host that crashes mid-step is replaced and the step retried; the journal says what happened", async () => {
    const app = await startApp("protocol.ts");
    try {
      const marker = path.join(tempDir(), "crashed");
      const { snapshot, run } = await runToEnd(app, "crash-once", { data: { marker } });
      assert.equal(snapshot.status, "completed");
      assert.equal(snapshot.output, "survived a host crash");
      const notes = readJournal(run.journal.file).filter((e) => e.type === "note");
      assert.equal(notes.length, 1);
      assert.match((notes[0] as { message: string }).message, /during (step "crashes"|a discovery call) \(attempt 1 of 3\); the app host exited with code 7; started a fresh one/);
    } finally {
      await app.close();
    }
  });

  test("a call that never answers fails the run with the call timeout, not a hang", async () => {
    const app = await startApp("protocol.ts", { callTimeoutMs: 1000 });
    try {
      const { snapshot } = await runToEnd(app, "hang");
      assert.equal(snapshot.status, "failed");
      assert.equal(snapshot.error?.name, INFRASTRUCTURE_ERROR);
      assert.match(snapshot.error!.message, /did not answer within 1 s \(call timeout\)/);
    } finally {
      await app.close();
    }
  });

  test("streamed answers (INNGEST_STREAMING=true, HTTP 201) are unwrapped like plain ones", async () => {
    process.env.INNGEST_STREAMING = "true";
    const app = await startApp("fast-slow.ts").finally(() => delete process.env.INNGEST_STREAMING);
    try {
      const { snapshot, stackOrder } = await runToEnd(app, "fast-slow-optimized", { data: { slowMs: 100 } });
      assert.equal(snapshot.status, "completed");
      assert.deepEqual(stackOrder, ["fast.1", "slow.1", "fast.2", "slow.2"]);
    } finally {
      await app.close();
    }
  });

  test("an app that refuses in-band sync is synced out of band through /fn/register", async () => {
    process.env.INNGEST_ALLOW_IN_BAND_SYNC = "false";
    const app = await startApp("protocol.ts").finally(() => delete process.env.INNGEST_ALLOW_IN_BAND_SYNC);
    try {
      assert.ok(app.functions.some((f) => f.id === "proto-app-seq"));
      assert.equal(app.findFunction("flaky").maxAttempts, 3);
      const { snapshot } = await runToEnd(app, "seq");
      assert.equal(snapshot.output, "AB");
    } finally {
      await app.close();
    }
  });

  test("the API answers paths it does not offer with a 404 and says so in the log", async () => {
    const app = await startApp("protocol.ts");
    const logged: string[] = [];
    app.on("log", (m: string) => logged.push(m));
    try {
      const res = await fetch(`${app.apiUrl}/v1/realtime/token`, { method: "POST", body: "{}" });
      assert.equal(res.status, 404);
      assert.deepEqual(logged, ["stepwise: POST /v1/realtime/token was requested (by the app or another client), which this executor does not offer (404)"]);
    } finally {
      await app.close();
    }
  });

  test("runs against a user's own running app given by URL", async () => {
    const apiPort = await freePort();
    const server = await startServer(fixtureApp("standalone-server.ts"), { INNGEST_DEV: `http://127.0.0.1:${apiPort}` });
    const app = await Orchestrator.start({ url: `http://127.0.0.1:${server.port}/api/inngest` }, { apiPort, journalDir: tempDir() });
    try {
      const { snapshot } = await runToEnd(app, "seq");
      assert.equal(snapshot.output, "AB");
      const fanOut = await runToEnd(app, "fan-out");
      assert.deepEqual(fanOut.run.triggered.map((r) => r.snapshot().output).sort(), [10, 20]);
    } finally {
      await app.close();
      server.child.kill();
    }
  });

  test("a URL that answers HTML is named as not an Inngest endpoint", async () => {
    const server = await startServer(brokenFixture("not-json-server.ts"), {});
    try {
      await assert.rejects(
        Orchestrator.start({ url: `http://127.0.0.1:${server.port}/api/inngest` }, { apiPort: 0, journalDir: tempDir() }),
        (err: Error) => err instanceof StepwiseInputError && /answered the sync with HTTP 200 and a body that is not JSON .* is this URL an Inngest serve\(\) endpoint\?/.test(err.message),
      );
    } finally {
      server.child.kill();
    }
  });

  test("bad modules are refused with one line that names the problem", async () => {
    const cases: Array<[string, RegExp | string]> = [
      [brokenFixture("missing.ts"), /^no such module: .*missing\.ts/],
      [brokenFixture("no-functions.ts"), /exports no Inngest functions/],
      [brokenFixture("syntax-error.ts"), /syntax-error\.ts:7:\d+: Expected "}" but found ";"/],
      [brokenFixture("throws-on-load.ts"), /threw while loading: missing DATABASE_URL/],
    ];
    for (const [file, message] of cases) await assertRefused(file, message);
  });

  test("a module that throws while loading is reported at the TypeScript line that threw", async () => {
    const file = brokenFixture("throws-on-load.ts");
    const { line, column } = positionOf(file, 'new Error("missing DATABASE_URL")');
    await assertRefused(file, `${file} threw while loading: missing DATABASE_URL (at throws-on-load.ts:${line}:${column})`);
  });

  test("a SyntaxError thrown while loading (JSON.parse of a missing setting) is a throw at its line, not a syntax mistake in the file", async () => {
    const file = brokenFixture("parses-missing-setting.ts");
    const { line, column } = positionOf(file, "JSON.parse(");
    await assertRefused(file, `${file} threw while loading: SyntaxError: "undefined" is not valid JSON (at parses-missing-setting.ts:${line}:${column + "JSON.".length})`);
  });

  test("a directory given as the module is named as a directory, with what to pass instead", async () => {
    const dir = path.join(repoRoot, "test-fixtures", "broken");
    await assertRefused(dir, `${dir} is a directory — pass the file that exports your Inngest functions`);
  });

  test("a module that throws a value that is not an Error says so, with the value", async () => {
    const file = brokenFixture("throws-non-error.ts");
    await assertRefused(file, `${file} threw a string, not an Error, while loading: "DATABASE_URL is not set" — it carries no line; throw new Error(...) to see where`);
  });

  test("an import of a package that is not installed names the package, the importing line and where it was looked for", async () => {
    const file = brokenFixture("missing-package.ts");
    const { line, column } = positionOf(file, '"@stepwise-fixtures/not-installed"');
    await assertRefused(
      file,
      `${file}:${line}:${column}: cannot find package "@stepwise-fixtures/not-installed" — it is not installed in any node_modules folder from ${path.dirname(file)} up (npm install @stepwise-fixtures/not-installed)`,
    );
  });

  test("an import of a file of the module's own that does not exist names the file and the importing line", async () => {
    const file = brokenFixture("missing-file.ts");
    const { line, column } = positionOf(file, '"./not-there"');
    await assertRefused(
      file,
      `${file}:${line}:${column}: cannot find "./not-there" (no file ${brokenFixture("not-there")} with a .ts, .tsx, .js or .json extension, nor a folder with an index file)`,
    );
  });

  test("load failures of a module loaded as ESM (top-level await) get the same one-line reports", async () => {
    const throws = brokenFixture("tla-throws-on-load.ts");
    const thrownAt = positionOf(throws, "new Error(");
    await assertRefused(throws, `${throws} threw while loading: missing DATABASE_URL in the secret store (at tla-throws-on-load.ts:${thrownAt.line}:${thrownAt.column})`);
    const missing = brokenFixture("tla-missing-package.ts");
    await assertRefused(
      missing,
      `${missing}:${positionOf(missing, "not-installed").line}: cannot find package "@stepwise-fixtures/not-installed" — it is not installed in any node_modules folder from ${path.dirname(missing)} up (npm install @stepwise-fixtures/not-installed)`,
    );
    await assertRefused(brokenFixture("tla-syntax-error.ts"), /^[^ ]*syntax-error\.ts:7:\d+: Expected "}" but found ";"$/);
  });

  test("a module whose inngest import resolves to a package that is not the SDK is told so", async () => {
    const project = tempDir("stepwise-fake-sdk-");
    const fake = path.join(project, "node_modules", "inngest");
    mkdirSync(fake, { recursive: true });
    writeFileSync(path.join(fake, "package.json"), JSON.stringify({ name: "inngest", version: "0.0.1", main: "index.js" }));
    writeFileSync(path.join(fake, "index.js"), "exports.Inngest = class { createFunction(opts, handler) { return { opts, handler }; } };\n");
    const file = path.join(project, "functions.ts");
    writeFileSync(file, 'import { Inngest } from "inngest";\nexport const fn = new Inngest().createFunction({ id: "fn" }, async () => "x");\n');
    await assertRefused(
      file,
      `the "inngest" that ${file} imports (${fake}, version 0.0.1) is not the Inngest SDK: it has no "inngest/node" to serve the functions with — install the SDK in that project (npm install inngest)`,
    );
  });
});

/** Starting on the module fails with a StepwiseInputError: one line, no stack frames, the expected text. */
async function assertRefused(file: string, expected: RegExp | string): Promise<void> {
  await assert.rejects(Orchestrator.start({ program: file }, { journalDir: tempDir() }), (err: Error) => {
    assert.ok(err instanceof StepwiseInputError, `${file}: ${err.stack}`);
    if (typeof expected === "string") assert.equal(err.message, expected);
    else assert.match(err.message, expected);
    assert.ok(!err.message.includes("\n"), "one line");
    assert.ok(!/\s{2,}at \S/.test(err.message), "no stack frame");
    return true;
  });
}
