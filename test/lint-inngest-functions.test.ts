// readInngestFunctions: the one reading of a file's Inngest functions and step call sites that the
// lint rules use and the debugger is to use — step tools found by where they come from in the SDK.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { readInngestFunctions } from "../lint/inngest-functions";

const root = path.resolve(__dirname, "..");
const tsconfig = path.join(root, "tsconfig.json");
const file = (name: string) => path.join(root, "test-fixtures", "lint", ".virtual-functions", name);
const read = (name: string, text: string) => readInngestFunctions(file(name), text, { tsconfig });
const literal = (id: string) => ({ idText: id, idKind: "literal", idPattern: new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(:\\d+)?$`) });

test("a renamed step from the handler's context is found where the debugger's name match missed it", () => {
  const text = [
    `import { Inngest } from "inngest";`,
    `const inngest = new Inngest({ id: "app" });`,
    `export const f = inngest.createFunction({ id: "renamed", triggers: [{ event: "a/b" }] }, async ({ step: s }) => {`,
    `  await s.run("x", () => 1);`,
    `});`,
  ].join("\n");
  const { functions, stepCalls } = read("renamed.ts", text);
  assert.deepEqual(stepCalls, [{ tool: "run", ...literal("x"), line: 4, column: 11, functionId: "renamed", reachedFrom: ["renamed"] }]);
  assert.deepEqual(functions, [
    { id: "renamed", triggerEvents: ["a/b"], createFunction: { line: 3, column: 26 }, handler: { line: 3, column: 90 }, stepCalls },
  ]);
});

test("every step tool, with literal, const, options-object, template and no IDs, at the tool's name", () => {
  const text = [
    `import { Inngest } from "inngest";`,
    `const inngest = new Inngest({ id: "app" });`,
    `const WAIT = "wait-approval";`,
    `export const f = inngest.createFunction(`,
    `  { id: "tools", triggers: [{ event: "a/b" }, { cron: "0 * * * *" }, { event: "a/c" }] },`,
    `  async (ctx) => {`,
    `    const items: string[] = ctx.event.data.items;`,
    `    await Promise.all(items.map((item, i) => ctx.step.run(\`process-\${i}-of-\${items.length}\`, () => item)));`,
    `    await ctx.step.sleep("nap", "1s");`,
    `    await ctx.step.waitForEvent(WAIT, { event: "a/approved", timeout: "1h" });`,
    `    await ctx.step.sendEvent({ id: "emit" }, { name: "a/done", data: {} });`,
    `    await ctx.step.ai.infer("summarize", { model: {} as never, body: {} as never });`,
    `    await ctx.step.invoke(ctx.event.data.child, { function: f, data: {} });`,
    `    await ctx.step.fetch("https://example.com");`,
    `  },`,
    `);`,
  ].join("\n");
  const { functions, stepCalls } = read("tools.ts", text);
  const reached = { functionId: "tools", reachedFrom: ["tools"] };
  assert.deepEqual(stepCalls, [
    { tool: "run", idText: "process-${i}-of-${items.length}", idKind: "template", idPattern: /^process-.+?-of-.+?(:\d+)?$/, line: 8, column: 55, ...reached },
    { tool: "sleep", ...literal("nap"), line: 9, column: 20, ...reached },
    { tool: "waitForEvent", ...literal("wait-approval"), line: 10, column: 20, ...reached },
    { tool: "sendEvent", ...literal("emit"), line: 11, column: 20, ...reached },
    { tool: "ai.infer", ...literal("summarize"), line: 12, column: 23, ...reached },
    { tool: "invoke", idText: "ctx.event.data.child", idKind: "dynamic", idPattern: null, line: 13, column: 20, ...reached },
    { tool: "fetch", idText: null, idKind: "none", idPattern: null, line: 14, column: 20, ...reached },
  ]);
  assert.deepEqual(functions.map((f) => [f.id, f.triggerEvents, f.createFunction, f.handler]), [["tools", ["a/b", "a/c"], { line: 4, column: 26 }, { line: 6, column: 3 }]]);
  assert.ok(stepCalls[0].idPattern!.test("process-3-of-10") && stepCalls[0].idPattern!.test("process-3-of-10:2") && !stepCalls[0].idPattern!.test("other-3"));
});

test("a helper's steps belong to no function but are reached by each function that calls it, in the order it calls them", () => {
  const text = [
    `import { Inngest, type GetStepTools } from "inngest";`,
    `const inngest = new Inngest({ id: "app" });`,
    `async function notify(step: GetStepTools<typeof inngest>) {`,
    `  await step.run("notify", () => 1);`,
    `}`,
    `export const a = inngest.createFunction({ id: "a", triggers: [{ event: "e/a" }] }, async ({ step }) => {`,
    `  await step.run("first", () => 1);`,
    `  await notify(step);`,
    `  await step.run("last", () => 1);`,
    `});`,
    `export const b = inngest.createFunction({ id: "b", triggers: [{ event: "e/b" }] }, async ({ step }) => {`,
    `  await notify(step);`,
    `});`,
  ].join("\n");
  const { functions, stepCalls } = read("helpers.ts", text);
  assert.deepEqual(stepCalls.map((s) => [s.idText, s.line, s.functionId, s.reachedFrom]), [
    ["notify", 4, null, ["a", "b"]],
    ["first", 7, "a", ["a"]],
    ["last", 9, "a", ["a"]],
  ]);
  assert.deepEqual(functions.map((f) => [f.id, f.stepCalls.map((s) => s.idText)]), [["a", ["first", "notify", "last"]], ["b", ["notify"]]]);
});

test("the ambient step imported from the SDK's root is step tools; a local object called step is not", () => {
  const text = [
    `import { Inngest, step as durable } from "inngest";`,
    `const inngest = new Inngest({ id: "app" });`,
    `const step = { run: (id: string, fn: () => number) => fn() };`,
    `async function audit() {`,
    `  await durable.run("audit", () => 1);`,
    `  step.run("not-a-step", () => 1);`,
    `}`,
    `export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async () => {`,
    `  await audit();`,
    `});`,
  ].join("\n");
  const { functions, stepCalls } = read("ambient.ts", text);
  assert.deepEqual(stepCalls, [{ tool: "run", ...literal("audit"), line: 5, column: 17, functionId: null, reachedFrom: ["f"] }]);
  assert.deepEqual(functions[0].stepCalls, stepCalls);
});

test("inngest 3's three-argument createFunction, and a non-literal function ID", () => {
  const text = [
    `import { Inngest } from "inngest";`,
    `const inngest = new Inngest({ id: "app" });`,
    `const name = "dynamic";`,
    `export const f = (inngest.createFunction as any)({ id: name }, { event: "v3/event" }, async ({ step }: any) => {`,
    `  await step.run("x", () => 1);`,
    `});`,
  ].join("\n");
  const { functions } = read("v3.ts", text);
  assert.deepEqual(functions.map((f) => [f.id, f.triggerEvents]), [[null, ["v3/event"]]]);
});

test("broken or half-typed text reads as what can be read, without throwing", () => {
  const drafts = ["", "export const f = inngest.createFunction(", `import { Inngest } from "inngest";\nconst inngest = new Inngest({ id: "x" });\ninngest.createFunction({ id: "f" }, async ({ step }) => { step.run(`];
  for (const [i, text] of drafts.entries()) assert.doesNotThrow(() => read(`draft-${i}.ts`, text));
  assert.deepEqual(read("draft-0.ts", ""), { functions: [], stepCalls: [] });
});
