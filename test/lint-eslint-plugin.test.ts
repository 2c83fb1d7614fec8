// The ESLint plugin, tested with ESLint's own RuleTester on every case of every rule's table: the
// same findings (message ID, line, column) and the same fixes (as suggestions, with the same
// output) as the engine's own tests assert.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import plugin from "../eslint-plugin";
import { allRules } from "../lint/rules";
import { CASE_HEADER, HEADER_LINES, LINT_FIXTURES, type RuleCases } from "./support/lint-cases";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ languageOptions: { parser: tseslint.parser as never } });
const filename = path.join(LINT_FIXTURES, ".virtual-eslint", "case.ts");

for (const file of readdirSync(path.join(LINT_FIXTURES, "rules")).filter((f) => f.endsWith(".cases.ts"))) {
  const rule = file.replace(/\.cases\.ts$/, "");
  const table = require(path.join(LINT_FIXTURES, "rules", file)).default as RuleCases;
  ruleTester.run(`stepwise/${rule}`, plugin.rules[rule], {
    valid: table.valid.map((c) => ({ name: c.name, code: CASE_HEADER + c.code, filename })),
    invalid: table.invalid.map((c) => ({
      name: c.name,
      code: CASE_HEADER + c.code,
      filename,
      errors: c.errors.map((e) => ({
        messageId: e.messageId,
        line: e.line + HEADER_LINES,
        column: e.column,
        suggestions: (e.fixes ?? []).map((fix) => ({ desc: fix.title, output: CASE_HEADER + fix.output })),
      })),
    })),
  });
}

describe("the plugin's shape", () => {
  it("has every rule, and a recommended flat config that turns them all on under the stepwise prefix", () => {
    assert.deepEqual(Object.keys(plugin.rules).sort(), allRules.map((r) => r.id).sort());
    assert.equal(plugin.configs.recommended.plugins?.stepwise, plugin);
    assert.deepEqual(
      plugin.configs.recommended.rules,
      Object.fromEntries(allRules.map((r) => [`stepwise/${r.id}`, r.severity === "error" ? "error" : "warn"])),
    );
    for (const rule of allRules) assert.equal(plugin.rules[rule.id].meta?.docs?.url, `https://github.com/stepwise-dev/stepwise/blob/main/docs/rules/${rule.id}.md`);
  });
});
