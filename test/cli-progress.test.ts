// The live line of `stepwise run`, `replay` and `dev` on a terminal: the real CLI (dist/cli.js,
// built by `npm run build`) on a pseudo-terminal from util-linux's `script` (essential on Debian,
// so present on CI machines too), against the real SDK fixtures. And what it must never do: show
// in --json mode, where stderr is no terminal or where the terminal cannot take it, or write onto
// the app's own output.
/* eslint-disable no-control-regex -- the live line is made of terminal escape sequences; these tests look for them */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { CommandIO } from "../cli/io";
import { ProgressLine, type Terminal } from "../cli/progress-line";
import { freePort } from "./support/processes";
import { fixtureApp, repoRoot, tempDir } from "./support/runtime-harness";

const cli = path.join(repoRoot, "dist", "cli.js");
const protocol = fixtureApp("protocol.ts");
const consoleOutput = fixtureApp("console-output.ts");
const ERASE = "\x1b[K";
const CLEAR = `\r${ERASE}`;
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/** A person's terminal: a capable TERM, not a CI job. */
function terminalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { CI: _ci, NO_COLOR: _noColor, ...env } = process.env;
  return { ...env, TERM: "xterm-256color", ...extra };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The CLI with stdout and stderr on a pseudo-terminal: everything the terminal received ("\r\n" read as "\n"). */
function onTerminal(args: string[], env: Record<string, string> = {}) {
  const command = [process.execPath, cli, ...args].map(shellQuote).join(" ");
  const result = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: tempDir(), env: terminalEnv(env), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  return { code: result.status, screen: result.stdout.replace(/\r\n/g, "\n") };
}

function piped(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: tempDir(), env: terminalEnv(), encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What stays on the screen: everything after the line was cleared for the last time. */
const afterLastClear = (screen: string) => screen.slice(screen.lastIndexOf(ERASE) + ERASE.length);

/** Run IDs and times differ from run to run; the rest of the timeline does not. */
const withoutTimes = (text: string) => text.replace(/[0-9A-Z]{26}/g, "<run>").replace(/ *\+?\d[\d,.]*( ms| s)?/g, " #");

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("the live line on a terminal", { skip: !hasScript && "util-linux `script` is not installed (apt-get install util-linux)", timeout: 300_000 }, () => {
  const longRun = (journal: string, ...more: string[]) => ["run", protocol, "--function", "many-sequential", "--event", '{"data":{"n":40}}', "--workers", "1", "--journal", journal, ...more];
  const journal = tempDir("stepwise-progress-");
  let shown: ReturnType<typeof onTerminal>;
  before(() => {
    shown = onTerminal(longRun(journal));
  });

  test("stepwise run shows the module starting and syncing, then the run's steps, calls and time", () => {
    assert.equal(shown.code, 0, shown.screen);
    assert.match(shown.screen, /\rstarting protocol\.ts … \d+\.\d s\x1b\[K/);
    assert.match(shown.screen, /\rsyncing proto-app … \d+\.\d s\x1b\[K/);
    assert.match(shown.screen, /\rmany-sequential · \d+\/\d+ steps done( · \d+ running)? · \d+ calls · \d+\.\d s\x1b\[K/);
  });

  test("what stays on the terminal after the run is what stepwise run prints without one", () => {
    const plain = piped(longRun(journal));
    assert.equal(plain.code, 0, plain.stderr);
    const kept = afterLastClear(shown.screen);
    assert.match(kept, /^many-sequential {2}run [0-9A-Z]{26} /);
    assert.equal(withoutTimes(kept), withoutTimes(plain.stdout));
  });

  test("with --json there is no line: the terminal gets the one JSON object", () => {
    const { code, screen } = onTerminal(longRun(journal, "--json"));
    assert.equal(code, 0, screen);
    assert.doesNotMatch(screen, /\x1b|steps done/);
    assert.equal(JSON.parse(screen).status, "completed");
  });

  test("piped, stderr gets nothing and stdout no control characters", () => {
    const { code, stdout, stderr } = piped(longRun(journal));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, "");
    assert.doesNotMatch(stdout, /[\x1b\r]/);
  });

  const terminals: Array<[string, Record<string, string>, boolean]> = [
    ["TERM=dumb", { TERM: "dumb" }, false],
    ["a CI job (CI=true)", { CI: "true" }, false],
    ["CI=false", { CI: "false" }, true],
    ["NO_COLOR (the line has no colour)", { NO_COLOR: "1" }, true],
  ];
  for (const [what, env, live] of terminals) {
    test(`${what}: ${live ? "the line shows" : "no line"}`, () => {
      const { code, screen } = onTerminal(["run", protocol, "--function", "seq", "--workers", "1", "--journal", journal], env);
      assert.equal(code, 0, screen);
      assert.equal(screen.includes("starting protocol.ts … "), live, screen);
      assert.equal(screen.includes(ERASE), live, screen);
    });
  }

  test("the app's own output (its steps, its logger) is never written onto the line", () => {
    const { code, screen } = onTerminal(["run", consoleOutput, "--event", '{"data":{"n":30}}', "--workers", "1", "--journal", journal]);
    assert.equal(code, 0, screen);
    const printed = [...Array.from({ length: 30 }, (_, i) => `step say-${i} says hi`), "chatty-steps: 30 steps, total 435"];
    for (const text of printed) assert.match(screen, new RegExp(`(^|\\n|\\r\\x1b\\[K)${escape(text)}\\n`), text);
    // The line was on the screen when the later steps printed, and was cleared first.
    assert.match(screen, /chatty-steps · \d+\/\d+ steps done/);
    assert.ok(screen.includes(`${CLEAR}step say-`), screen);
  });

  test("stepwise replay shows how far it has come through a long recording", () => {
    const recorded = piped(longRun(journal, "--json"));
    const { runId } = JSON.parse(recorded.stdout);
    const { code, screen } = onTerminal(["replay", runId, "--journal", journal]);
    assert.equal(code, 0, screen);
    assert.match(screen, /\rreplaying many-sequential · \d+\/40 recorded results · \d+\.\d s\x1b\[K/);
    assert.equal(afterLastClear(screen), `many-sequential run ${runId}: replayed 40 recorded results without divergence; the function completed → 780\n`);
  });

  describe("stepwise dev", () => {
    let dev: ChildProcess | undefined;
    after(() => dev?.exitCode === null && dev.kill("SIGKILL"));

    test("shows the module starting and its app syncing, and nothing live after the start", async () => {
      const port = await freePort();
      const command = [process.execPath, cli, "dev", consoleOutput, "-p", String(port), "--no-discovery", "--no-watch", "--no-cron", "--journal", tempDir()].map(shellQuote).join(" ");
      dev = spawn("script", ["-qec", command, "/dev/null"], { cwd: tempDir(), env: terminalEnv(), stdio: ["ignore", "pipe", "pipe"] });
      let screen = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stepwise dev did not start within 60 s: ${screen}`)), 60_000);
        dev!.stdout!.on("data", (chunk: Buffer) => {
          screen += chunk.toString().replace(/\r\n/g, "\n");
          if (/ page: {3}http:\S+\/\n/.test(screen)) {
            clearTimeout(timer);
            resolve();
          }
        });
        dev!.once("exit", () => reject(new Error(`stepwise dev exited: ${screen}`)));
      });
      dev.kill("SIGTERM");
      assert.match(screen, /\rstarting console-output\.ts … \d+\.\d s\x1b\[K/);
      assert.match(screen, /\rsyncing console-app … \d+\.\d s\x1b\[K/);
      assert.match(screen, /(^|\n|\r\x1b\[K)app console-app synced \(.*console-output\.ts\): chatty-steps\n/);
      assert.doesNotMatch(screen.slice(screen.indexOf("stepwise dev: http")), /\x1b/);
    });
  });
});

describe("the app's own output with --json", { timeout: 120_000 }, () => {
  test("console.log at load and in steps and the SDK's logger reach stderr, every line once; stdout is the one JSON object", () => {
    const { code, stdout, stderr } = piped(["run", consoleOutput, "--event", '{"data":{"n":25}}', "--workers", "2", "--json", "--journal", tempDir()]);
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).output, 300);
    // console.log goes to the host's stdout, the logger's warning to its stderr: two pipes, so their order is not kept.
    const expected = ["console-app loaded", ...Array.from({ length: 25 }, (_, i) => `step say-${i} says hi`), "chatty-steps: 25 steps, total 300", ""];
    assert.deepEqual(stderr.split("\n").sort(), expected.sort());
  });
});

/** A terminal that keeps what was written to it. */
function recordingTerminal(columns?: number): Terminal & { written: string[] } {
  const written: string[] = [];
  return { written, columns, write: (text: string) => written.push(text) };
}

const discardingIO = (): CommandIO => ({ stdout: () => {}, stderr: () => {} });

describe("the progress line", () => {
  test("a line wider than the terminal is cut to fit, so it never wraps", () => {
    const terminal = recordingTerminal(20);
    const progress = new ProgressLine(terminal);
    progress.follow(() => "many-parallel · 412/1,000 steps done");
    progress.stop();
    assert.deepEqual(terminal.written, [`\rmany-parallel · 41…${ERASE}`, CLEAR]);
  });

  test("a terminal nobody sized is taken as 80 columns", () => {
    const terminal = recordingTerminal(0);
    const progress = new ProgressLine(terminal);
    progress.follow(() => "x".repeat(100));
    progress.stop();
    assert.deepEqual(terminal.written, [`\r${"x".repeat(78)}…${ERASE}`, CLEAR]);
  });

  test("output is written after the line is cleared, and the line waits while the output's last line is unfinished", () => {
    const terminal = recordingTerminal(80);
    const progress = new ProgressLine(terminal);
    const io = progress.wrap({ stdout: (t) => terminal.write(t), stderr: (t) => terminal.write(t) });
    progress.follow(() => "busy");
    io.stderr("loading");
    progress.update(true);
    io.stderr(" done\n");
    progress.update(true);
    io.stdout("the timeline\n");
    progress.stop();
    assert.deepEqual(terminal.written, [`\rbusy${ERASE}`, CLEAR, "loading", " done\n", `\rbusy${ERASE}`, CLEAR, "the timeline\n"]);
  });

  test("without a terminal the command's output is handed back untouched", () => {
    const io = discardingIO();
    const progress = new ProgressLine(undefined);
    assert.equal(progress.wrap(io), io);
    assert.equal(progress.live, false);
  });

  const commands: Array<[string, boolean, boolean, NodeJS.ProcessEnv, boolean]> = [
    ["a terminal", false, true, { TERM: "xterm" }, true],
    ["--json", true, true, { TERM: "xterm" }, false],
    ["stderr piped", false, false, { TERM: "xterm" }, false],
    ["TERM=dumb", false, true, { TERM: "dumb" }, false],
    ["CI=true", false, true, { TERM: "xterm", CI: "true" }, false],
    ["CI=1", false, true, { TERM: "xterm", CI: "1" }, false],
    ["CI=false", false, true, { TERM: "xterm", CI: "false" }, true],
    ["CI=0", false, true, { TERM: "xterm", CI: "0" }, true],
    ["NO_COLOR=1", false, true, { TERM: "xterm", NO_COLOR: "1" }, true],
    ["no TERM (Windows)", false, true, {}, true],
  ];
  for (const [what, json, isTTY, env, live] of commands) {
    test(`a command's line: ${what} → ${live ? "live" : "none"}`, () => {
      const stream = { isTTY, columns: 80, write: () => true } as unknown as NodeJS.WriteStream;
      assert.equal(ProgressLine.forCommand(json, stream, env).live, live);
    });
  }
});
