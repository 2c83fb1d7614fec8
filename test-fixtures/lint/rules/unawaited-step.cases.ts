// Cases for unawaited-step, in the manner of typescript-eslint's RuleTester. Each case is a file after
// the shared header (Inngest import + `inngest` client). A valid case has no finding of this rule; an
// invalid case lists every finding exactly: where it starts ({ line, column } in `code`, 1-based, at
// the offending call's callee), its messageId, and for every fix it offers, the title and the exact
// text of `code` once that fix is applied.
export default {
  valid: [
    { name: "awaited directly", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("a", () => 1);
  await step.sleep("nap", "1s");
});` },
    { name: "awaited later through a variable", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const a = step.run("a", () => 1);
  const b = step.run("b", () => 2);
  const total = (await a) + (await b);
  return total;
});` },
    { name: "gathered by Promise.allSettled", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const results = await Promise.allSettled([step.run("a", () => 1), step.run("b", () => 2)]);
  return results.length;
});` },
    { name: "returned from the handler", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  return step.run("a", () => 1);
});` },
    { name: "map inside Promise.all (the seed's chunking)", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const items: string[] = event.data.items;
  return Promise.all(items.map((item, i) => step.run(\`process-\${i}\`, () => item)));
});` },
    { name: "array built with push then gathered", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const work: Promise<number>[] = [];
  for (let i = 0; i < 3; i++) work.push(step.run(\`w-\${i}\`, () => i));
  await Promise.all(work);
});` },
    { name: "object of steps gathered via Object.values", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const tasks = { a: step.run("a", () => 1), b: step.run("b", () => 2) };
  await Promise.all(Object.values(tasks));
});` },
    { name: "spread into Promise.race inside group.parallel", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  const more = [step.run("b", () => 2)];
  return group.parallel({ mode: "race" }, () => Promise.race([step.run("a", () => 1), ...more]));
});` },
    { name: "then-chain awaited", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("a", () => 1).then((n) => n + 1).catch(() => 0);
});` },
    { name: "helper that returns the step, awaited by the caller", code: `
async function charge(step: GetStepTools<typeof inngest>, id: string) {
  return step.run(\`charge-\${id}\`, () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await charge(step, event.data.id);
});` },
    { name: "a local object called step is not the SDK's", code: `
const step = { run: (id: string, fn: () => number) => Promise.resolve(fn()) };
export function notAFunction() {
  step.run("x", () => 1);
}` },
    { name: "IIFE branches inside Promise.all (the seed's fast/slow)", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.all([
    (async () => { await step.run("fast.1", () => 1); await step.run("fast.2", () => 2); })(),
    (async () => { await step.run("slow.1", () => 1); })(),
  ]);
});` },
    { name: "promise passed to a helper that awaits it", code: `
async function settle<T>(p: Promise<T>) { return await p; }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const p = step.run("a", () => 1);
  await settle(p);
});` },
    { name: "a step awaited where it goes into the returned object", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  return { saved: await step.run("persist", () => 1), id: event.data.id };
});` },
    { name: "async callbacks gathered with Promise.all over map", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  await Promise.all(ids.map(async (id) => {
    await step.run(\`sync-\${id}\`, () => id);
  }));
});` },
    { name: "forEach with an async callback that runs no steps", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  ids.forEach(async (id) => console.log(id));
  await step.run("x", () => 1);
});` },
    { name: "an object of steps gathered through Object.values", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const tasks: Record<string, Promise<number>> = {};
  tasks.a = step.run("a", () => 1);
  tasks.b = step.run("b", () => 2);
  return Promise.all(Object.values(tasks));
});` },
    { name: "the SDK's ambient step, awaited in a helper", code: `
import { step as ambient } from "inngest";
async function audit(id: string) {
  await ambient.run("audit", () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event }) => {
  await audit(event.data.id);
});` },
    { name: "each promise of an array awaited in a loop", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const jobs = [step.run("a", () => 1), step.run("b", () => 2)];
  for (const job of jobs) await job;
});` },
  ],
  invalid: [
    { name: "floating step.run statement", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.run("a", () => 1);
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("a", () => 1);
});` },
        ] },
      ] },
    { name: "floating sleep and sendEvent", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.sleep("nap", "1h");
  step.sendEvent("emit", { name: "e/y", data: {} });
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.sleep("nap", "1h");
  step.sendEvent("emit", { name: "e/y", data: {} });
});` },
          { title: "Gather these 2 steps into Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.all([
    step.sleep("nap", "1h"),
    step.sendEvent("emit", { name: "e/y", data: {} }),
  ]);
});` },
        ] },
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.sleep("nap", "1h");
  await step.sendEvent("emit", { name: "e/y", data: {} });
});` },
          { title: "Gather these 2 steps into Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.all([
    step.sleep("nap", "1h"),
    step.sendEvent("emit", { name: "e/y", data: {} }),
  ]);
});` },
        ] },
      ] },
    { name: "discarded with void", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  void step.waitForEvent("wait", { event: "e/y", timeout: "1h" });
});`,
      errors: [
        { line: 3, column: 8, messageId: "voided", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.waitForEvent("wait", { event: "e/y", timeout: "1h" });
});` },
        ] },
      ] },
    { name: "stored in a variable never awaited", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const a = step.run("a", () => 1);
  const b = await step.run("b", () => 2);
  return b;
});`,
      errors: [
        { line: 3, column: 13, messageId: "neverUsed" },
      ] },
    { name: "forEach drops the promises", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  ids.forEach((id) => step.run(\`sync-\${id}\`, () => id));
});`,
      errors: [
        { line: 4, column: 3, messageId: "dropped", fixes: [
          { title: "Use await Promise.all(… .map(…)) instead of forEach", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  await Promise.all(ids.map((id) => step.run(\`sync-\${id}\`, () => id)));
});` },
        ] },
      ] },
    { name: "Promise.all itself left floating", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  Promise.all([step.run("a", () => 1), step.run("b", () => 2)]);
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.all([step.run("a", () => 1), step.run("b", () => 2)]);
});` },
        ] },
      ] },
    { name: "renamed destructuring from ctx", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  const { step: tools } = ctx;
  tools.run("a", () => 1);
  ctx.step.run("b", () => 2);
});`,
      errors: [
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  const { step: tools } = ctx;
  await tools.run("a", () => 1);
  ctx.step.run("b", () => 2);
});` },
          { title: "Gather these 2 steps into Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  const { step: tools } = ctx;
  await Promise.all([
    tools.run("a", () => 1),
    ctx.step.run("b", () => 2),
  ]);
});` },
        ] },
        { line: 5, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  const { step: tools } = ctx;
  tools.run("a", () => 1);
  await ctx.step.run("b", () => 2);
});` },
          { title: "Gather these 2 steps into Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  const { step: tools } = ctx;
  await Promise.all([
    tools.run("a", () => 1),
    ctx.step.run("b", () => 2),
  ]);
});` },
        ] },
      ] },
    { name: "inside a helper that receives step", code: `
async function notify(step: GetStepTools<typeof inngest>) {
  step.run("notify", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await notify(step);
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
async function notify(step: GetStepTools<typeof inngest>) {
  await step.run("notify", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await notify(step);
});` },
        ] },
      ] },
    { name: "helper that runs steps, called without await", code: `
async function onboard(step: GetStepTools<typeof inngest>) {
  await step.run("welcome", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  onboard(step);
});`,
      errors: [
        { line: 6, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
async function onboard(step: GetStepTools<typeof inngest>) {
  await step.run("welcome", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await onboard(step);
});` },
        ] },
      ] },
    { name: "ai.infer and invoke floating", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.ai.wrap("llm", async () => "text");
  step.invoke("child", { function: f, data: {} });
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.ai.wrap("llm", async () => "text");
  step.invoke("child", { function: f, data: {} });
});` },
          { title: "Gather these 2 steps into Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.all([
    step.ai.wrap("llm", async () => "text"),
    step.invoke("child", { function: f, data: {} }),
  ]);
});` },
        ] },
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.ai.wrap("llm", async () => "text");
  await step.invoke("child", { function: f, data: {} });
});` },
          { title: "Gather these 2 steps into Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.all([
    step.ai.wrap("llm", async () => "text"),
    step.invoke("child", { function: f, data: {} }),
  ]);
});` },
        ] },
      ] },
    { name: "then-chain left floating", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.run("a", () => 1).then((n) => console.log(n));
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("a", () => 1).then((n) => console.log(n));
});` },
        ] },
      ] },
    { name: "array of steps never gathered", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const jobs = [step.run("a", () => 1), step.run("b", () => 2)];
  return "done";
});`,
      errors: [
        { line: 3, column: 17, messageId: "neverUsed" },
        { line: 3, column: 41, messageId: "neverUsed" },
      ] },
    { name: "step passed to a helper that ignores it", code: `
function track(p: Promise<unknown>) { console.log("tracking"); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  track(step.run("a", () => 1));
});`,
      errors: [
        { line: 4, column: 9, messageId: "neverUsed" },
      ] },
    { name: "step tools passed to an untyped helper", code: `
function fire(tools: any) {
  tools.run("fire", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  fire(step);
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
async function fire(tools: any) {
  await tools.run("fire", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  fire(step);
});` },
        ] },
      ] },
    { name: "a step promise in the returned object", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  return { saved: step.run("persist", () => 1), id: event.data.id };
});`,
      errors: [
        { line: 3, column: 19, messageId: "inStructure", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  return { saved: await step.run("persist", () => 1), id: event.data.id };
});` },
        ] },
      ] },
    { name: "an array of steps returned by the handler", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const a = step.run("a", () => 1);
  const b = step.run("b", () => 2);
  return [a, b];
});`,
      errors: [
        { line: 3, column: 13, messageId: "inStructure" },
        { line: 4, column: 13, messageId: "inStructure" },
      ] },
    { name: "awaiting an array does not await its promises", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const [a, b] = await [step.run("a", () => 1), step.run("b", () => 2)];
  return { a, b };
});`,
      errors: [
        { line: 3, column: 25, messageId: "inStructure", fixes: [
          { title: "Await them all with Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const [a, b] = await Promise.all([step.run("a", () => 1), step.run("b", () => 2)]);
  return { a, b };
});` },
        ] },
        { line: 3, column: 49, messageId: "inStructure", fixes: [
          { title: "Await them all with Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const [a, b] = await Promise.all([step.run("a", () => 1), step.run("b", () => 2)]);
  return { a, b };
});` },
        ] },
      ] },
    { name: "forEach with an async callback that awaits a step", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  ids.forEach(async (id) => {
    await step.run(\`sync-\${id}\`, () => id);
  });
});`,
      errors: [
        { line: 4, column: 3, messageId: "droppedCallback", fixes: [
          { title: "Use await Promise.all(… .map(…)) instead of forEach", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  await Promise.all(ids.map(async (id) => {
    await step.run(\`sync-\${id}\`, () => id);
  }));
});` },
        ] },
      ] },
    { name: "forEach with an async callback through a helper", code: `
async function sync(step: GetStepTools<typeof inngest>, id: string) {
  await step.run(\`sync-\${id}\`, () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  ids.forEach(async (id) => {
    await sync(step, id);
  });
});`,
      errors: [
        { line: 7, column: 3, messageId: "droppedCallback", fixes: [
          { title: "Use await Promise.all(… .map(…)) instead of forEach", output: `
async function sync(step: GetStepTools<typeof inngest>, id: string) {
  await step.run(\`sync-\${id}\`, () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  await Promise.all(ids.map(async (id) => {
    await sync(step, id);
  }));
});` },
        ] },
      ] },
    { name: "map with async callbacks left floating", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  ids.map(async (id) => {
    await step.run(\`sync-\${id}\`, () => id);
  });
});`,
      errors: [
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Await them all with Promise.all", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  await Promise.all(ids.map(async (id) => {
    await step.run(\`sync-\${id}\`, () => id);
  }));
});` },
        ] },
      ] },
    { name: "the SDK's ambient step, floating in a helper", code: `
import { step } from "inngest";
async function audit(id: string) {
  step.run("audit", () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event }) => {
  await audit(event.data.id);
});`,
      errors: [
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
import { step } from "inngest";
async function audit(id: string) {
  await step.run("audit", () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event }) => {
  await audit(event.data.id);
});` },
        ] },
      ] },
    { name: "a helper using the ambient step, called without await", code: `
import { step } from "inngest";
async function audit(id: string) {
  await step.run("audit", () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event }) => {
  audit(event.data.id);
});`,
      errors: [
        { line: 7, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
import { step } from "inngest";
async function audit(id: string) {
  await step.run("audit", () => id);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event }) => {
  await audit(event.data.id);
});` },
        ] },
      ] },
    { name: "steps stored into an object by key and returned", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const counts: Record<string, Promise<number>> = {};
  for (const bin of ["a", "b"]) counts[bin] = step.run(\`count-\${bin}\`, () => 1);
  return counts;
});`,
      errors: [
        { line: 4, column: 47, messageId: "inStructure" },
      ] },
    { name: "a helper returns a structure holding a step, which the handler returns", code: `
async function persist(step: GetStepTools<typeof inngest>) {
  return { saved: step.run("persist", () => 1) };
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const result = await persist(step);
  return result;
});`,
      errors: [
        { line: 3, column: 19, messageId: "inStructure", fixes: [
          { title: "Add await", output: `
async function persist(step: GetStepTools<typeof inngest>) {
  return { saved: await step.run("persist", () => 1) };
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const result = await persist(step);
  return result;
});` },
        ] },
      ] },
  ],
};
