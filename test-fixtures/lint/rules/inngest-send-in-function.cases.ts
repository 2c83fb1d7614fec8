// Cases for inngest-send-in-function (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "step.sendEvent", code: fn(`  await step.sendEvent("emit", { name: "e/y", data: {} });`) },
    { name: "send in an API route", code: `
export async function POST() { await inngest.send({ name: "e/x", data: {} }); }` },
    { name: "send inside step.run is memoized", code: fn(`  await step.run("emit", () => inngest.send({ name: "e/y", data: {} }));`) },
    { name: "another object's send in a function", code: fn(`  const channel = { send: async (m: string) => m };
  await channel.send("hi");`) },
    { name: "helper with send called only from a step", code: `
async function announce() { await inngest.send({ name: "e/y", data: {} }); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("announce", () => announce());
});` },
    { name: "send in a module-level function", code: `
export async function kickoff(id: string) { await inngest.send({ name: "job/start", data: { id } }); }` },
    { name: "closure passed as step callback", code: fn(`  const emit = async () => inngest.send({ name: "e/y", data: {} });
  await step.run("emit", emit);`) },
    { name: "sendEvent with many events", code: fn(`  await step.sendEvent("fan-out", [{ name: "e/y", data: { n: 1 } }, { name: "e/y", data: { n: 2 } }]);`) },
    { name: "send in a class method", code: `
export class Api { async kick() { await inngest.send({ name: "e/x", data: {} }); } }` },
    { name: "invoke instead of send", code: fn(`  await step.invoke("child", { function: f, data: {} });`) },
  ],
  invalid: [
    { name: "awaited inngest.send in a handler", code: fn(`  await inngest.send({ name: "e/y", data: { id: event.data.id } });`),
      errors: [
        { line: 3, column: 9, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-y\", …)", output: fn(`  await step.sendEvent("send-e-y", { name: "e/y", data: { id: event.data.id } });`) },
        ] },
      ] },
    { name: "send of many events", code: fn(`  await inngest.send([{ name: "e/y", data: {} }, { name: "e/z", data: {} }]);`),
      errors: [
        { line: 3, column: 9, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-y\", …)", output: fn(`  await step.sendEvent("send-e-y", [{ name: "e/y", data: {} }, { name: "e/z", data: {} }]);`) },
        ] },
      ] },
    { name: "send after a step", code: fn(`  const user = await step.run("load", () => ({ id: 1 }));
  await inngest.send({ name: "user/loaded", data: user });`),
      errors: [
        { line: 4, column: 9, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-user-loaded\", …)", output: fn(`  const user = await step.run("load", () => ({ id: 1 }));
  await step.sendEvent("send-user-loaded", { name: "user/loaded", data: user });`) },
        ] },
      ] },
    { name: "send in a helper that receives step", code: `
async function finish(step: GetStepTools<typeof inngest>) {
  await step.run("x", () => 1);
  await inngest.send({ name: "e/done", data: {} });
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await finish(step);
});`,
      errors: [
        { line: 4, column: 9, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-done\", …)", output: `
async function finish(step: GetStepTools<typeof inngest>) {
  await step.run("x", () => 1);
  await step.sendEvent("send-e-done", { name: "e/done", data: {} });
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await finish(step);
});` },
        ] },
      ] },
    { name: "aliased client", code: `
const client = inngest;
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await client.send({ name: "e/y", data: {} });
});`,
      errors: [
        { line: 4, column: 9, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-y\", …)", output: `
const client = inngest;
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.sendEvent("send-e-y", { name: "e/y", data: {} });
});` },
        ] },
      ] },
    { name: "in a map callback", code: fn(`  await Promise.all([1, 2].map((n) => inngest.send({ name: "e/y", data: { n } })));`),
      errors: [
        { line: 3, column: 39, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-y\", …)", output: fn(`  await Promise.all([1, 2].map((n) => step.sendEvent("send-e-y", { name: "e/y", data: { n } })));`) },
        ] },
      ] },
    { name: "returned from the handler", code: fn(`  return inngest.send({ name: "e/y", data: {} });`),
      errors: [
        { line: 3, column: 10, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-y\", …)", output: fn(`  return step.sendEvent("send-e-y", { name: "e/y", data: {} });`) },
        ] },
      ] },
    { name: "ctx form", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  await inngest.send({ name: "e/y", data: ctx.event.data });
});`,
      errors: [
        { line: 3, column: 9, messageId: "send", fixes: [
          { title: "Use ctx.step.sendEvent(\"send-e-y\", …)", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async (ctx) => {
  await ctx.step.sendEvent("send-e-y", { name: "e/y", data: ctx.event.data });
});` },
        ] },
      ] },
    { name: "in an if", code: fn(`  if (event.data.notify) {
    await inngest.send({ name: "e/notify", data: {} });
  }`),
      errors: [
        { line: 4, column: 11, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-notify\", …)", output: fn(`  if (event.data.notify) {
    await step.sendEvent("send-e-notify", { name: "e/notify", data: {} });
  }`) },
        ] },
      ] },
    { name: "three-argument style function", code: `
export const f = (inngest as any).createFunction({ id: "f" }, { event: "e/x" }, async ({ step }: any) => {
  await inngest.send({ name: "e/y", data: {} });
});`,
      errors: [
        { line: 3, column: 9, messageId: "send", fixes: [
          { title: "Use step.sendEvent(\"send-e-y\", …)", output: `
export const f = (inngest as any).createFunction({ id: "f" }, { event: "e/x" }, async ({ step }: any) => {
  await step.sendEvent("send-e-y", { name: "e/y", data: {} });
});` },
        ] },
      ] },
  ],
};
