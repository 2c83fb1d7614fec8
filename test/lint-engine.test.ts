// The engine as the editor uses it: a warm project, re-lint of one changed file from memory,
// plain diagnostic objects, and no exceptions on broken or half-typed code.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { CASE_HEADER, LINT_FIXTURES, sharedEngine } from "./support/lint-cases";

const engine = sharedEngine();
const editorFile = path.join(LINT_FIXTURES, ".virtual-engine", "editing.ts");

const handler = (body: string) =>
  `${CASE_HEADER}export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {\n${body}\n});\n`;

test("re-linting one file from in-memory text follows each edit", () => {
  const first = engine.lintText(editorFile, handler(`  await step.run("a", () => 1);`));
  assert.deepEqual(first.filter((d) => d.rule === "unawaited-step"), []);
  const second = engine.lintText(editorFile, handler(`  step.run("a", () => 1);`));
  assert.deepEqual(second.filter((d) => d.rule === "unawaited-step").map((d) => [d.line, d.column]), [[4, 3]]);
  const third = engine.lintText(editorFile, handler(`  await step.run("a", () => 1);`));
  assert.deepEqual(third.filter((d) => d.rule === "unawaited-step"), []);
});

test("a diagnostic is a plain object with 1-based positions starting at the callee", () => {
  const [diagnostic] = engine.lintText(editorFile, handler(`  const x = 1;\n  void   step.sleep("nap", "1s");`)).filter((d) => d.rule === "unawaited-step");
  assert.deepEqual(Object.keys(diagnostic).sort(), ["column", "data", "docsUrl", "endColumn", "endLine", "file", "fixes", "line", "message", "messageId", "rule", "severity"]);
  assert.equal(diagnostic.file, editorFile);
  assert.deepEqual([diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn], [5, 10, 5, 20]); // `step.sleep`
  assert.equal(diagnostic.severity, "error");
  assert.equal(diagnostic.messageId, "voided");
  assert.deepEqual(diagnostic.data, { step: 'step.sleep("nap")' });
  assert.equal(JSON.parse(JSON.stringify(diagnostic)).message, diagnostic.message);
  const edit = diagnostic.fixes![0].edits[0];
  assert.deepEqual([edit.start, edit.end, edit.newText], [{ line: 5, column: 3 }, { line: 5, column: 10 }, "await "]);
});

test("broken, half-typed and empty code never throws and reports no internal errors", () => {
  const drafts = [
    "",
    "export const f = inngest.createFunction(",
    handler(`  step.run(`),
    handler(`  await step.run("a", () => {`),
    handler(`  const x = ;\n  step.run("a" () => 1)`),
    handler(`  step.`),
    `${CASE_HEADER}inngest.createFunction({ id: "f" }, async ({ step }) => { for (;;) { step.run(\`\${Date.now()}\`) }`,
    "}}}} ))) <<<>>> export default {",
    handler(`  step.run("a", () => 1);\n  step.run("a", () => 1);\n  step.run(`.repeat(20)),
  ];
  const before = engine.internalErrors.length;
  drafts.forEach((text, i) => {
    assert.doesNotThrow(() => engine.lintText(path.join(LINT_FIXTURES, ".virtual-engine", `draft-${i}.ts`), text));
  });
  assert.deepEqual(engine.internalErrors.slice(before), []);
  const broken = path.resolve(LINT_FIXTURES, "..", "broken");
  const files = readdirSync(broken).map((f) => path.join(broken, f));
  assert.doesNotThrow(() => engine.lintFiles(files));
  assert.deepEqual(engine.internalErrors.slice(before), []);
});

test("lintFiles reads files from disk and finds the seed's Promise.race pitfall in the protocol app", () => {
  const app = path.resolve(LINT_FIXTURES, "..", "apps", "protocol.ts");
  const diagnostics = engine.lintFiles([app]);
  const race = diagnostics.filter((d) => d.rule === "promise-race-without-group");
  const raceLine = readFileSync(app, "utf8").split("\n").findIndex((l) => l.includes("const winner = await Promise.race(")) + 1;
  assert.deepEqual(race.map((d) => d.line), [raceLine]);
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
});

test("a variable that happens to be called step is not step tools", () => {
  const text = `${CASE_HEADER}const step = { run: (id: string) => Promise.resolve(id) };\nexport async function f() {\n  step.run("x");\n}\n`;
  assert.deepEqual(engine.lintText(editorFile, text), []);
});

test("forgetFile drops an in-memory file from the warm project", () => {
  engine.lintText(editorFile, handler(`  step.run("a", () => 1);`));
  engine.forgetFile(editorFile);
  assert.equal(engine.sourceFile(editorFile), undefined);
});
