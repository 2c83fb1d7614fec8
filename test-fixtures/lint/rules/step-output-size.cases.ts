// Cases for step-output-size (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "small object", code: fn(`  await step.run("x", () => ({ ok: true, id: event.data.id }));`) },
    { name: "returns a storage key", code: fn(`  await step.run("upload", async () => ({ key: \`uploads/\${event.data.id}\` }));`) },
    { name: "1 MB string", code: fn(`  await step.run("x", () => "a".repeat(1_000_000));`) },
    { name: "unknown size", code: fn(`  await step.run("x", () => JSON.stringify(event.data));`) },
    { name: "big value built but not returned", code: fn(`  await step.run("x", () => { const big = "a".repeat(10_000_000); return big.length; });`) },
    { name: "3 steps of 1 MB", code: fn(`  for (let i = 0; i < 3; i++) await step.run(\`chunk-\${i}\`, () => "a".repeat(1_000_000));`) },
    { name: "small array", code: fn(`  await step.run("x", () => new Array(1000).fill(0));`) },
    { name: "Buffer of 1 MB", code: fn(`  await step.run("x", () => Buffer.alloc(1024 * 1024).length);`) },
    { name: "sleep has no output", code: fn(`  await step.sleep("x", "1d");`) },
    { name: "2 MB in one step", code: fn(`  await step.run("x", () => "b".repeat(2 * 1024 * 1024));`) },
    { name: "a step that returns a storage key instead of the file", code: `
import { readFile } from "node:fs/promises";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const key = await step.run("stage", async () => {
    const text = await readFile("/tmp/export.csv", "utf8");
    return \`exports/\${text.length}\`;
  });
  return key;
});` },
    { name: "a step that returns a bounded query", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  return step.run("recent", () => prisma.order.findMany({ take: 50, orderBy: { id: "desc" } }));
});` },
    { name: "a step that returns a filtered query", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  return step.run("items", () => prisma.item.findMany({ where: { orderId: event.data.orderId } }));
});` },
  ],
  invalid: [
    { name: "5 MB string", code: fn(`  await step.run("x", () => "a".repeat(5_000_000));`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "Buffer of 4 MB", code: fn(`  await step.run("x", () => Buffer.alloc(4 * 1024 * 1024));`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "array of 2 million numbers", code: fn(`  await step.run("x", () => new Array(2_000_000).fill(123));`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "const big string returned", code: fn(`  await step.run("x", () => {
    const payload = "z".repeat(6 * 1024 * 1024);
    return payload;
  });`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "Array.from length 1e6 of objects", code: fn(`  await step.run("x", () => Array.from({ length: 1_000_000 }, () => ({ a: 1 })));`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "ten 1 MB steps in total", code: fn(`  for (let i = 0; i < 10; i++) await step.run(\`chunk-\${i}\`, () => "a".repeat(1_000_000));`),
      errors: [
        { line: 3, column: 38, messageId: "total" },
      ] },
    { name: "object with a huge field", code: fn(`  await step.run("x", () => ({ html: "<p>".repeat(2_000_000) }));`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "async callback", code: fn(`  await step.run("x", async () => "q".repeat(8_000_000));`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "ai.wrap returning a lot", code: fn(`  await step.ai.wrap("x", async () => "t".repeat(5_000_000));`),
      errors: [
        { line: 3, column: 9, messageId: "single" },
      ] },
    { name: "parallel chunks in total", code: fn(`  await Promise.all(Array.from({ length: 8 }, (_, i) => step.run(\`c-\${i}\`, () => "a".repeat(1_000_000))));`),
      errors: [
        { line: 3, column: 57, messageId: "total" },
      ] },
    { name: "a step that returns a whole file", code: `
import { readFile } from "node:fs/promises";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const csv = await step.run("read", () => readFile(\`/uploads/\${event.data.name}\`, "utf8"));
  return csv.length;
});`,
      errors: [
        { line: 4, column: 21, messageId: "wholeContent" },
      ] },
    { name: "a step that returns an S3 object's body", code: `
import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
const s3 = new S3Client({});
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const body = await step.run("download", async () => {
    const object = await s3.send(new GetObjectCommand({ Bucket: "b", Key: event.data.key }));
    return object.Body!.transformToString();
  });
  return body.length;
});`,
      errors: [
        { line: 5, column: 22, messageId: "wholeContent" },
      ] },
    { name: "a step that returns every row of a table", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const users = await step.run("users", () => prisma.user.findMany());
  return users.length;
});`,
      errors: [
        { line: 5, column: 23, messageId: "wholeCollection" },
      ] },
    { name: "a step that returns a whole collection through toArray", code: `
import { MongoClient } from "mongodb";
const mongo = new MongoClient("mongodb://localhost");
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const events = await step.run("events", () => mongo.db("app").collection("events").find({}).toArray());
  return events.length;
});`,
      errors: [
        { line: 5, column: 24, messageId: "wholeCollection" },
      ] },
  ],
};
