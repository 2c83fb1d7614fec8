// Table-driven rule tests: every case in test-fixtures/lint/rules/<rule>.cases.ts is linted for real;
// a valid case must have no finding of its rule, an invalid case exactly the `// expect` lines.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { allRules } from "../lint/rules";
import { caseFileName, CASE_HEADER, expectedFindings, HEADER_LINES, LINT_FIXTURES, lintCases, type RuleCases } from "./support/lint-cases";

const tables: Record<string, RuleCases> = {};
for (const file of readdirSync(path.join(LINT_FIXTURES, "rules")).filter((f) => f.endsWith(".cases.ts"))) {
  tables[file.replace(/\.cases\.ts$/, "")] = require(path.join(LINT_FIXTURES, "rules", file)).default as RuleCases;
}
const findings = lintCases(tables);

test("every rule has a case table with at least 10 valid and 10 invalid cases", () => {
  for (const rule of allRules) {
    const table = tables[rule.id];
    assert.ok(table, `no test-fixtures/lint/rules/${rule.id}.cases.ts`);
    assert.ok(table.valid.length >= 10, `${rule.id}: ${table.valid.length} valid cases`);
    assert.ok(table.invalid.length >= 10, `${rule.id}: ${table.invalid.length} invalid cases`);
  }
});

for (const [rule, table] of Object.entries(tables)) {
  describe(rule, () => {
    table.valid.forEach((c, i) => {
      test(`valid: ${c.name}`, () => {
        const found = (findings.get(caseFileName(rule, "valid", i)) ?? []).filter((d) => d.rule === rule);
        assert.deepEqual(found.map((d) => `${d.line - HEADER_LINES}: ${d.message}`), []);
      });
    });
    table.invalid.forEach((c, i) => {
      test(`invalid: ${c.name}`, () => {
        const expectedLines = [...new Set(expectedFindings(c.code, rule).filter((e) => e.rule === rule).map((e) => e.line))];
        assert.ok(expectedLines.length > 0, "an invalid case needs at least one // expect marker");
        const found = (findings.get(caseFileName(rule, "invalid", i)) ?? []).filter((d) => d.rule === rule);
        const foundLines = [...new Set(found.map((d) => d.line - HEADER_LINES))].sort((a, b) => a - b);
        assert.deepEqual(foundLines, expectedLines.sort((a, b) => a - b), found.map((d) => `${d.line - HEADER_LINES}: ${d.message}`).join("\n"));
        for (const d of found) {
          assert.equal(d.severity, allRules.find((r) => r.id === rule)!.severity);
          assert.equal(d.docsUrl, `https://github.com/stepwise-dev/stepwise/blob/main/docs/rules/${rule}.md`);
          const lineText = (CASE_HEADER + c.code).split("\n")[d.line - 1];
          assert.ok(d.column >= 1 && d.column <= lineText.length, `column ${d.column} lies on line ${d.line}`);
        }
      });
    });
  });
}
