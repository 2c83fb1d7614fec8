// Shared by the lint tests: one warm engine for every case, case files under test-fixtures/lint,
// and the `// expect` markers that say where findings must start.
import path from "node:path";
import { createLintEngine, type LintEngine } from "../../lint/engine";
import type { LintDiagnostic } from "../../lint/diagnostic";

export const LINT_FIXTURES = path.resolve(__dirname, "..", "..", "test-fixtures", "lint");

/** Every rule case is a file after this header, so the cases stay short. */
export const CASE_HEADER = `import { Inngest, type GetStepTools } from "inngest";\nconst inngest = new Inngest({ id: "lint-cases" });\n`;

export interface RuleCase {
  name: string;
  code: string;
}

/** A fix a finding offers: its title, and `code` exactly as it reads once the fix is applied. */
export interface ExpectedFix {
  title: string;
  output: string;
}

/** One finding, as typescript-eslint's RuleTester states it: where it starts in `code`, its message ID, its fixes. */
export interface ExpectedError {
  line: number;
  column: number;
  messageId: string;
  fixes?: ExpectedFix[];
}

export interface InvalidRuleCase extends RuleCase {
  errors: ExpectedError[];
}

export interface RuleCases {
  valid: RuleCase[];
  invalid: InvalidRuleCase[];
}

let engine: LintEngine | undefined;

/** The engine every lint test shares (its cold start is paid once). */
export function sharedEngine(): LintEngine {
  return (engine ??= createLintEngine({ tsconfig: path.resolve(__dirname, "..", "..", "tsconfig.json") }));
}

/** Lines (1-based, in `text`) that end with a `// expect` marker, and the rules it names (`// expect: a, b`). */
export function expectedFindings(text: string, defaultRule?: string): Array<{ line: number; rule: string }> {
  const expected: Array<{ line: number; rule: string }> = [];
  text.split("\n").forEach((lineText, i) => {
    const marker = lineText.match(/\/\/ expect(?::\s*([\w\-, ]+))?\s*$/);
    if (!marker) return;
    const rules = marker[1] ? marker[1].split(",").map((r) => r.trim()).filter(Boolean) : defaultRule ? [defaultRule] : [];
    for (const rule of rules) expected.push({ line: i + 1, rule });
  });
  return expected;
}

export function caseFileName(rule: string, kind: "valid" | "invalid", index: number): string {
  return path.join(LINT_FIXTURES, "rules", ".virtual", `${rule}.${kind}.${index}.ts`);
}

/** Lints every case of every table in one batch; findings come back per virtual file. */
export function lintCases(tables: Record<string, RuleCases>): Map<string, LintDiagnostic[]> {
  const files: Array<{ fileName: string; text: string }> = [];
  for (const [rule, table] of Object.entries(tables)) {
    for (const kind of ["valid", "invalid"] as const) {
      table[kind].forEach((c, i) => files.push({ fileName: caseFileName(rule, kind, i), text: CASE_HEADER + c.code }));
    }
  }
  return sharedEngine().lintTexts(files);
}

export const HEADER_LINES = CASE_HEADER.split("\n").length - 1;
