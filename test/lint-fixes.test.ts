// Fix tests: apply a finding's fix to real source, then check the result still type-checks
// (no syntax or type errors) and the finding is gone.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { applyFix } from "../lint/apply-fix";
import { CASE_HEADER, LINT_FIXTURES, sharedEngine } from "./support/lint-cases";

interface FixCase {
  name: string;
  rule: string;
  code: string;
  fix?: string;
}

const cases: FixCase[] = require(path.join(LINT_FIXTURES, "fixes.cases.ts")).default;
const engine = sharedEngine();
const fileOf = (i: number, stage: "before" | "after") => path.join(LINT_FIXTURES, ".virtual-fixes", `fix-${i}.${stage}.ts`);
const before = engine.lintTexts(cases.map((c, i) => ({ fileName: fileOf(i, "before"), text: CASE_HEADER + c.code })));

/** The file's own syntax and type errors (not project-wide option warnings). */
function typeErrors(fileName: string): string[] {
  const sourceFile = engine.sourceFile(fileName)!;
  const program = sourceFile.getProject().getProgram();
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((d) => {
    const text = d.getMessageText();
    return `${d.getLineNumber()}: ${typeof text === "string" ? text : text.getMessageText()}`;
  });
}

const fixed = new Map<number, string>();
cases.forEach((c, i) => {
  const finding = (before.get(fileOf(i, "before")) ?? []).filter((d) => d.rule === c.rule);
  const fix = finding[0]?.fixes?.find((f) => f.title.startsWith(c.fix ?? ""));
  if (finding.length > 0 && fix) fixed.set(i, applyFix(CASE_HEADER + c.code, fix));
});
const after = engine.lintTexts([...fixed].map(([i, text]) => ({ fileName: fileOf(i, "after"), text })));

cases.forEach((c, i) => {
  test(`fix: ${c.name}`, () => {
    const findings = (before.get(fileOf(i, "before")) ?? []).filter((d) => d.rule === c.rule);
    assert.ok(findings.length > 0, `a ${c.rule} finding before the fix`);
    assert.deepEqual(typeErrors(fileOf(i, "before")), [], "the case type-checks before the fix");
    assert.ok(fixed.has(i), `a fix starting "${c.fix ?? ""}" is offered: ${JSON.stringify(findings[0].fixes?.map((f) => f.title))}`);
    const text = fixed.get(i)!;
    assert.deepEqual(typeErrors(fileOf(i, "after")), [], `the fixed text type-checks:\n${text}`);
    const remaining = (after.get(fileOf(i, "after")) ?? []).filter((d) => d.rule === c.rule);
    assert.deepEqual(remaining.map((d) => d.message), [], `the finding is gone:\n${text}`);
  });
});
