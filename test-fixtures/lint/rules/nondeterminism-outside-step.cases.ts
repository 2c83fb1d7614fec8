// Cases for nondeterminism-outside-step (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "inside step.run", code: fn(`  const at = await step.run("stamp", () => Date.now());
  return at;`) },
    { name: "new Date(event.ts)", code: fn(`  const when = new Date(event.ts as number);
  await step.run("x", () => when.getTime());`) },
    { name: "random inside the callback", code: fn(`  await step.run("pick", () => Math.random() > 0.5);`) },
    { name: "outside any Inngest function", code: `
export function makeId() { return crypto.randomUUID(); }
export const stamp = () => Date.now();` },
    { name: "local helper only called inside a step", code: fn(`  const stamp = () => Date.now();
  await step.run("stamp", () => stamp());`) },
    { name: "helper passed as the step callback", code: fn(`  const roll = () => Math.random();
  await step.run("roll", roll);`) },
    { name: "a deterministic local helper named uuid", code: `
function uuid(seed: string) { return \`id-\${seed}\`; }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const id = uuid(event.data.id);
  await step.run(id, () => 1);
});` },
    { name: "sleepUntil argument (memoized with the step)", code: fn(`  await step.sleepUntil("later", new Date(Date.now() + 60_000));`) },
    { name: "sendEvent payload timestamp", code: fn(`  await step.sendEvent("emit", { name: "e/y", data: {}, ts: Date.now() });`) },
    { name: "shadowed Date class", code: `
class Date { static now() { return 1; } }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const n = Date.now();
  await step.run("x", () => n);
});` },
  ],
  invalid: [
    { name: "Date.now() in the handler", code: fn(`  const started = Date.now();
  await step.run("x", () => started);`),
      errors: [
        { line: 3, column: 19, messageId: "direct", fixes: [
          { title: "Move Date.now() into its own step.run(\"now\")", output: fn(`  const started = await step.run("now", () => Date.now());
  await step.run("x", () => started);`) },
        ] },
      ] },
    { name: "new Date() in the handler", code: fn(`  const today = new Date();
  await step.run("x", () => today.toISOString());`),
      errors: [
        { line: 3, column: 17, messageId: "direct", fixes: [
          { title: "Move new Date() into its own step.run(\"now\")", output: fn(`  const today = new Date(await step.run("now", () => Date.now()));
  await step.run("x", () => today.toISOString());`) },
        ] },
      ] },
    { name: "Math.random() decides a branch", code: fn(`  if (Math.random() > 0.5) {
    await step.run("a", () => 1);
  }`),
      errors: [
        { line: 3, column: 7, messageId: "direct", fixes: [
          { title: "Move Math.random() into its own step.run(\"random\")", output: fn(`  const random = await step.run("random", () => Math.random());
  if (random > 0.5) {
    await step.run("a", () => 1);
  }`) },
        ] },
      ] },
    { name: "crypto.randomUUID()", code: fn(`  const requestId = crypto.randomUUID();
  await step.run("x", () => requestId);`),
      errors: [
        { line: 3, column: 21, messageId: "direct", fixes: [
          { title: "Move crypto.randomUUID() into its own step.run(\"generated-id\")", output: fn(`  const requestId = await step.run("generated-id", () => crypto.randomUUID());
  await step.run("x", () => requestId);`) },
        ] },
      ] },
    { name: "uuid v4 import", code: `
import { v4 } from "uuid";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const token = v4();
  await step.run("x", () => token);
});`,
      errors: [
        { line: 4, column: 17, messageId: "direct", fixes: [
          { title: "Move v4() into its own step.run(\"generated-id\")", output: `
import { v4 } from "uuid";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const token = await step.run("generated-id", () => v4());
  await step.run("x", () => token);
});` },
        ] },
      ] },
    { name: "performance.now()", code: fn(`  const t0 = performance.now();
  await step.run("x", () => 1);`),
      errors: [
        { line: 3, column: 14, messageId: "direct", fixes: [
          { title: "Move performance.now() into its own step.run(\"elapsed\")", output: fn(`  const t0 = await step.run("elapsed", () => performance.now());
  await step.run("x", () => 1);`) },
        ] },
      ] },
    { name: "through a helper outside the handler", code: `
function newToken() { return Math.random().toString(36); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const token = newToken();
  await step.run("x", () => token);
});`,
      errors: [
        { line: 4, column: 17, messageId: "helper", fixes: [
          { title: "Move newToken() into its own step.run(\"random\")", output: `
function newToken() { return Math.random().toString(36); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const token = await step.run("random", () => newToken());
  await step.run("x", () => token);
});` },
        ] },
      ] },
    { name: "inside a map callback in the handler", code: fn(`  const rows = [1, 2].map((n) => ({ n, at: Date.now() }));
  await step.run("x", () => rows);`),
      errors: [
        { line: 3, column: 44, messageId: "direct" },
      ] },
    { name: "in a helper that receives step", code: `
async function audit(step: GetStepTools<typeof inngest>) {
  const at = new Date();
  await step.run("audit", () => at.toISOString());
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await audit(step);
});`,
      errors: [
        { line: 3, column: 14, messageId: "direct", fixes: [
          { title: "Move new Date() into its own step.run(\"now\")", output: `
async function audit(step: GetStepTools<typeof inngest>) {
  const at = new Date(await step.run("now", () => Date.now()));
  await step.run("audit", () => at.toISOString());
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await audit(step);
});` },
        ] },
      ] },
    { name: "randomBytes from crypto", code: `
import { randomBytes } from "crypto";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const salt = randomBytes(16).toString("hex");
  await step.run("x", () => salt);
});`,
      errors: [
        { line: 4, column: 16, messageId: "direct" },
      ] },
    { name: "process.hrtime.bigint()", code: fn(`  const start = process.hrtime.bigint();
  await step.run("x", () => 1);`),
      errors: [
        { line: 3, column: 17, messageId: "direct" },
      ] },
  ],
};
