// Table-driven rule tests, in the manner of typescript-eslint's RuleTester: every case in
// test-fixtures/lint/rules/<rule>.cases.ts is linted for real; a valid case must have no finding of its
// rule, an invalid case exactly the listed findings — line, column, messageId, and for every fix its
// title and the exact text it produces.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { applyFix } from "../lint/apply-fix";
import type { LintDiagnostic } from "../lint/diagnostic";
import { allRules } from "../lint/rules";
import { caseFileName, CASE_HEADER, HEADER_LINES, LINT_FIXTURES, lintCases, type ExpectedError, type RuleCases } from "./support/lint-cases";

const tables: Record<string, RuleCases> = {};
for (const file of readdirSync(path.join(LINT_FIXTURES, "rules")).filter((f) => f.endsWith(".cases.ts"))) {
  tables[file.replace(/\.cases\.ts$/, "")] = require(path.join(LINT_FIXTURES, "rules", file)).default as RuleCases;
}
const findings = lintCases(tables);

/** A finding as a case table states it (positions relative to the case's `code`, fixed texts without the header). */
function asTableRow(diagnostic: LintDiagnostic, code: string): ExpectedError {
  const row: ExpectedError = { line: diagnostic.line - HEADER_LINES, column: diagnostic.column, messageId: diagnostic.messageId };
  if (diagnostic.fixes?.length) {
    row.fixes = diagnostic.fixes.map((fix) => {
      const fixed = applyFix(CASE_HEADER + code, fix);
      assert.ok(fixed.startsWith(CASE_HEADER), `the fix "${fix.title}" leaves the shared header alone`);
      return { title: fix.title, output: fixed.slice(CASE_HEADER.length) };
    });
  }
  return row;
}

test("every rule has a case table with at least 10 valid and 10 invalid cases", () => {
  for (const rule of allRules) {
    const table = tables[rule.id];
    assert.ok(table, `no test-fixtures/lint/rules/${rule.id}.cases.ts`);
    assert.ok(table.valid.length >= 10, `${rule.id}: ${table.valid.length} valid cases`);
    assert.ok(table.invalid.length >= 10, `${rule.id}: ${table.invalid.length} invalid cases`);
  }
});

test("every message of every rule is asserted by at least one invalid case", () => {
  for (const rule of allRules) {
    const used = new Set(tables[rule.id].invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
    assert.deepEqual(Object.keys(rule.messages).filter((id) => !used.has(id)), [], rule.id);
  }
});

for (const [rule, table] of Object.entries(tables)) {
  const definition = allRules.find((r) => r.id === rule)!;
  describe(rule, () => {
    table.valid.forEach((c, i) => {
      test(`valid: ${c.name}`, () => {
        const found = (findings.get(caseFileName(rule, "valid", i)) ?? []).filter((d) => d.rule === rule);
        assert.deepEqual(found.map((d) => asTableRow(d, c.code)), []);
      });
    });
    table.invalid.forEach((c, i) => {
      test(`invalid: ${c.name}`, () => {
        assert.ok(c.errors.length > 0, "an invalid case lists at least one finding");
        const found = (findings.get(caseFileName(rule, "invalid", i)) ?? []).filter((d) => d.rule === rule);
        assert.deepEqual(found.map((d) => asTableRow(d, c.code)), c.errors);
        for (const d of found) {
          assert.equal(d.severity, definition.severity);
          assert.ok(d.messageId in definition.messages, `messageId ${d.messageId} is one of the rule's`);
          assert.equal(d.docsUrl, `https://github.com/stepwise-dev/stepwise/blob/main/docs/rules/${rule}.md`);
        }
      });
    });
  });
}
