// The fault suite: what a tester did to Stepwise, each case through the real CLI with the real
// SDK. Every case checks the exit code, one clear line on stderr, no stack trace, and a journal
// that lost nothing.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, describe, test } from "node:test";
import { listRecordedRuns, readJournal } from "../runtime/journal";
import { startDebugging } from "./support/dap-harness";
import { freePort } from "./support/processes";
import { repoRoot, tempDir } from "./support/runtime-harness";

const cli = path.join(repoRoot, "dist", "cli.js");
const faultApp = path.join(repoRoot, "test-fixtures", "faults", "misbehaving-app.ts");
const durable = path.join(repoRoot, "test-fixtures", "faults", "durable-steps.ts");

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Started {
  child: ChildProcess;
  finished: Promise<Finished>;
}

/** Starts the CLI; `finished` resolves when it exits (or rejects after `timeoutMs`). */
function startCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Started {
  const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd ?? tempDir(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c) => (stdout += c));
  child.stderr!.on("data", (c) => (stderr += c));
  const finished = new Promise<Finished>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`stepwise ${args.join(" ")} did not exit within ${options.timeoutMs ?? 90_000} ms; stderr: ${stderr}`));
    }, options.timeoutMs ?? 90_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, finished };
}

const stepwise = (args: string[], options: { cwd?: string; timeoutMs?: number } = {}) => startCli(args, options).finished;

/** One line on stderr, no stack frames, no Node warnings. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /\n\s+at |Unhandled|TypeError|ReferenceError/);
}

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const effects = (dir: string) => (existsSync(path.join(dir, "effects.log")) ? readFileSync(path.join(dir, "effects.log"), "utf8").trim().split("\n") : []);
const count = (list: string[], what: string) => list.filter((l) => l === what).length;
const journalFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".jsonl")) : []);

/** A misbehaving app on a free port; stopped after the suite. */
const servers: ChildProcess[] = [];
after(() => servers.forEach((s) => s.kill("SIGKILL")));

async function startFaultyApp(fault: string, at: "sync" | "call"): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", faultApp], { env: { ...process.env, INNGEST_DEV: "1", FAULT: fault, FAULT_AT: at, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
  servers.push(child);
  let out = "";
  for await (const chunk of child.stdout!) {
    out += chunk;
    const match = out.match(/listening (\d+)/);
    if (match) return `http://127.0.0.1:${match[1]}/api/inngest`;
  }
  throw new Error(`the faulty app did not start: ${out}`);
}

describe("an app that breaks the protocol at sync", () => {
  const cases: Array<[string, RegExp]> = [
    ["500", /^stepwise: (syncing http:\/\/127\.0\.0\.1:\d+\/api\/inngest failed: HTTP 500|http:\/\/127\.0\.0\.1:\d+\/api\/inngest answered the sync with HTTP 500 and a body that is not JSON)/],
    ["garbage", /^stepwise: http:\/\/127\.0\.0\.1:\d+\/api\/inngest answered the sync with HTTP 200 and a body that is not JSON \("<html><body>surprise/],
    ["close", /^stepwise: cannot reach the app at http:\/\/127\.0\.0\.1:\d+\/api\/inngest \(.+\) — is it running\?$/],
    ["hang", /^stepwise: cannot reach the app at http:\/\/127\.0\.0\.1:\d+\/api\/inngest \(.*time.*\) — is it running\?$/i],
  ];
  for (const [fault, message] of cases) {
    test(`an app answering the sync with "${fault}" gets one line and exit 2, and Stepwise exits at once`, async () => {
      const url = await startFaultyApp(fault, "sync");
      const journal = tempDir();
      const { code, stderr, stdout } = await stepwise(["run", "--url", url, "--api-port", "0", "--journal", journal, "--call-timeout", "1"]);
      assert.equal(code, 2, stdout + stderr);
      assertOneLine(stderr, message);
      assert.deepEqual(journalFiles(journal), []);
    });
  }
});

describe("an app that breaks the protocol on a call", () => {
  const cases: Array<[string, RegExp]> = [
    ["500", /the app at http:\/\/127\.0\.0\.1:\d+\/api\/inngest answered HTTP 500 with a body that is not JSON \("Internal Server Error…"\)/],
    ["garbage", /answered HTTP 200 with a body that is not JSON \("<html><body>surprise/],
    ["not-ops", /the app answered HTTP 206 with \{"not":"an array"\}, which is not a list of Inngest opcodes/],
    ["bogus-op", /the app answered HTTP 206 with an unknown opcode "Bogus" \(in \{"op":"Bogus"\}\)/],
    ["close", /the app at http:\/\/127\.0\.0\.1:\d+\/api\/inngest is unreachable \((ECONNRESET|socket hang up)\)/],
    ["hang", /the app did not answer within 1 s \(call timeout\)/],
  ];
  for (const [fault, message] of cases) {
    test(`"${fault}" fails the call, is retried as Inngest retries, then fails the run: exit 1 and one line`, async () => {
      const url = await startFaultyApp(fault, "call");
      const journal = tempDir();
      const { code, stderr, stdout } = await stepwise(["run", "--url", url, "--api-port", "0", "--journal", journal, "--call-timeout", "1"]);
      assert.equal(code, 1, stdout + stderr);
      assertOneLine(stderr, new RegExp(`^stepwise: run failed: .*${message.source}.*\\(a discovery call, attempt 2 of 2; no attempts left\\)$`));
      const [file] = journalFiles(journal);
      const entries = readJournal(path.join(journal, file));
      assert.deepEqual(entries.map((e) => e.type), ["run", "call", "call-failed", "note", "retry", "call", "call-failed", "end"]);
      assert.equal(entries.filter((e) => e.type === "call-failed").every((e) => e.type === "call-failed" && e.retriable), true);
    });
  }
});

describe("app hosts that die", () => {
  test("a host killed mid-step is replaced and the step retried; the run completes and says so", async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await stepwise(["run", durable, "--function", "crashes-once", "--event", JSON.stringify({ data: { dir } }), "--workers", "1"]);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, "");
    assert.deepEqual(effects(dir), ["crash", "survived"]);
    assert.match(stdout, /note: the app at .* is unreachable \(ECONNRESET\) during (step "crashes"|a discovery call) \(attempt 1 of 3\); the app host was killed \(SIGKILL\); started a fresh one/);
  });

  test("a host that dies on every attempt fails the run: exit 1, one line, the journal complete", async () => {
    const dir = tempDir();
    const journal = tempDir();
    const { code, stderr } = await stepwise(["run", durable, "--function", "always-crashes", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--journal", journal]);
    assert.equal(code, 1);
    assertOneLine(stderr, /^stepwise: run failed: the app at .* is unreachable \(ECONNRESET\) \((step "crashes"|a discovery call), attempt 2 of 2; no attempts left\)$/);
    assert.deepEqual(effects(dir), ["crash", "crash"]);
    const entries = readJournal(path.join(journal, journalFiles(journal)[0]));
    assert.equal(entries.at(-1)?.type, "end");
  });
});

describe("a killed CLI: the run is interrupted, and resumes", () => {
  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    test(`${signal} mid-step: the run is listed as interrupted, and resume finishes it without running a completed step again`, async () => {
      const dir = tempDir();
      const journal = tempDir();
      const cwd = tempDir();
      const started = startCli(["run", durable, "--function", "three-steps", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--journal", journal], { cwd });
      await waitFor("step b to start", () => count(effects(dir), "b-start") === 1);
      started.child.kill(signal);
      const killed = await started.finished;
      if (signal === "SIGINT") {
        assert.equal(killed.code, 130);
        assertOneLine(killed.stderr, /^stepwise: interrupted run (\w+) of three-steps — go on with: stepwise resume \1$/);
      }
      const [file] = journalFiles(journal);
      const runId = file.replace(/\.jsonl$/, "");
      // The app host goes when its parent goes.
      await waitFor("the runs list to show the run interrupted", () => {
        const listed = JSON.parse(spawnSync(process.execPath, [cli, "runs", "--json", "--journal", journal], { encoding: "utf8" }).stdout);
        return listed[0]?.status === "interrupted" && listed;
      });

      writeFileSync(path.join(dir, "go"), "");
      const resumed = await stepwise(["resume", runId.slice(0, 12), "--json", "--journal", journal], { cwd });
      assert.equal(resumed.code, 0, resumed.stderr);
      const report = JSON.parse(resumed.stdout);
      assert.equal(report.runId, runId);
      assert.equal(report.status, "completed");
      assert.equal(report.output, "ABC");
      assert.deepEqual(report.stackOrder, ["a", "b", "c"]);
      const ran = effects(dir);
      assert.equal(count(ran, "a"), 1, "a completed before the kill and does not run again");
      assert.equal(count(ran, "b-start"), 2, "b was in flight: it is retried");
      assert.deepEqual([count(ran, "b-end"), count(ran, "c")], [1, 1]);
      const entries = readJournal(path.join(journal, file));
      assert.equal(entries.filter((e) => e.type === "run").length, 1);
      assert.equal(entries.filter((e) => e.type === "resumed").length, 1);
      assert.equal(entries.at(-1)?.type, "end");
    });
  }

  test("the debugger's resume launch goes on with an interrupted run to its end", async () => {
    const dir = tempDir();
    const journal = tempDir();
    const started = startCli(["run", durable, "--function", "three-steps", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--journal", journal]);
    await waitFor("step b to start", () => count(effects(dir), "b-start") === 1);
    started.child.kill("SIGKILL");
    await started.finished;
    const runId = journalFiles(journal)[0].replace(/\.jsonl$/, "");
    writeFileSync(path.join(dir, "go"), "");
    const t = await startDebugging({ resume: runId, journal, stopOnEntry: false, stopOnParallel: false });
    try {
      await t.waitUntil(() => t.otherEvents.some((e) => e.event === "exited"), "the resumed run to end");
      const recorded = listRecordedRuns(journal).runs[0];
      assert.equal(recorded.runId, runId);
      assert.equal(recorded.status, "completed");
      assert.equal(recorded.output, "ABC");
      assert.equal(count(effects(dir), "a"), 1);
    } finally {
      await t.close();
    }
  });

  test("resume refuses a run that has ended, with one line", async () => {
    const journal = tempDir();
    const dir = tempDir();
    writeFileSync(path.join(dir, "go"), "");
    const done = await stepwise(["run", durable, "--function", "three-steps", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--journal", journal, "--json"]);
    assert.equal(done.code, 0, done.stderr);
    const { code, stderr } = await stepwise(["resume", JSON.parse(done.stdout).runId, "--journal", journal]);
    assert.equal(code, 2);
    assertOneLine(stderr, /^stepwise: run \w+ has ended \(completed\); only an interrupted run can be resumed — start a new one with stepwise run, or replay it with stepwise replay \w+$/);
  });
});

describe("the end of a recording is not a divergence", () => {
  test("replay of a run interrupted mid-step reports the recorded status, exit 0, divergence null", async () => {
    const dir = tempDir();
    const journal = tempDir();
    const started = startCli(["run", durable, "--function", "three-steps", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--journal", journal]);
    await waitFor("step b to start", () => count(effects(dir), "b-start") === 1);
    started.child.kill("SIGKILL");
    await started.finished;
    const runId = journalFiles(journal)[0].replace(/\.jsonl$/, "");
    const { code, stdout, stderr } = await stepwise(["replay", runId, "--json", "--journal", journal]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { runId, function: "three-steps", status: "interrupted", output: null, divergence: null });
    assert.equal(count(effects(dir), "b-start"), 1, "replay runs no step body");
  });

  test("replay of a run that failed on the step limit reports failed, exit 0, divergence null", async () => {
    const journal = tempDir();
    const failed = await stepwise(["run", path.join(repoRoot, "test-fixtures", "apps", "protocol.ts"), "--function", "loop", "--max-steps", "2", "--journal", journal, "--json", "--workers", "1"]);
    assert.equal(failed.code, 1);
    const runId = JSON.parse(failed.stdout).runId;
    const { code, stdout, stderr } = await stepwise(["replay", runId, "--json", "--journal", journal]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { runId, function: "loop", status: "failed", output: null, divergence: null });
  });
});

describe("journal folders that cannot be written, and journal files that cannot be read", () => {
  test("a read-only journal folder gets one line and exit 2 before anything runs", async (t) => {
    const journal = tempDir();
    const ro = readOnlyFolder(journal);
    if (!ro) return t.skip("cannot make a read-only folder here (not root, and chmod does not bind root)");
    try {
      const dir = tempDir();
      const { code, stderr } = await stepwise(["run", durable, "--function", "three-steps", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--journal", journal]);
      assert.equal(code, 2);
      assertOneLine(stderr, /^stepwise: cannot write the run journal in .* \((EROFS|EACCES)\) — pass a writable folder with --journal$/);
      assert.deepEqual(effects(dir), []);
    } finally {
      ro.undo();
    }
  });

  test("torn and garbage journal files are each skipped with one line; the good runs are listed", async () => {
    const journal = tempDir();
    const dir = tempDir();
    writeFileSync(path.join(dir, "go"), "");
    const good = await stepwise(["run", durable, "--function", "three-steps", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--journal", journal, "--json"]);
    const goodId = JSON.parse(good.stdout).runId;
    const torn = readFileSync(path.join(journal, `${goodId}.jsonl`), "utf8") + '{"type":"note","at":1,"mess';
    writeFileSync(path.join(journal, "01TORN0000000000000000000.jsonl"), torn.replaceAll(goodId, "01TORN0000000000000000000"));
    writeFileSync(path.join(journal, "01STARTONLY00000000000000.jsonl"), '{"type":"run"}\n');
    writeFileSync(path.join(journal, "01NULL0000000000000000000.jsonl"), "null\n");
    writeFileSync(path.join(journal, "01GARBAGE000000000000000.jsonl"), "\u0000\u0001 not json at all\nmore\n");
    const { code, stdout, stderr } = await stepwise(["runs", "--json", "--journal", journal]);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).map((r: { runId: string }) => r.runId).sort(), ["01TORN0000000000000000000", goodId].sort());
    const lines = stderr.trim().split("\n").sort();
    assert.equal(lines.length, 3, stderr);
    assert.match(lines[0], /^stepwise: skipped 01GARBAGE0+\.jsonl:1: this journal line is not JSON — the file was edited or damaged$/);
    assert.match(lines[1], /^stepwise: skipped 01NULL0+\.jsonl:1: this line is not a journal entry \(null\) — the file was edited or damaged$/);
    assert.match(lines[2], /^stepwise: skipped 01STARTONLY0+\.jsonl does not start with a run entry/);
    for (const broken of ["01NULL0000000000000000000", "01STARTONLY00000000000000"]) {
      const replay = await stepwise(["replay", broken, "--journal", journal]);
      assert.equal(replay.code, 2);
      assertOneLine(replay.stderr, /^stepwise: cannot read the journal .*: /);
    }
  });

  test("a full disk stops the run with one line; what was written stays, and the run resumes once there is room", async (t) => {
    const journal = tempDir();
    const disk = smallDisk(journal, 96);
    if (!disk) return t.skip("cannot mount a small tmpfs here (needs root and mount)");
    try {
      const dir = tempDir();
      const { code, stdout, stderr } = await stepwise(["run", durable, "--function", "big-steps", "--event", JSON.stringify({ data: { dir, size: 30_000 } }), "--workers", "1", "--journal", journal, "--max-state-mb", "1"]);
      assert.equal(code, 1, stdout + stderr);
      assertOneLine(stderr, /^stepwise: run interrupted: cannot write the run journal .* \(the disk is full\) — the run stopped; free the space and resume it with: stepwise resume (\w+)$/);
      const runId = /stepwise resume (\w+)$/.exec(stderr.trim())![1];
      disk.grow(1024);
      const listed = JSON.parse((await stepwise(["runs", "--json", "--journal", journal])).stdout);
      assert.equal(listed[0].status, "interrupted");
      const resumed = await stepwise(["resume", runId, "--journal", journal, "--json"]);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal(JSON.parse(resumed.stdout).output, 60_000);
      assert.equal(count(effects(dir), "first"), 1, "the first step was recorded before the disk filled up and is not run again");
    } finally {
      disk.undo();
    }
  });
});

describe("small things a tester found", () => {
  test("stepwise runs | head -1 prints one line and no EPIPE", () => {
    const journal = tempDir();
    for (let i = 0; i < 3000; i++) {
      const runId = `01PIPE${String(i).padStart(20, "0")}`;
      writeFileSync(path.join(journal, `${runId}.jsonl`), JSON.stringify({ type: "run", at: 1_700_000_000_000 + i, runId, functionId: "f", functionSlug: "f", event: { name: "e", data: {} }, limits: {} }) + "\n" + JSON.stringify({ type: "end", at: 1_700_000_000_100 + i, status: "completed", stack: [], calls: { discovery: 1, step: 0 }, bytesSent: 0 }) + "\n");
    }
    const out = execFileSync("bash", ["-c", `node "${cli}" runs --journal "${journal}" | head -1; echo "exit \${PIPESTATUS[0]}" >&2`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(out.trim().split("\n").length, 1);
    const r = spawnSync("bash", ["-c", `node "${cli}" runs --journal "${journal}" | head -1 >/dev/null`], { encoding: "utf8" });
    assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
  });

  test("--call-timeout past setTimeout's limit waits as long as asked, not zero", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "go"), "");
    const { code, stderr } = await stepwise(["run", durable, "--function", "three-steps", "--event", JSON.stringify({ data: { dir } }), "--workers", "1", "--call-timeout", "2147484"]);
    assert.equal(code, 0, stderr);
  });

  test("a port that is taken gets one line naming --api-port, for run, replay and resume", async () => {
    const busy = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => busy.once("listening", r));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const url = await startFaultyApp("500", "call");
      const { code, stderr } = await stepwise(["run", "--url", url, "--api-port", String(port)]);
      assert.equal(code, 2);
      assertOneLine(stderr, new RegExp(`^stepwise: cannot listen for the SDK on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\) — .*--api-port`));
    } finally {
      busy.close();
    }
  });

  test("run --url with --api-port takes the SDK's calls on that port", async () => {
    const port = await freePort();
    const url = await startFaultyApp("hang", "call");
    const started = startCli(["run", "--url", url, "--api-port", String(port), "--call-timeout", "5"]);
    const deadline = Date.now() + 20_000;
    let answer: { ids?: string[]; status?: number } | undefined;
    while (!answer && Date.now() < deadline) {
      answer = await fetch(`http://127.0.0.1:${port}/e/local`, { method: "POST", body: JSON.stringify({ name: "nobody/listens", data: {} }) }).then(
        (r) => r.json() as Promise<{ ids?: string[]; status?: number }>,
        () => undefined,
      );
      if (!answer) await new Promise((r) => setTimeout(r, 50));
    }
    started.child.kill("SIGINT");
    await started.finished;
    assert.equal(answer?.status, 200);
    assert.equal(answer?.ids?.length, 1);
  });
});

describe("a debug adapter client that sends a broken message", () => {
  test("stepwise dap answers a message whose body is not JSON with an output event and stays up", async () => {
    // The client here is deliberately broken, so it frames its messages by hand.
    const adapter = spawn(process.execPath, [cli, "dap"], { stdio: ["pipe", "pipe", "pipe"] });
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    let received = "";
    adapter.stdout!.on("data", (c) => (received += c));
    try {
      adapter.stdin!.write(frame("{this is not json"));
      adapter.stdin!.write(frame(JSON.stringify({ seq: 1, type: "request", command: "initialize", arguments: { adapterID: "stepwise", pathFormat: "path" } })));
      await waitFor("the initialize response", () => /"command":"initialize"/.test(received) && /"event":"initialized"/.test(received));
      assert.match(received, /"category":"stderr","output":"stepwise: ignored a DAP message it could not read \([^)]*JSON[^)]*\)\\n"/);
      assert.equal(adapter.exitCode, null);
    } finally {
      adapter.kill();
    }
  });
});

interface Undo {
  undo(): void;
}

/** A folder no process can write to: a read-only tmpfs mounted on it (root), else chmod 0500. */
function readOnlyFolder(dir: string): Undo | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o500);
    return { undo: () => chmodSync(dir, 0o700) };
  }
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir]);
  return mounted.status === 0 ? { undo: () => spawnSync("umount", [dir]) } : undefined;
}

/** A tmpfs of `kb` KiB on `dir` (needs root), which can grow later. */
function smallDisk(dir: string, kb: number): (Undo & { grow(kb: number): void }) | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${kb}k,mode=0700`, "tmpfs", dir]);
  if (mounted.status !== 0) return undefined;
  mkdirSync(dir, { recursive: true });
  return {
    grow: (size) => void spawnSync("mount", ["-o", `remount,size=${size}k`, dir]),
    undo: () => void spawnSync("umount", [dir]),
  };
}
