// Cases for mutation-in-step (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "returns the value instead", code: fn(`  const total = await step.run("sum", () => 1 + 2);
  return total;`) },
    { name: "mutates its own locals", code: fn(`  await step.run("build", () => {
    const rows: number[] = [];
    rows.push(1);
    let n = 0;
    n += 1;
    return { rows, n };
  });`) },
    { name: "assigns after the step", code: fn(`  let count = 0;
  count = await step.run("count", () => 3);
  return count;`) },
    { name: "parameter of the callback", code: fn(`  await step.run("p", (input: { n: number }) => { input.n = 2; return input.n; }, { n: 1 });`) },
    { name: "a cache client's set is I/O, not mutation", code: `
import { createClient } from "redis";
const cache = createClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("cache", () => cache.set("k", "v"));
});` },
    { name: "reads outer state only", code: fn(`  const limit = 10;
  await step.run("read", () => limit * 2);`) },
    { name: "nested function's own variables", code: fn(`  await step.run("nested", () => [1, 2].map((n) => { let x = n; x++; return x; }));`) },
    { name: "mutation outside the step", code: fn(`  const seen: string[] = [];
  seen.push("a");
  await step.run("x", () => seen.length);`) },
    { name: "object created inside the step", code: fn(`  await step.run("o", () => { const o: Record<string, number> = {}; o.a = 1; delete o.a; return o; });`) },
    { name: "Map declared inside the step", code: fn(`  await step.run("m", () => { const m = new Map<string, number>(); m.set("a", 1); return [...m]; });`) },
    { name: "destructuring inside the step into its own variables", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const pair = await step.run("pair", () => {
    const [a = 1, b = 2] = [3, 4];
    return { a, b };
  });
  return pair;
});` },
  ],
  invalid: [
    { name: "assigns an outer let", code: fn(`  let total = 0;
  await step.run("sum", () => {
    total = 3;
  });
  return total;`),
      errors: [
        { line: 5, column: 5, messageId: "assign" },
      ] },
    { name: "pushes to an outer array (the seed's stepOrder)", code: `
const stepOrder: string[] = [];
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("fast.1", async () => {
    stepOrder.push("fast.1");
  });
});`,
      errors: [
        { line: 5, column: 5, messageId: "mutate" },
      ] },
    { name: "compound assignment", code: fn(`  let sum = 0;
  await step.run("add", () => { sum += 5; });`),
      errors: [
        { line: 4, column: 33, messageId: "assign" },
      ] },
    { name: "increment", code: fn(`  let attempts = 0;
  await step.run("try", () => { attempts++; });`),
      errors: [
        { line: 4, column: 33, messageId: "assign" },
      ] },
    { name: "property write on an outer object", code: fn(`  const state = { done: false };
  await step.run("finish", () => { state.done = true; });`),
      errors: [
        { line: 4, column: 36, messageId: "assign" },
      ] },
    { name: "Map.set on an outer map", code: fn(`  const byId = new Map<string, number>();
  await step.run("index", () => { byId.set("a", 1); });`),
      errors: [
        { line: 4, column: 35, messageId: "mutate" },
      ] },
    { name: "destructuring assignment", code: fn(`  let a = 0, b = 0;
  await step.run("pair", () => { [a, b] = [1, 2]; });`),
      errors: [
        { line: 4, column: 34, messageId: "assign" },
      ] },
    { name: "mutates event data", code: fn(`  await step.run("tag", () => { event.data.tagged = true; });`),
      errors: [
        { line: 3, column: 33, messageId: "assign" },
      ] },
    { name: "Object.assign into outer state", code: fn(`  const result = {};
  await step.run("merge", () => { Object.assign(result, { a: 1 }); });`),
      errors: [
        { line: 4, column: 35, messageId: "mutate" },
      ] },
    { name: "delete from an outer object", code: fn(`  const cache: Record<string, number> = { a: 1 };
  await step.run("evict", () => { delete cache.a; });`),
      errors: [
        { line: 4, column: 35, messageId: "mutate" },
      ] },
    { name: "Set.add on a module-level set", code: `
const processed = new Set<string>();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("mark", () => processed.add(event.data.id));
});`,
      errors: [
        { line: 4, column: 32, messageId: "mutate" },
      ] },
    { name: "destructuring with defaults into two outer variables: one finding", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  let a = 0, b = 0;
  await step.run("pair", () => {
    [a = 1, b = 2] = [3, 4];
  });
  return a + b;
});`,
      errors: [
        { line: 5, column: 5, messageId: "assign" },
      ] },
    { name: "object destructuring with defaults into two outer variables: one finding", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  let company = "", title = "";
  await step.run("profile", async () => {
    ({ company = "unknown", title = "unknown" } = { company: "Acme" } as { company?: string; title?: string });
  });
  return company + title;
});`,
      errors: [
        { line: 5, column: 6, messageId: "assign" },
      ] },
  ],
};
