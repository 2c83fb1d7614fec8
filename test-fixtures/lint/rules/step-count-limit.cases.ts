// Cases for step-count-limit (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "a few steps", code: fn(`  await step.run("a", () => 1);
  await step.run("b", () => 2);`) },
    { name: "loop of exactly 1000", code: fn(`  for (let i = 0; i < 1000; i++) await step.run(\`s-\${i}\`, () => i);`) },
    { name: "unknown loop bound", code: fn(`  for (let i = 0; i < event.data.count; i++) await step.run(\`s-\${i}\`, () => i);`) },
    { name: "map over event data", code: fn(`  await Promise.all((event.data.items as number[]).map((n) => step.run(\`n-\${n}\`, () => n)));`) },
    { name: "fan-out with sendEvent", code: fn(`  await step.sendEvent("fan-out", Array.from({ length: 5000 }, (_, i) => ({ name: "job/run", data: { i } })));`) },
    { name: "500 in Promise.all", code: fn(`  await Promise.all(Array.from({ length: 500 }, (_, i) => step.run(\`p-\${i}\`, () => i)));`) },
    { name: "two loops of 400", code: fn(`  for (let i = 0; i < 400; i++) await step.run(\`a-\${i}\`, () => i);
  for (let i = 0; i < 400; i++) await step.run(\`b-\${i}\`, () => i);`) },
    { name: "big loop without steps", code: fn(`  let sum = 0;
  for (let i = 0; i < 100000; i++) sum += i;
  await step.run("sum", () => sum);`) },
    { name: "big loop inside a step", code: fn(`  await step.run("crunch", () => { let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s; });`) },
    { name: "literal array of 3", code: fn(`  for (const region of ["us", "eu", "ap"]) await step.run(\`sync-\${region}\`, () => region);`) },
    { name: "a loop over a bounded page of rows", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const users = await step.run("users", () => prisma.user.findMany({ take: 100 }));
  for (const user of users) await step.run(\`email-\${user.id}\`, () => user.id);
});` },
    { name: "a loop over a filtered query", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const members = await step.run("members", () => prisma.member.findMany({ where: { teamId: event.data.teamId } }));
  for (const member of members) await step.run(\`notify-\${member.id}\`, () => member.id);
});` },
    { name: "fan-out with one sendEvent for every row", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const ids = await step.run("ids", async () => (await prisma.user.findMany({ take: 500 })).map((u) => u.id));
  await step.sendEvent("fan-out", ids.map((id) => ({ name: "user/process", data: { id } })));
});` },
  ],
  invalid: [
    { name: "for loop of 2000", code: fn(`  for (let i = 0; i < 2000; i++) await step.run(\`s-\${i}\`, () => i);`),
      errors: [
        { line: 3, column: 40, messageId: "tooMany" },
      ] },
    { name: "Array.from length 5000 in Promise.all", code: fn(`  await Promise.all(Array.from({ length: 5000 }, (_, i) => step.run(\`p-\${i}\`, () => i)));`),
      errors: [
        { line: 3, column: 60, messageId: "tooMany" },
      ] },
    { name: "const bound", code: `
const PAGES = 1500;
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  for (let page = 0; page < PAGES; page++) await step.run(\`page-\${page}\`, () => page);
});`,
      errors: [
        { line: 4, column: 50, messageId: "tooMany" },
      ] },
    { name: "nested loops 50 × 30", code: fn(`  for (let a = 0; a < 50; a++) {
    for (let b = 0; b < 30; b++) await step.run(\`c-\${a}-\${b}\`, () => a * b);
  }`),
      errors: [
        { line: 4, column: 40, messageId: "tooMany" },
      ] },
    { name: "two steps per iteration of 600", code: fn(`  for (let i = 0; i < 600; i++) {
    await step.run(\`load-\${i}\`, () => i);
    await step.run(\`save-\${i}\`, () => i);
  }`),
      errors: [
        { line: 4, column: 11, messageId: "tooMany" },
      ] },
    { name: "inclusive bound", code: fn(`  for (let i = 1; i <= 1001; i++) await step.sleep(\`tick-\${i}\`, "1s");`),
      errors: [
        { line: 3, column: 41, messageId: "tooMany" },
      ] },
    { name: "new Array(N).fill().map", code: fn(`  await Promise.all(new Array(1200).fill(0).map((_, i) => step.run(\`x-\${i}\`, () => i)));`),
      errors: [
        { line: 3, column: 59, messageId: "tooMany" },
      ] },
    { name: "for-of over a known range", code: fn(`  const ids = Array.from({ length: 3000 }, (_, i) => i);
  for (const id of ids) await step.run(\`id-\${id}\`, () => id);`),
      errors: [
        { line: 4, column: 31, messageId: "tooMany" },
      ] },
    { name: "step of 2 over 4000", code: fn(`  for (let i = 0; i < 4000; i += 2) await step.run(\`even-\${i}\`, () => i);`),
      errors: [
        { line: 3, column: 43, messageId: "tooMany" },
      ] },
    { name: "forEach over a big literal-length array", code: fn(`  const jobs: Promise<unknown>[] = [];
  Array(2500).fill(null).forEach((_, i) => { jobs.push(step.run(\`j-\${i}\`, () => i)); });
  await Promise.all(jobs);`),
      errors: [
        { line: 4, column: 56, messageId: "tooMany" },
      ] },
    { name: "a step per row of a whole table", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const users = await step.run("users", () => prisma.user.findMany({ select: { id: true } }));
  for (const user of users) {
    await step.run(\`email-\${user.id}\`, () => user.id);
  }
});`,
      errors: [
        { line: 7, column: 11, messageId: "unbounded" },
      ] },
    { name: "a step per row of a SQL query without WHERE or LIMIT, in parallel", code: `
import { Pool } from "pg";
const pool = new Pool();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const { rows } = await step.run("invoices", () => pool.query("select id from invoices"));
  await Promise.all(rows.map((row: { id: string }) => step.run(\`recalc-\${row.id}\`, () => row.id)));
});`,
      errors: [
        { line: 6, column: 55, messageId: "unbounded" },
      ] },
    { name: "a step per item of an app's getAll helper, through an index loop", code: `
import { getAllAccounts } from "./services/accounts";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const accounts = await step.run("accounts", () => getAllAccounts());
  for (let i = 0; i < accounts.length; i++) {
    await step.run(\`statement-\${i}\`, () => i);
  }
});`,
      errors: [
        { line: 6, column: 11, messageId: "unbounded" },
      ] },
  ],
};
