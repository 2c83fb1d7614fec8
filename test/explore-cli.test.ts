// `stepwise explore` through the real CLI (dist/cli.js, built by `npm run build`): the --json
// contract, the exit codes, the text form, and examples that `stepwise replay` replays.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { repoRoot, tempDir } from "./support/runtime-harness";

const cli = path.join(repoRoot, "dist", "cli.js");
const branchOrders = path.join(repoRoot, "test-fixtures", "explore", "branch-orders.ts");

function stepwise(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: tempDir(), encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Explores one function of branch-orders.ts with its own effects folder and journal. */
function exploreCli(functionId: string, ...more: string[]) {
  const dir = tempDir("stepwise-explore-cli-");
  const journal = path.join(dir, "runs");
  const result = stepwise(["explore", branchOrders, "--function", functionId, "--event", JSON.stringify({ data: { dir } }), "--journal", journal, ...more]);
  const effects = () => readFileSync(path.join(dir, "effects.log"), "utf8").trim().split("\n");
  return { ...result, journal, effects };
}

describe("stepwise explore", { timeout: 240_000 }, () => {
  test("--json prints one object with the contract's fields, and several outcomes exit 1", () => {
    const { code, stdout, stderr, journal } = exploreCli("push-order", "--json");
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report), ["function", "recordedRunId", "schedules", "exhaustive", "outcomes"]);
    assert.equal(report.function, "push-order");
    assert.match(report.recordedRunId, /^[0-9A-Z]{26}$/);
    assert.equal(report.schedules, 6);
    assert.equal(report.exhaustive, true);
    assert.equal(report.outcomes.length, 6);
    const first = report.outcomes[0];
    assert.deepEqual(Object.keys(first), ["status", "output", "error", "schedules", "example"]);
    assert.deepEqual(Object.keys(first.example), ["runId", "journal", "order", "faults"]);
    assert.deepEqual([first.status, first.output, first.error, first.schedules, first.example.order, first.example.faults], ["completed", "a,b,c", null, 1, ["a", "b", "c"], []]);
    assert.equal(first.example.journal, path.join(journal, `${first.example.runId}.jsonl`));
  });

  test("one outcome exits 0", () => {
    const { code, stdout, stderr } = exploreCli("independent", "--json");
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout).outcomes.map((o: { output: unknown; schedules: number }) => [o.output, o.schedules]), [[6, 6]]);
  });

  test("the text form prints each outcome with its shortest example, its faults and how to replay it", () => {
    const { code, stdout, stderr, effects } = exploreCli("charge-with-fallback", "--faults");
    assert.equal(code, 1, stderr);
    const lines = stdout.trim().split("\n");
    assert.match(lines[0], /^charge-with-fallback: 2 outcomes in 2 schedules \(every schedule there is\), from run [0-9A-Z]{26} \(optimized fan-in\)$/);
    assert.deepEqual(lines.slice(1, 11).map((l) => l.replace(/[0-9A-Z]{26}/, "<runId>")), [
      "",
      '1. completed → {"charged":"receipt-1"}  (1 schedule)',
      "   order: charge — the recorded order",
      "   replay: stepwise replay <runId>",
      "",
      '2. completed → {"charged":null,"note":"refunded after step \\"charge\\" failed (a failure injected by stepwise explore)"}  (1 schedule)',
      "   order: charge, fallback — differs from the recorded run at position 0",
      '   fault: "charge" failed for good (no retries left): the code got a StepError',
      "   replay: stepwise replay <runId>",
      "",
    ]);
    assert.match(stdout, /^step "fallback" is not in the recording: it ran once for real and its result was reused$/m);
    assert.deepEqual(effects(), ["charge", "fallback"]);
  });

  test("every example is a journal that stepwise replay replays to its outcome", () => {
    const { stdout, journal } = exploreCli("charge-with-fallback", "--faults", "--json");
    const report = JSON.parse(stdout);
    for (const outcome of report.outcomes) {
      const replay = stepwise(["replay", outcome.example.runId, "--journal", journal, "--json"]);
      assert.equal(replay.code, 0, replay.stderr);
      const replayed = JSON.parse(replay.stdout);
      assert.deepEqual([replayed.status, replayed.output, replayed.divergence], [outcome.status, outcome.output, null]);
    }
  });

  test("--max-schedules caps the search and says it is not exhaustive", () => {
    const { code, stdout } = exploreCli("wide-push-order", "--max-schedules", "3", "--json");
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual([report.schedules, report.exhaustive, report.outcomes.length], [3, false, 3]);
  });
});

describe("stepwise explore: bad input gets one line and exit 2", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["no module", ["explore"], /^stepwise: stepwise explore needs a module \(stepwise explore src\/inngest\.ts\)$/],
    ["a missing module", ["explore", "nope/missing.ts"], /^stepwise: no such module: .*missing\.ts — pass the path/],
    ["--max-schedules 0", ["explore", branchOrders, "--max-schedules", "0"], /^stepwise: --max-schedules must be a whole number of at least 1 \(got "0"\)$/],
    ["several functions and no --function", ["explore", branchOrders], /^stepwise: the app has 9 functions — choose one with --function: charge-with-fallback, counted-race, independent, push-order, push-order-v1, retry-safe, wide-independent, wide-independent-v1, wide-push-order$/],
    ["an unknown function", ["explore", branchOrders, "--function", "nope"], /^stepwise: no function "nope" — the app has: charge-with-fallback, counted-race, independent, push-order, push-order-v1, retry-safe, wide-independent, wide-independent-v1, wide-push-order$/],
    ["invalid JSON in --event", ["explore", branchOrders, "--function", "independent", "--event", "{x"], /^stepwise: --event is not valid JSON/],
    ["an unknown option", ["explore", branchOrders, "--fault"], /^stepwise: unknown option --fault \(see stepwise explore --help\)$/],
  ];
  for (const [what, args, message] of cases) {
    test(what, () => {
      const { code, stderr, stdout } = stepwise(args);
      assert.equal(code, 2, stdout + stderr);
      assert.match(stderr.trim(), message);
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
    });
  }

  test("--help documents the command and exits 0", () => {
    const { code, stdout } = stepwise(["explore", "--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: stepwise explore <module> \[options\]/);
    assert.match(stdout, /--max-schedules N/);
    assert.match(stepwise(["--help"]).stdout, /^ {2}explore <module>/m);
  });
});
