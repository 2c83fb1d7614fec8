// Cases for promise-race-without-group (see unawaited-step.cases.ts for the format).
export default {
  valid: [
    { name: "inside group.parallel with mode race", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  return group.parallel({ mode: "race" }, () => Promise.race([step.run("a", () => 1), step.run("b", () => 2)]));
});` },
    { name: "group.parallel defaults to race", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  return group.parallel(async () => Promise.race([step.run("a", () => 1), step.run("b", () => 2)]));
});` },
    { name: "optimizeParallelism: false", code: `
export const f = inngest.createFunction({ id: "f", optimizeParallelism: false, triggers: [{ event: "e/x" }] }, async ({ step }) => {
  return Promise.race([step.run("a", () => 1), step.run("b", () => 2)]);
});` },
    { name: "Promise.all is fine", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  return Promise.all([step.run("a", () => 1), step.run("b", () => 2)]);
});` },
    { name: "race over non-step promises", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const winner = await step.run("race", () => Promise.race([fetch("https://a.example"), fetch("https://b.example")]));
  return winner;
});` },
    { name: "race outside any function", code: `
export function first(a: Promise<number>, b: Promise<number>) { return Promise.race([a, b]); }` },
    { name: "ctx.group form", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  return ctx.group.parallel({ mode: "race" }, () => Promise.any([ctx.step.run("a", () => 1), ctx.step.run("b", () => 2)]));
});` },
    { name: "race with a timeout promise, no steps", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("x", () => Promise.race([new Promise((r) => setTimeout(r, 10)), Promise.resolve(1)]));
});` },
    { name: "Promise.allSettled over steps", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.allSettled([step.run("a", () => 1), step.sleep("b", "1s")]);
});` },
    { name: "a local Promise-like race", code: `
const Promise2 = { race: (xs: unknown[]) => xs[0] };
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  Promise2.race([1, 2]);
  await step.run("x", () => 1);
});` },
  ],
  invalid: [
    { name: "race over two steps", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const winner = await Promise.race([step.run("a", () => 1), step.run("b", () => 2)]);
  return winner;
});`,
      errors: [
        { line: 3, column: 24, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  const winner = await group.parallel({ mode: "race" }, () => Promise.race([step.run("a", () => 1), step.run("b", () => 2)]));
  return winner;
});` },
        ] },
      ] },
    { name: "any over steps", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  return Promise.any([step.run("a", () => 1), step.run("b", () => 2)]);
});`,
      errors: [
        { line: 3, column: 10, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  return group.parallel({ mode: "race" }, () => Promise.any([step.run("a", () => 1), step.run("b", () => 2)]));
});` },
        ] },
      ] },
    { name: "explicit optimizeParallelism: true", code: `
export const f = inngest.createFunction({ id: "f", optimizeParallelism: true, triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.race([step.run("a", () => 1), step.sleep("timeout", "10s")]);
});`,
      errors: [
        { line: 3, column: 9, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", optimizeParallelism: true, triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  await group.parallel({ mode: "race" }, () => Promise.race([step.run("a", () => 1), step.sleep("timeout", "10s")]));
});` },
        ] },
      ] },
    { name: "race over variables", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const a = step.run("a", () => 1);
  const b = step.run("b", () => 2);
  await Promise.race([a, b]);
});`,
      errors: [
        { line: 5, column: 9, messageId: "race" },
      ] },
    { name: "race over a map", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.race([1, 2, 3].map((n) => step.run(\`n-\${n}\`, () => n)));
});`,
      errors: [
        { line: 3, column: 9, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  await group.parallel({ mode: "race" }, () => Promise.race([1, 2, 3].map((n) => step.run(\`n-\${n}\`, () => n))));
});` },
        ] },
      ] },
    { name: "race over IIFE branches (the seed's groups)", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await Promise.race([
    (async () => { await step.run("fast.1", () => 1); })(),
    (async () => { await step.run("slow.1", () => 2); })(),
  ]);
});`,
      errors: [
        { line: 3, column: 9, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  await group.parallel({ mode: "race" }, () => Promise.race([
    (async () => { await step.run("fast.1", () => 1); })(),
    (async () => { await step.run("slow.1", () => 2); })(),
  ]));
});` },
        ] },
      ] },
    { name: "renamed step tools", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step: tools }) => {
  await Promise.race([tools.run("a", () => 1), tools.waitForEvent("w", { event: "e/y", timeout: "1h" })]);
});`,
      errors: [
        { line: 3, column: 9, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step: tools, group }) => {
  await group.parallel({ mode: "race" }, () => Promise.race([tools.run("a", () => 1), tools.waitForEvent("w", { event: "e/y", timeout: "1h" })]));
});` },
        ] },
      ] },
    { name: "waitForEvent versus sleep", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const result = await Promise.race([
    step.waitForEvent("approval", { event: "e/approved", timeout: "1d" }),
    step.sleep("reminder", "1h"),
  ]);
  return result;
});`,
      errors: [
        { line: 3, column: 24, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  const result = await group.parallel({ mode: "race" }, () => Promise.race([
    step.waitForEvent("approval", { event: "e/approved", timeout: "1d" }),
    step.sleep("reminder", "1h"),
  ]));
  return result;
});` },
        ] },
      ] },
    { name: "group.parallel in a non-race mode wrapper is not a race group", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  return group.parallel({ mode: "all" as any }, () => Promise.race([step.run("a", () => 1), step.run("b", () => 2)]));
});`,
      errors: [
        { line: 3, column: 55, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step, group }) => {
  return group.parallel({ mode: "all" as any }, () => group.parallel({ mode: "race" }, () => Promise.race([step.run("a", () => 1), step.run("b", () => 2)])));
});` },
        ] },
      ] },
    { name: "ctx form", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  return Promise.race([ctx.step.run("a", () => 1), ctx.step.run("b", () => 2)]);
});`,
      errors: [
        { line: 3, column: 10, messageId: "race", fixes: [
          { title: "Wrap in group.parallel({ mode: \"race\" })", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  return ctx.group.parallel({ mode: "race" }, () => Promise.race([ctx.step.run("a", () => 1), ctx.step.run("b", () => 2)]));
});` },
        ] },
      ] },
  ],
};
