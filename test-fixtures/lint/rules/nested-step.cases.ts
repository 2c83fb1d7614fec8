// Cases for nested-step (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "sequential steps", code: fn(`  const a = await step.run("a", () => 1);
  await step.run("b", () => a + 1);`) },
    { name: "parallel steps", code: fn(`  await Promise.all([step.run("a", () => 1), step.run("b", () => 2)]);`) },
    { name: "step inside a map callback (not a step callback)", code: fn(`  await Promise.all([1, 2].map((n) => step.run(\`n-\${n}\`, () => n)));`) },
    { name: "a plain function call inside a step", code: `
function compute(n: number) { return n * 2; }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("a", () => compute(2));
});` },
    { name: "a fake step object inside a step", code: fn(`  await step.run("a", () => {
    const step = { run: (id: string) => id };
    return step.run("inner");
  });`) },
    { name: "step helper called from the handler", code: `
async function both(step: GetStepTools<typeof inngest>) { await step.run("a", () => 1); await step.run("b", () => 2); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await both(step);
});` },
    { name: "group.parallel in the handler", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  await group.parallel(() => Promise.race([step.run("a", () => 1), step.run("b", () => 2)]));
});` },
    { name: "ai.wrap with a plain callback", code: fn(`  await step.ai.wrap("llm", async (prompt: string) => prompt.toUpperCase(), "hi");`) },
    { name: "step result used in the next step", code: fn(`  const user = await step.run("load", () => ({ id: 1 }));
  await step.run("greet", () => \`hi \${user.id}\`);`) },
    { name: "steps inside an IIFE branch", code: fn(`  await Promise.all([(async () => { await step.run("a", () => 1); await step.run("b", () => 2); })()]);`) },
  ],
  invalid: [
    { name: "step.run inside step.run", code: fn(`  await step.run("outer", async () => {
    await step.run("inner", () => 1);
  });`),
      errors: [
        { line: 4, column: 11, messageId: "nested" },
      ] },
    { name: "sleep inside a step", code: fn(`  await step.run("outer", async () => {
    await step.sleep("nap", "1s");
    return 1;
  });`),
      errors: [
        { line: 4, column: 11, messageId: "nested" },
      ] },
    { name: "sendEvent inside a step", code: fn(`  await step.run("outer", () => step.sendEvent("emit", { name: "e/y", data: {} }));`),
      errors: [
        { line: 3, column: 33, messageId: "nested" },
      ] },
    { name: "through a helper receiving step", code: `
async function inner(step: GetStepTools<typeof inngest>) { await step.run("inner", () => 1); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("outer", () => inner(step));
});`,
      errors: [
        { line: 4, column: 33, messageId: "helper" },
      ] },
    { name: "through a closure", code: fn(`  const save = async () => step.run("save", () => 1);
  await step.run("outer", async () => {
    await save();
  });`),
      errors: [
        { line: 5, column: 11, messageId: "helper" },
      ] },
    { name: "renamed step tools", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step: s }) => {
  await s.run("outer", async () => {
    await s.run("inner", () => 1);
  });
});`,
      errors: [
        { line: 4, column: 11, messageId: "nested" },
      ] },
    { name: "ctx.step form", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  await ctx.step.run("outer", async () => {
    await ctx.step.waitForEvent("w", { event: "e/y", timeout: "1m" });
  });
});`,
      errors: [
        { line: 4, column: 11, messageId: "nested" },
      ] },
    { name: "inside ai.wrap", code: fn(`  await step.ai.wrap("llm", async () => {
    await step.run("inner", () => 1);
    return "x";
  });`),
      errors: [
        { line: 4, column: 11, messageId: "nested" },
      ] },
    { name: "two nested steps", code: fn(`  await step.run("outer", async () => {
    await step.run("one", () => 1);
    await step.run("two", () => 2);
  });`),
      errors: [
        { line: 4, column: 11, messageId: "nested" },
        { line: 5, column: 11, messageId: "nested" },
      ] },
    { name: "Promise.all of steps inside a step", code: fn(`  await step.run("outer", async () => {
    await Promise.all([step.run("a", () => 1)]);
  });`),
      errors: [
        { line: 4, column: 24, messageId: "nested" },
      ] },
    { name: "invoke inside a step", code: fn(`  await step.run("outer", async () => {
    return step.invoke("child", { function: f, data: {} });
  });`),
      errors: [
        { line: 4, column: 12, messageId: "nested" },
      ] },
  ],
};
