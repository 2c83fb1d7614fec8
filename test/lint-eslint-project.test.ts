// The ESLint plugin as a user runs it: a sample project with a flat eslint.config.mjs that imports
// `stepwise/eslint-plugin` by its package name, linted by ESLint (the ESLint class), reports exactly
// what `stepwise lint --format json` reports on the same files — same places, rules and message IDs.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ESLint } from "eslint";
import type { LintDiagnostic } from "../lint/diagnostic";
import { allRules } from "../lint/rules";

const root = path.resolve(__dirname, "..");
const realistic = path.join(root, "test-fixtures", "lint", "realistic");
let project = "";

const ESLINT_CONFIG = `import tseslint from "typescript-eslint";
import stepwise from "stepwise/eslint-plugin";

export default [
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
  stepwise.configs.recommended,
];
`;

before(() => {
  // The plugin and the CLI as they ship: dist/eslint-plugin.js (package.json "exports") and dist/cli.js.
  execFileSync(process.execPath, ["build.mjs", "cli", "eslint-plugin"], { cwd: root, timeout: 120_000 });
  project = mkdtempSync(path.join(os.tmpdir(), "stepwise-eslint-project-"));
  for (const set of readdirSync(realistic)) cpSync(path.join(realistic, set), path.join(project, "src", set), { recursive: true });
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, skipLibCheck: true, noEmit: true }, include: ["src"] }, null, 2),
  );
  writeFileSync(path.join(project, "eslint.config.mjs"), ESLINT_CONFIG);
  mkdirSync(path.join(project, "node_modules"));
  for (const dependency of ["inngest", "typescript-eslint"]) symlinkSync(path.join(root, "node_modules", dependency), path.join(project, "node_modules", dependency), "dir");
  symlinkSync(root, path.join(project, "node_modules", "stepwise"), "dir");
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** `file:line:column rule messageId`, the file relative to the project. */
type Finding = string;

async function eslintFindings(): Promise<{ findings: Finding[]; severities: Map<string, number> }> {
  const eslint = new ESLint({ cwd: project });
  const results = await eslint.lintFiles(["src"]);
  const findings: Finding[] = [];
  const severities = new Map<string, number>();
  for (const result of results) {
    const fatal = result.messages.filter((m) => m.fatal);
    assert.deepEqual(fatal.map((m) => m.message), [], `${result.filePath} parses`);
    for (const message of result.messages) {
      assert.ok(message.ruleId?.startsWith("stepwise/"), `only the plugin's rules report: ${message.ruleId}`);
      const rule = message.ruleId!.slice("stepwise/".length);
      findings.push(`${path.relative(project, result.filePath).split(path.sep).join("/")}:${message.line}:${message.column} ${rule} ${message.messageId}`);
      severities.set(rule, message.severity);
    }
  }
  return { findings: findings.sort(), severities };
}

function cliFindings(): Finding[] {
  const run = spawnSync(process.execPath, [path.join(root, "dist", "cli.js"), "lint", "src", "--format", "json"], { cwd: project, encoding: "utf8", timeout: 120_000 });
  assert.equal(run.stderr, "");
  assert.equal(run.status, 1, "stepwise lint exits 1: the sample project has error findings");
  return (JSON.parse(run.stdout) as LintDiagnostic[]).map((d) => `${d.file}:${d.line}:${d.column} ${d.rule} ${d.messageId}`).sort();
}

test("ESLint with the plugin's recommended config finds exactly what stepwise lint finds in a sample project", async () => {
  const [{ findings }, cli] = [await eslintFindings(), cliFindings()];
  assert.ok(cli.length >= 60, `the sample project has findings to compare (${cli.length})`);
  assert.deepEqual(findings, cli);
  const rulesFound = new Set(cli.map((f) => f.split(" ")[1]));
  assert.deepEqual(allRules.map((r) => r.id).filter((id) => !rulesFound.has(id)), [], "every rule has a finding in the sample project");
});

test("the recommended config reports errors as errors and warnings and advisories as warnings", async () => {
  const { severities } = await eslintFindings();
  for (const [rule, severity] of severities) assert.equal(severity, allRules.find((r) => r.id === rule)!.severity === "error" ? 2 : 1, rule);
});
