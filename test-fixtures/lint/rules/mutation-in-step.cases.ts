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
  ],
  invalid: [
    { name: "assigns an outer let", code: fn(`  let total = 0;
  await step.run("sum", () => {
    total = 3; // expect
  });
  return total;`) },
    { name: "pushes to an outer array (the seed's stepOrder)", code: `
const stepOrder: string[] = [];
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("fast.1", async () => {
    stepOrder.push("fast.1"); // expect
  });
});` },
    { name: "compound assignment", code: fn(`  let sum = 0;
  await step.run("add", () => { sum += 5; }); // expect`) },
    { name: "increment", code: fn(`  let attempts = 0;
  await step.run("try", () => { attempts++; }); // expect`) },
    { name: "property write on an outer object", code: fn(`  const state = { done: false };
  await step.run("finish", () => { state.done = true; }); // expect`) },
    { name: "Map.set on an outer map", code: fn(`  const byId = new Map<string, number>();
  await step.run("index", () => { byId.set("a", 1); }); // expect`) },
    { name: "destructuring assignment", code: fn(`  let a = 0, b = 0;
  await step.run("pair", () => { [a, b] = [1, 2]; }); // expect`) },
    { name: "mutates event data", code: fn(`  await step.run("tag", () => { event.data.tagged = true; }); // expect`) },
    { name: "Object.assign into outer state", code: fn(`  const result = {};
  await step.run("merge", () => { Object.assign(result, { a: 1 }); }); // expect`) },
    { name: "delete from an outer object", code: fn(`  const cache: Record<string, number> = { a: 1 };
  await step.run("evict", () => { delete cache.a; }); // expect`) },
    { name: "Set.add on a module-level set", code: `
const processed = new Set<string>();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("mark", () => processed.add(event.data.id)); // expect
});` },
  ],
};
