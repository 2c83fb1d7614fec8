// Cases for duplicate-step-id (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "distinct IDs", code: fn(`  await step.run("a", () => 1);
  await step.run("b", () => 2);`) },
    { name: "one call site in a sequential loop", code: fn(`  for (const item of [1, 2, 3]) await step.run("process", () => item);`) },
    { name: "if / else branches", code: fn(`  if (event.data.vip) await step.run("notify", () => "vip");
  else await step.run("notify", () => "normal");`) },
    { name: "switch cases", code: fn(`  switch (event.data.kind) {
    case "a": await step.run("handle", () => 1); break;
    case "b": await step.run("handle", () => 2); break;
  }`) },
    { name: "conditional expression", code: fn(`  await (event.data.fast ? step.run("go", () => 1) : step.run("go", () => 2));`) },
    { name: "indexed IDs in Promise.all", code: fn(`  await Promise.all([1, 2].map((n, i) => step.run(\`n-\${i}\`, () => n)));`) },
    { name: "same ID in two different functions", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => { await step.run("a", () => 1); });
export const g = inngest.createFunction({ id: "g", triggers: [{ event: "e/y" }] }, async ({ step }) => { await step.run("a", () => 1); });` },
    { name: "while loop, awaited each time", code: fn(`  let page = 0;
  while (page < 3) { await step.run("fetch-page", () => page); page++; }`) },
    { name: "dynamic IDs are not compared", code: fn(`  await step.run(\`a-\${event.data.x}\`, () => 1);
  await step.run(\`a-\${event.data.x}\`, () => 2);`) },
    { name: "sleep IDs distinct from run IDs", code: fn(`  await step.run("wait-a", () => 1);
  await step.sleep("wait-b", "1s");`) },
    { name: "a helper called twice in sequence (the SDK numbers the repeat)", code: `
async function notify(step: GetStepTools<typeof inngest>, channel: string) {
  await step.run("post", () => channel);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await notify(step, "#sales");
  await notify(step, "#ops");
});` },
    { name: "a helper and the handler with different IDs", code: `
async function sendWelcome(step: GetStepTools<typeof inngest>) {
  await step.run("send-welcome", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await sendWelcome(step);
  await step.run("send-tips", () => 2);
});` },
    { name: "the same ID in a helper and in a branch that excludes it", code: `
async function sendEmail(step: GetStepTools<typeof inngest>) {
  await step.run("send-email", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  if (event.data.vip) await sendEmail(step);
  else await step.run("send-email", () => 2);
});` },
  ],
  invalid: [
    { name: "same ID twice in sequence", code: fn(`  await step.run("charge", () => 1);
  await step.run("charge", () => 2);`),
      errors: [
        { line: 4, column: 9, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"charge-2\"", output: fn(`  await step.run("charge", () => 1);
  await step.run("charge-2", () => 2);`) },
        ] },
      ] },
    { name: "same ID in two parallel branches", code: fn(`  await Promise.all([
    step.run("sync", () => 1),
    step.run("sync", () => 2),
  ]);`),
      errors: [
        { line: 5, column: 5, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"sync-2\"", output: fn(`  await Promise.all([
    step.run("sync", () => 1),
    step.run("sync-2", () => 2),
  ]);`) },
        ] },
      ] },
    { name: "one call site in parallel map", code: fn(`  await Promise.all([1, 2, 3].map((n) => step.run("process", () => n)));`),
      errors: [
        { line: 3, column: 42, messageId: "parallel" },
      ] },
    { name: "different tools, same ID", code: fn(`  await step.run("wait", () => 1);
  await step.sleep("wait", "1s");`),
      errors: [
        { line: 4, column: 9, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"wait-2\"", output: fn(`  await step.run("wait", () => 1);
  await step.sleep("wait-2", "1s");`) },
        ] },
      ] },
    { name: "options object id", code: fn(`  await step.run({ id: "load" }, () => 1);
  await step.run("load", () => 2);`),
      errors: [
        { line: 4, column: 9, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"load-2\"", output: fn(`  await step.run({ id: "load" }, () => 1);
  await step.run("load-2", () => 2);`) },
        ] },
      ] },
    { name: "const ID reused", code: `
const STEP = "persist";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run(STEP, () => 1);
  await step.run(STEP, () => 2);
});`,
      errors: [
        { line: 5, column: 9, messageId: "twoSites" },
      ] },
    { name: "loop that starts steps without awaiting", code: fn(`  const jobs: Promise<number>[] = [];
  for (let i = 0; i < 3; i++) jobs.push(step.run("job", () => i));
  await Promise.all(jobs);`),
      errors: [
        { line: 4, column: 41, messageId: "parallel" },
      ] },
    { name: "Array.from callback", code: fn(`  await Promise.all(Array.from({ length: 3 }, () => step.run("tick", () => 1)));`),
      errors: [
        { line: 3, column: 53, messageId: "parallel" },
      ] },
    { name: "two IIFE branches with the same ID", code: fn(`  await Promise.all([
    (async () => { await step.run("write", () => 1); })(),
    (async () => { await step.run("write", () => 2); })(),
  ]);`),
      errors: [
        { line: 5, column: 26, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"write-2\"", output: fn(`  await Promise.all([
    (async () => { await step.run("write", () => 1); })(),
    (async () => { await step.run("write-2", () => 2); })(),
  ]);`) },
        ] },
      ] },
    { name: "after an if without else", code: fn(`  if (event.data.x) await step.run("audit", () => 1);
  await step.run("audit", () => 2);`),
      errors: [
        { line: 4, column: 9, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"audit-2\"", output: fn(`  if (event.data.x) await step.run("audit", () => 1);
  await step.run("audit-2", () => 2);`) },
        ] },
      ] },
    { name: "three uses", code: fn(`  await step.run("x", () => 1);
  await step.run("x", () => 2);
  await step.run("x", () => 3);`),
      errors: [
        { line: 4, column: 9, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"x-2\"", output: fn(`  await step.run("x", () => 1);
  await step.run("x-2", () => 2);
  await step.run("x", () => 3);`) },
        ] },
        { line: 5, column: 9, messageId: "twoSites", fixes: [
          { title: "Rename the step ID to \"x-2\"", output: fn(`  await step.run("x", () => 1);
  await step.run("x", () => 2);
  await step.run("x-2", () => 3);`) },
        ] },
      ] },
    { name: "a helper, then the handler, with the same ID", code: `
async function sendWelcome(step: GetStepTools<typeof inngest>) {
  await step.run("send-email", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await sendWelcome(step);
  await step.run("send-email", () => 2);
});`,
      errors: [
        { line: 7, column: 9, messageId: "acrossHelper", fixes: [
          { title: "Rename the step ID to \"send-email-2\"", output: `
async function sendWelcome(step: GetStepTools<typeof inngest>) {
  await step.run("send-email", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await sendWelcome(step);
  await step.run("send-email-2", () => 2);
});` },
        ] },
      ] },
    { name: "the handler, then a helper, with the same ID", code: `
async function sendReceipt(step: GetStepTools<typeof inngest>) {
  await step.run("send-email", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("send-email", () => 2);
  await sendReceipt(step);
});`,
      errors: [
        { line: 3, column: 9, messageId: "acrossHelper", fixes: [
          { title: "Rename the step ID to \"send-email-2\"", output: `
async function sendReceipt(step: GetStepTools<typeof inngest>) {
  await step.run("send-email-2", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("send-email", () => 2);
  await sendReceipt(step);
});` },
        ] },
      ] },
    { name: "two helpers with the same ID", code: `
async function first(step: GetStepTools<typeof inngest>) {
  await step.run("save", () => 1);
}
async function second(step: GetStepTools<typeof inngest>) {
  await step.run("save", () => 2);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await first(step);
  await second(step);
});`,
      errors: [
        { line: 6, column: 9, messageId: "acrossHelper", fixes: [
          { title: "Rename the step ID to \"save-2\"", output: `
async function first(step: GetStepTools<typeof inngest>) {
  await step.run("save", () => 1);
}
async function second(step: GetStepTools<typeof inngest>) {
  await step.run("save-2", () => 2);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await first(step);
  await second(step);
});` },
        ] },
      ] },
    { name: "the ambient step in a helper and the handler", code: `
import { step as ambient } from "inngest";
async function audit() {
  await ambient.run("audit", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("audit", () => 2);
  await audit();
});`,
      errors: [
        { line: 4, column: 9, messageId: "acrossHelper", fixes: [
          { title: "Rename the step ID to \"audit-2\"", output: `
import { step as ambient } from "inngest";
async function audit() {
  await ambient.run("audit-2", () => 1);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("audit", () => 2);
  await audit();
});` },
        ] },
      ] },
  ],
};
