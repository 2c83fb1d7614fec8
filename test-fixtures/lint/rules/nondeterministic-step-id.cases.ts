// Cases for nondeterministic-step-id (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "literal ID", code: fn(`  await step.run("charge", () => 1);`) },
    { name: "ID from event.data.id", code: fn(`  await step.run(\`charge-\${event.data.id}\`, () => 1);`) },
    { name: "ID from a loop index", code: fn(`  for (let i = 0; i < 3; i++) await step.run(\`page-\${i}\`, () => i);`) },
    { name: "ID from a map index", code: fn(`  await Promise.all([1, 2].map((n, i) => step.run("n-" + i, () => n)));`) },
    { name: "ID from a memoized step result", code: fn(`  const runId = await step.run("make-id", () => crypto.randomUUID());
  await step.run(\`process-\${runId}\`, () => 1);`) },
    { name: "new Date(event.ts) is deterministic", code: fn(`  const day = new Date(event.ts as number).toISOString().slice(0, 10);
  await step.run(\`report-\${day}\`, () => 1);`) },
    { name: "a local helper named uuid", code: `
const uuid = (key: string) => \`u-\${key}\`;
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run(uuid(event.data.userId), () => 1);
});` },
    { name: "uuid v5 is name-based", code: `
import { v5 } from "uuid";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run(v5(event.data.email, v5.URL), () => 1);
});` },
    { name: "options object with a literal id", code: fn(`  await step.run({ id: "charge", name: \`Charge at \${Date.now()}\` } as any, () => 1);`) },
    { name: "Date.now inside the callback only", code: fn(`  await step.run("stamp", () => Date.now());`) },
    { name: "a shadowing Math", code: `
const Math = { random: () => 4 };
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run(\`r-\${Math.random()}\`, () => 1);
});` },
  ],
  invalid: [
    { name: "Date.now() in a template", code: fn(`  await step.run(\`job-\${Date.now()}\`, () => 1);`),
      errors: [
        { line: 3, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move Date.now() into its own step.run(\"now\")", output: fn(`  const now = await step.run("now", () => Date.now());
  await step.run(\`job-\${now}\`, () => 1);`) },
        ] },
      ] },
    { name: "Math.random through a variable", code: fn(`  const suffix = Math.random().toString(36).slice(2);
  await step.run("job-" + suffix, () => 1);`),
      errors: [
        { line: 4, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move Math.random() into its own step.run(\"random\")", output: fn(`  const random = await step.run("random", () => Math.random());
  const suffix = random.toString(36).slice(2);
  await step.run("job-" + suffix, () => 1);`) },
        ] },
      ] },
    { name: "crypto.randomUUID global", code: fn(`  await step.sleep(crypto.randomUUID(), "1s");`),
      errors: [
        { line: 3, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move crypto.randomUUID() into its own step.run(\"generated-id\")", output: fn(`  const generatedId = await step.run("generated-id", () => crypto.randomUUID());
  await step.sleep(generatedId, "1s");`) },
        ] },
      ] },
    { name: "randomUUID imported from node:crypto", code: `
import { randomUUID } from "node:crypto";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const id = randomUUID();
  await step.run(\`send-\${id}\`, () => 1);
});`,
      errors: [
        { line: 5, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move randomUUID() into its own step.run(\"generated-id\")", output: `
import { randomUUID } from "node:crypto";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const id = await step.run("generated-id", () => randomUUID());
  await step.run(\`send-\${id}\`, () => 1);
});` },
        ] },
      ] },
    { name: "uuid v4 package", code: `
import { v4 as uuidv4 } from "uuid";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.sendEvent(uuidv4(), { name: "e/y", data: {} });
});`,
      errors: [
        { line: 4, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move uuidv4() into its own step.run(\"generated-id\")", output: `
import { v4 as uuidv4 } from "uuid";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const generatedId = await step.run("generated-id", () => uuidv4());
  await step.sendEvent(generatedId, { name: "e/y", data: {} });
});` },
        ] },
      ] },
    { name: "new Date() without arguments", code: fn(`  const now = new Date();
  await step.run(\`daily-\${now.toISOString()}\`, () => 1);`),
      errors: [
        { line: 4, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move new Date() into its own step.run(\"now\")", output: fn(`  const now = new Date(await step.run("now", () => Date.now()));
  await step.run(\`daily-\${now.toISOString()}\`, () => 1);`) },
        ] },
      ] },
    { name: "performance.now()", code: fn(`  await step.run("t" + performance.now(), () => 1);`),
      errors: [
        { line: 3, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move performance.now() into its own step.run(\"elapsed\")", output: fn(`  const elapsed = await step.run("elapsed", () => performance.now());
  await step.run("t" + elapsed, () => 1);`) },
        ] },
      ] },
    { name: "process.hrtime()", code: fn(`  const [s] = process.hrtime();
  await step.run(\`t-\${s}\`, () => 1);`),
      errors: [
        { line: 4, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move process.hrtime() into its own step.run(\"elapsed\")", output: fn(`  const [s] = await step.run("elapsed", () => process.hrtime());
  await step.run(\`t-\${s}\`, () => 1);`) },
        ] },
      ] },
    { name: "through a local helper", code: `
function stamp(prefix: string) { return \`\${prefix}-\${Date.now()}\`; }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run(stamp("job"), () => 1);
});`,
      errors: [
        { line: 4, column: 9, messageId: "nondeterministic" },
      ] },
    { name: "options object id", code: fn(`  await step.run({ id: \`x-\${Math.random()}\` }, () => 1);`),
      errors: [
        { line: 3, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move Math.random() into its own step.run(\"random\")", output: fn(`  const random = await step.run("random", () => Math.random());
  await step.run({ id: \`x-\${random}\` }, () => 1);`) },
        ] },
      ] },
    { name: "nanoid", code: `
import { nanoid } from "nanoid";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.waitForEvent(\`wait-\${nanoid()}\`, { event: "e/y", timeout: "1h" });
});`,
      errors: [
        { line: 4, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move nanoid() into its own step.run(\"generated-id\")", output: `
import { nanoid } from "nanoid";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const generatedId = await step.run("generated-id", () => nanoid());
  await step.waitForEvent(\`wait-\${generatedId}\`, { event: "e/y", timeout: "1h" });
});` },
        ] },
      ] },
    { name: "a let reassigned from Date.now()", code: fn(`  let key = "start";
  key = String(Date.now());
  await step.run(key, () => 1);`),
      errors: [
        { line: 5, column: 9, messageId: "nondeterministic", fixes: [
          { title: "Move Date.now() into its own step.run(\"now\")", output: fn(`  let key = "start";
  const now = await step.run("now", () => Date.now());
  key = String(now);
  await step.run(key, () => 1);`) },
        ] },
      ] },
    { name: "module-level id", code: `
const bootId = Math.random().toString(36);
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run(\`warm-\${bootId}\`, () => 1);
});`,
      errors: [
        { line: 4, column: 9, messageId: "nondeterministic" },
      ] },
  ],
};
