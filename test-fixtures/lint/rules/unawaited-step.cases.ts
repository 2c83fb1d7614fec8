// Cases for unawaited-step. Each case is a file after the shared header (Inngest import + `inngest` client);
// an invalid case marks every line where a finding of this rule must start with `// expect`.
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
  ],
  invalid: [
    { name: "floating step.run statement", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.run("a", () => 1); // expect
});` },
    { name: "floating sleep and sendEvent", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.sleep("nap", "1h"); // expect
  step.sendEvent("emit", { name: "e/y", data: {} }); // expect
});` },
    { name: "discarded with void", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  void step.waitForEvent("wait", { event: "e/y", timeout: "1h" }); // expect
});` },
    { name: "stored in a variable never awaited", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const a = step.run("a", () => 1); // expect
  const b = await step.run("b", () => 2);
  return b;
});` },
    { name: "forEach drops the promises", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids: string[] = event.data.ids;
  ids.forEach((id) => step.run(\`sync-\${id}\`, () => id)); // expect
});` },
    { name: "Promise.all itself left floating", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  Promise.all([step.run("a", () => 1), step.run("b", () => 2)]); // expect
});` },
    { name: "renamed destructuring from ctx", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  const { step: tools } = ctx;
  tools.run("a", () => 1); // expect
  ctx.step.run("b", () => 2); // expect
});` },
    { name: "inside a helper that receives step", code: `
async function notify(step: GetStepTools<typeof inngest>) {
  step.run("notify", () => 1); // expect
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await notify(step);
});` },
    { name: "helper that runs steps, called without await", code: `
async function onboard(step: GetStepTools<typeof inngest>) {
  await step.run("welcome", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  onboard(step); // expect
});` },
    { name: "ai.infer and invoke floating", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.ai.wrap("llm", async () => "text"); // expect
  step.invoke("child", { function: f, data: {} }); // expect
});` },
    { name: "then-chain left floating", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  step.run("a", () => 1).then((n) => console.log(n)); // expect
});` },
    { name: "array of steps never gathered", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const jobs = [step.run("a", () => 1), step.run("b", () => 2)]; // expect
  return "done";
});` },
    { name: "step passed to a helper that ignores it", code: `
function track(p: Promise<unknown>) { console.log("tracking"); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  track(step.run("a", () => 1)); // expect
});` },
    { name: "step tools passed to an untyped helper", code: `
function fire(tools: any) {
  tools.run("fire", () => 1); // expect
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  fire(step);
});` },
  ],
};
