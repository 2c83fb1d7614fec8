// Fix cases: each `code` (after the shared header) type-checks and has a finding of `rule` (the fix for the first is applied);
// applying the fix whose title starts with `fix` must leave code that still type-checks, without that finding.
const fn = (params: string, body: string, config = "") => `
export const f = inngest.createFunction({ id: "f"${config}, triggers: [{ event: "e/x" }] }, async (${params}) => {
${body}
});`;

export default [
  { name: "add await to a floating step", rule: "unawaited-step", fix: "Add await", code: fn("{ step }", `  step.run("a", () => 1);`) },
  { name: "replace void with await", rule: "unawaited-step", fix: "Add await", code: fn("{ step }", `  void step.sleep("nap", "1s");`) },
  { name: "add await and make the helper async", rule: "unawaited-step", fix: "Add await", code: `
function later(step: GetStepTools<typeof inngest>) {
  step.sleep("later", "1h");
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await later(step);
});` },
  { name: "gather two floating steps into Promise.all", rule: "unawaited-step", fix: "Gather", code: fn("{ step }", `  step.run("a", () => 1);
  step.run("b", () => 2);
  return "done";`) },
  { name: "forEach becomes Promise.all over map", rule: "unawaited-step", fix: "Use await Promise.all", code: fn("{ step }", `  const ids = ["a", "b"];
  ids.forEach((id) => step.run(\`sync-\${id}\`, () => id));`) },
  { name: "hoist Date.now() out of a step ID into its own step", rule: "nondeterministic-step-id", code: fn("{ step }", `  await step.run(\`job-\${Date.now()}\`, () => 1);`) },
  { name: "memoize a random variable used in an ID", rule: "nondeterministic-step-id", code: fn("{ step }", `  const suffix = Math.random();
  await step.run(\`job-\${suffix}\`, () => 1);`) },
  { name: "memoize new Date() in place", rule: "nondeterminism-outside-step", code: fn("{ step }", `  const today = new Date();
  await step.run("x", () => today.getTime());`) },
  { name: "memoize crypto.randomUUID(), adding step to the destructuring", rule: "nondeterminism-outside-step", code: fn("{ event }", `  const requestId = crypto.randomUUID();
  return { requestId, name: event.name };`) },
  { name: "memoize a helper's random value", rule: "nondeterminism-outside-step", code: `
function rollDice() { return Math.floor(Math.random() * 6); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const roll = rollDice();
  await step.run("use", () => roll);
});` },
  { name: "wrap a fetch statement in step.run", rule: "side-effect-outside-step", code: fn("{ step }", `  await fetch("https://example.com/ping");
  await step.run("x", () => 1);`) },
  { name: "race inside group.parallel, adding group", rule: "promise-race-without-group", code: fn("{ step }", `  const winner = await Promise.race([step.run("a", () => 1), step.run("b", () => 2)]);
  return winner;`) },
  { name: "race inside ctx.group.parallel", rule: "promise-race-without-group", code: fn("ctx", `  return Promise.any([ctx.step.run("a", () => 1), ctx.step.run("b", () => 2)]);`) },
  { name: "inngest.send becomes step.sendEvent", rule: "inngest-send-in-function", code: fn("{ step }", `  await step.run("x", () => 1);
  await inngest.send({ name: "user/signed-up", data: { id: "1" } });`) },
  { name: "inngest.send becomes step.sendEvent, adding step", rule: "inngest-send-in-function", code: fn("{ event }", `  await inngest.send({ name: "user/seen", data: { name: event.name } });`) },
  { name: "await a floating inngest.send", rule: "unawaited-send", code: `
export async function POST() {
  inngest.send({ name: "e/x", data: {} });
  return "ok";
}` },
  { name: "rename a duplicate step ID", rule: "duplicate-step-id", code: fn("{ step }", `  await step.run("save", () => 1);
  await step.run("save", () => 2);`) },
  { name: "await a returned object's step where it is made", rule: "unawaited-step", fix: "Add await", code: fn("{ step }", `  return { saved: step.run("persist", () => 1) };`) },
  { name: "forEach with an async callback becomes Promise.all over map", rule: "unawaited-step", fix: "Use await Promise.all", code: fn("{ step }", `  const ids = ["a", "b"];
  ids.forEach(async (id) => {
    await step.run(\`sync-\${id}\`, () => id);
  });`) },
  { name: "a floating map of async callbacks is awaited with Promise.all", rule: "unawaited-step", fix: "Await them all with Promise.all", code: fn("{ step }", `  const ids = ["a", "b"];
  ids.map(async (id) => {
    await step.run(\`sync-\${id}\`, () => id);
  });`) },
  { name: "an awaited array becomes Promise.all", rule: "unawaited-step", fix: "Await them all with Promise.all", code: fn("{ step }", `  const [a, b] = await [step.run("a", () => 1), step.run("b", () => 2)];
  return [a, b];`) },
  { name: "wrap an awaited read's initializer in step.run", rule: "side-effect-outside-step", code: `
import { readFile } from "node:fs/promises";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const text = await readFile("/tmp/input.txt", "utf8");
  await step.run("x", () => text.length);
});` },
  { name: "rename a step ID shared with a helper", rule: "duplicate-step-id", code: `
async function welcome(step: GetStepTools<typeof inngest>) {
  await step.run("send-email", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await welcome(step);
  await step.run("send-email", () => 2);
});` },
];
