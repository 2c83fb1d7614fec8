// Every rule is documented where its diagnostics point: docs/rules/<id>.md, with its severity and
// every message ID it can report, linked from the index page.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { docsUrlFor } from "../lint/diagnostic";
import { allRules } from "../lint/rules";

const docs = path.resolve(__dirname, "..", "docs");
const index = readFileSync(path.join(docs, "lint-rules.md"), "utf8");

for (const rule of allRules) {
  test(`${rule.id} has a docs page with its severity and every message ID`, () => {
    const page = path.join(docs, "rules", `${rule.id}.md`);
    assert.ok(existsSync(page), `docs/rules/${rule.id}.md`);
    const text = readFileSync(page, "utf8");
    assert.equal(text.split("\n")[0], `# ${rule.id}`);
    assert.ok(text.includes(`**Severity:** ${rule.severity}`), "states the severity");
    for (const messageId of Object.keys(rule.messages)) assert.ok(text.includes(`| \`${messageId}\` |`), `lists messageId ${messageId}`);
    assert.ok(index.includes(`](rules/${rule.id}.md)`), "linked from docs/lint-rules.md");
    assert.ok(docsUrlFor(rule.id).endsWith(`/docs/rules/${rule.id}.md`), "diagnostics link to the page");
  });
}

test("there is no page for a rule that does not exist", () => {
  const pages = readdirSync(path.join(docs, "rules")).map((f) => f.replace(/\.md$/, "")).sort();
  assert.deepEqual(pages, allRules.map((r) => r.id).sort());
});
