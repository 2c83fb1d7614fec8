// `stepwise lint` as CI runs it: formats, exit codes, bad input, directories with and without a tsconfig.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { main } from "../cli/main";
import type { LintDiagnostic } from "../lint/diagnostic";
import { allRules } from "../lint/rules";

const root = path.resolve(__dirname, "..");
const orders = path.join(root, "test-fixtures", "lint", "realistic", "dev", "orders.ts");

async function lint(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(["lint", ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

test("--format json prints one array of findings and exits 1 when one is an error", async () => {
  const { code, stdout, stderr } = await lint(orders, "--format", "json");
  assert.equal(stderr, "");
  assert.equal(code, 1);
  const findings = JSON.parse(stdout) as LintDiagnostic[];
  assert.ok(Array.isArray(findings));
  const unawaited = findings.find((f) => f.rule === "unawaited-step")!;
  assert.equal(unawaited.file, path.relative(process.cwd(), orders));
  assert.equal(unawaited.severity, "error");
  assert.ok(unawaited.line >= 1 && unawaited.column >= 1 && unawaited.endLine >= unawaited.line);
  assert.deepEqual(new Set(findings.map((f) => f.severity)), new Set(["error", "warning"]));
});

test("--format sarif is SARIF 2.1.0 with every rule and one result per finding", async () => {
  const json = JSON.parse((await lint(orders, "--format=json")).stdout) as LintDiagnostic[];
  const { code, stdout } = await lint(orders, "--format", "sarif");
  assert.equal(code, 1);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, "2.1.0");
  const run = sarif.runs[0];
  assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), allRules.map((r) => r.id));
  assert.equal(run.results.length, json.length);
  const first = run.results[0];
  assert.equal(first.ruleId, json[0].rule);
  assert.equal(first.locations[0].physicalLocation.region.startLine, json[0].line);
  assert.ok(["error", "warning", "note"].includes(first.level));
});

test("text output lists file:line:column, the rule and a summary", async () => {
  const { code, stdout } = await lint(orders);
  assert.equal(code, 1);
  assert.match(stdout, /orders\.ts:23:5 {2}error {4}step\.sendEvent\("order-charged"\) is not awaited.*\[unawaited-step\]/);
  assert.match(stdout, /\d+ problems \(2 errors, \d+ warnings, 0 info\)/);
});

test("a clean file exits 0", async () => {
  const { code, stdout } = await lint(path.join(root, "test-fixtures", "apps", "process-batch.ts"));
  assert.equal(code, 0);
  assert.equal(stdout, "stepwise lint: no problems found\n");
});

test("a directory without a tsconfig.json is linted with default options", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-lint-cli-"));
  writeFileSync(
    path.join(dir, "fn.ts"),
    `import { Inngest } from "inngest";\nconst inngest = new Inngest({ id: "x" });\nexport const f = inngest.createFunction({ id: "f", triggers: [{ event: "a/b" }] }, async ({ step }) => {\n  step.run("a", () => 1);\n});\n`,
  );
  const { code, stdout } = await lint(dir, "--format", "json");
  assert.equal(code, 1);
  const findings = JSON.parse(stdout) as LintDiagnostic[];
  assert.deepEqual(findings.map((f) => [f.rule, f.line, f.column]), [["unawaited-step", 4, 3]]);
});

test("bad input exits 2 with one line on stderr", async () => {
  for (const argv of [["no/such/path.ts"], [orders, "--format", "xml"], [orders, "--frobnicate"], [orders, "--project", "missing/tsconfig.json"], [orders, "--format"], [path.join(root, "package.json")]]) {
    const { code, stdout, stderr } = await lint(...argv);
    assert.equal(code, 2, argv.join(" "));
    assert.equal(stdout, "");
    assert.match(stderr, /^stepwise: [^\n]+\n$/);
  }
});

test("--help lists every rule and exits 0", async () => {
  const { code, stdout } = await lint("--help");
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: stepwise lint/);
  for (const rule of allRules) assert.ok(stdout.includes(rule.id), rule.id);
});
