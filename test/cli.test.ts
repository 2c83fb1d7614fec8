import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fixtureApp, repoRoot, tempDir } from "./support/runtime-harness";

const cli = path.join(repoRoot, "dist", "cli.js");

function stepwise(args: string[], cwd = tempDir()) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, cwd };
}

describe("stepwise run", () => {
  test("--json prints exactly one object with the contract's fields", () => {
    const journal = tempDir();
    const { code, stdout } = stepwise(["run", fixtureApp("fast-slow.ts"), "--function", "fast-slow-optimized", "--event", '{"data":{"slowMs":100}}', "--json", "--journal", journal, "--workers", "1"]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report).sort(), ["bytesSent", "calls", "error", "function", "journal", "output", "parallelism", "runId", "stackOrder", "status", "steps", "triggered"]);
    assert.equal(report.function, "fast-slow-optimized");
    assert.equal(report.status, "completed");
    assert.equal(report.output, "done");
    assert.deepEqual(report.stackOrder, ["fast.1", "slow.1", "fast.2", "slow.2"]);
    assert.deepEqual(report.calls, { total: 7, discovery: 3, step: 4, checkpoint: 0 });
    assert.equal(report.parallelism, "optimized");
    assert.equal(path.dirname(report.journal), journal);
    assert.deepEqual(Object.keys(report.steps[0]).sort(), ["attempts", "endedAt", "hashedId", "id", "startedAt", "status"]);
  });

  test("the composite <app>-<fn> ID selects a function too, and failed runs exit 1", () => {
    const { code, stdout } = stepwise(["run", fixtureApp("protocol.ts"), "--function", "proto-app-nonretriable", "--json"]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.status, "failed");
    assert.deepEqual(report.error, { name: "NonRetriableError", message: "this will never work" });
  });

  test("the default output is a timeline with a lane per parallel branch", () => {
    const { code, stdout } = stepwise(["run", fixtureApp("post-payment-flow.ts"), "--workers", "1"]);
    assert.equal(code, 0);
    assert.match(stdout, /^post-payment-flow {2}run \w+ {2}\(optimized parallelism\)$/m);
    assert.match(stdout, /● │ {2}(confirmation-email|update-user)/);
    assert.match(stdout, /│ ● {2}(confirmation-email|update-user)/);
    assert.match(stdout, /completed in .* · 4 calls \(2 discovery, 2 step\)/);
  });

  test("triggered runs are waited for and listed", () => {
    const { code, stdout } = stepwise(["run", fixtureApp("protocol.ts"), "--function", "with-failure", "--json"]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.triggered.length, 1);
    assert.equal(report.triggered[0].function, "with-failure-failure");
    assert.equal(report.triggered[0].status, "completed");
  });
});

describe("bad input gets one line and exit 2", () => {
  // What the app itself prints while it loads comes first (fast-slow.ts's V1 function makes the SDK warn).
  const v1Warning = '`optimizeParallelism: false` is deprecated; use `group.parallel({ mode: "race" }, ...)` for race semantics instead';
  const cases: Array<[string, string[], RegExp, string[]?]> = [
    ["a missing module", ["run", "nope/missing.ts"], /^stepwise: no such module: .*missing\.ts — pass the path/],
    ["a missing module for dev", ["dev", "nope/missing.ts", "-p", "0"], /^stepwise: no such module: .*missing\.ts — pass the path/],
    ["a module without functions", ["run", path.join(repoRoot, "test-fixtures/broken/no-functions.ts")], /exports no Inngest functions/],
    ["an unknown function", ["run", fixtureApp("fast-slow.ts"), "--function", "fast"], /^stepwise: no function "fast" — the app has: fast-slow-optimized, fast-slow-race, fast-slow-v1$/, [v1Warning]],
    ["several functions and no --function", ["run", fixtureApp("fast-slow.ts")], /the app has 3 functions — choose one with --function: fast-slow-optimized, fast-slow-race, fast-slow-v1/, [v1Warning]],
    ["invalid JSON in --event", ["run", fixtureApp("post-payment-flow.ts"), "--event", "{data:1}"], /^stepwise: --event is not valid JSON \(.*\) — pass an object such as '\{"name":"stripe\/charge.created","data":\{\}\}'$/],
    ["a syntax error", ["run", path.join(repoRoot, "test-fixtures/broken/syntax-error.ts")], /syntax-error\.ts:7:\d+: Expected "}" but found ";"/],
    ["an unknown option", ["run", fixtureApp("seq.ts"), "--fast"], /^stepwise: unknown option --fast \(see stepwise run --help\)$/],
    ["an unknown command", ["frobnicate"], /^stepwise: unknown command "frobnicate"/],
    ["a bad --max-steps", ["run", fixtureApp("post-payment-flow.ts"), "--max-steps", "20000"], /^stepwise: --max-steps must be a whole number from 1 to 10,000 \(got "20000"\)$/],
    ["a negative --max-steps", ["run", fixtureApp("post-payment-flow.ts"), "--max-steps", "-1"], /^stepwise: --max-steps must be a whole number from 1 to 10,000 \(got "-1"\)$/],
    ["an unknown run to replay", ["replay", "01NOPE"], /^stepwise: no recorded run "01NOPE"/],
    ["a directory as the module", ["run", path.join(repoRoot, "test-fixtures", "broken")], /^stepwise: .*test-fixtures\/broken is a directory — pass the file that exports your Inngest functions$/],
    ["a module that throws while loading", ["run", path.join(repoRoot, "test-fixtures", "broken", "throws-on-load.ts")], /^stepwise: .*throws-on-load\.ts threw while loading: missing DATABASE_URL \(at throws-on-load\.ts:5:7\)$/],
    ["an unknown run to resume", ["resume", "01NOPE"], /^stepwise: no recorded run "01NOPE"/],
    ["--call-timeout that is not a number", ["run", fixtureApp("seq.ts"), "--call-timeout", "soon"], /^stepwise: --call-timeout must be a positive number of seconds \(got "soon"\)$/],
    ["an option without its value", ["run", fixtureApp("seq.ts"), "--function"], /^stepwise: --function needs a value \(see stepwise run --help\)$/],
  ];
  for (const [what, args, message, appLines = []] of cases) {
    test(`${what}`, () => {
      const { code, stderr, stdout } = stepwise(args);
      assert.equal(code, 2, stdout + stderr);
      const lines = stderr.trim().split("\n");
      assert.deepEqual(lines.slice(0, -1), appLines, stderr);
      assert.match(lines.at(-1)!, message);
    });
  }
});

describe("stepwise runs and replay", () => {
  test("runs lists what run recorded, replay re-drives it, a changed module diverges with exit 1", () => {
    const cwd = tempDir();
    const app = path.join(cwd, "app.ts");
    const original = `import { Inngest } from "inngest";
const inngest = new Inngest({ id: "cli-app" });
export const fn = inngest.createFunction({ id: "two-steps", triggers: [{ event: "cli/go" }] }, async ({ step }) => {
  const a = await step.run("first", () => 1);
  const b = await step.run("second", () => a + 1);
  return b;
});
`;
    writeFileSync(app, original);
    // The temp folder has no node_modules: resolve inngest from this repo.
    writeFileSync(path.join(cwd, "package.json"), "{}");
    const nodeModules = path.join(repoRoot, "node_modules");
    symlinkSync(nodeModules, path.join(cwd, "node_modules"));
    const run = stepwise(["run", app, "--json"], cwd);
    assert.equal(run.code, 0, run.stderr);
    const { runId } = JSON.parse(run.stdout);

    const runs = stepwise(["runs", "--json"], cwd);
    const listed = JSON.parse(runs.stdout);
    assert.equal(listed[0].runId, runId);
    assert.deepEqual(listed[0].stackOrder, ["first", "second"]);
    assert.equal(listed[0].output, 2);

    const replay = stepwise(["replay", runId, "--json"], cwd);
    assert.equal(replay.code, 0, replay.stderr);
    assert.deepEqual(JSON.parse(replay.stdout), { runId, function: "two-steps", status: "completed", output: 2, divergence: null });

    writeFileSync(app, original.replace('step.run("second"', 'step.run("second-v2"'));
    const diverged = stepwise(["replay", runId, "--json"], cwd);
    assert.equal(diverged.code, 1);
    assert.deepEqual(JSON.parse(diverged.stdout).divergence, { position: 1, expected: "second", actual: "second-v2" });
  });

  test("--help documents every command", () => {
    const { code, stdout } = stepwise(["--help"]);
    assert.equal(code, 0);
    for (const command of ["run", "replay", "runs", "lint", "dap", "dev"]) assert.match(stdout, new RegExp(`^  ${command}\\b`, "m"));
    for (const command of ["run", "replay", "runs"]) assert.match(stepwise([command, "--help"]).stdout, new RegExp(`^Usage: stepwise ${command}`));
  });
});

describe("every command's help and version", () => {
  const version = (require("../package.json") as { version: string }).version;
  for (const command of ["run", "resume", "replay", "runs", "lint", "dev", "dap"]) {
    test(`stepwise ${command} -h prints its usage and -v the version, exit 0`, () => {
      const help = stepwise([command, "-h"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: stepwise ${command}`));
      const shown = stepwise([command, "--version"]);
      assert.deepEqual([shown.code, shown.stdout], [0, `${version}\n`]);
    });
  }

  test("-- ends the options: what follows is a positional, even if it starts with --", () => {
    const { code, stderr } = stepwise(["run", "--", "--not-an-option.ts"]);
    assert.equal(code, 2);
    assert.match(stderr.trim(), /^stepwise: no such module: .*--not-an-option\.ts — pass the path/);
  });
});
