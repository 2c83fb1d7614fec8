// Cases for side-effect-outside-step (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "fetch inside step.run", code: fn(`  await step.run("get", () => fetch("https://example.com").then((r) => r.status));`) },
    { name: "step.fetch is durable", code: fn(`  await step.fetch("https://example.com");`) },
    { name: "fs inside the step", code: `
import { readFile } from "node:fs/promises";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("read", () => readFile("/tmp/x", "utf8"));
});` },
    { name: "database client inside a step", code: `
import { Pool } from "pg";
const db = new Pool();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("save", () => db.query("insert", [event.data.id]));
});` },
    { name: "pure computation in the handler", code: fn(`  const total = [1, 2, 3].reduce((a, b) => a + b, 0);
  await step.run("x", () => total);`) },
    { name: "fetch outside any function", code: `
export async function health() { return fetch("https://example.com/health"); }` },
    { name: "a local fetch that is not I/O", code: `
const fetch = (key: string) => ({ key });
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  const item = fetch("a");
  await step.run("x", () => item.key);
});` },
    { name: "I/O helper only called inside a step", code: `
async function sendEmail(to: string) { await fetch("https://mail.example.com", { method: "POST", body: to }); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("email", () => sendEmail(event.data.email));
});` },
    { name: "closure with I/O passed as the callback", code: fn(`  const load = async () => (await fetch("https://example.com")).status;
  await step.run("load", load);`) },
    { name: "console logging is not I/O we flag", code: fn(`  console.log("starting", event.name);
  await step.run("x", () => 1);`) },
  ],
  invalid: [
    { name: "fetch in the handler", code: fn(`  const res = await fetch("https://example.com"); // expect
  await step.run("x", () => res.status);`) },
    { name: "pg pool query", code: `
import { Pool } from "pg";
const db = new Pool();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await db.query("update users set seen = now() where id = $1", [event.data.id]); // expect
  await step.run("x", () => 1);
});` },
    { name: "fs write", code: `
import * as fs from "node:fs";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  fs.writeFileSync("/tmp/log", "x"); // expect
  await step.run("x", () => 1);
});` },
    { name: "prisma through an imported client", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const user = await prisma.user.findUnique({ where: { id: event.data.id } }); // expect
  await step.run("x", () => user);
});` },
    { name: "axios post", code: `
import axios from "axios";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await axios.post("https://hooks.example.com", {}); // expect
  await step.run("x", () => 1);
});` },
    { name: "helper that does I/O", code: `
async function notifySlack(text: string) { await fetch("https://hooks.slack.com", { method: "POST", body: text }); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await notifySlack("started"); // expect
  await step.run("x", () => 1);
});` },
    { name: "stripe client", code: `
import Stripe from "stripe";
const stripe = new Stripe("sk");
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await stripe.charges.create({ amount: event.data.amount }); // expect
  await step.run("x", () => 1);
});` },
    { name: "redis created by a factory", code: `
import { createClient } from "redis";
const cache = createClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await cache.set("last", event.data.id); // expect
  await step.run("x", () => 1);
});` },
    { name: "fetch in a helper that receives step", code: `
async function enrich(step: GetStepTools<typeof inngest>, url: string) {
  const body = await fetch(url).then((r) => r.text()); // expect
  return step.run("enrich", () => body.length);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await enrich(step, "https://example.com");
});` },
    { name: "fs/promises named import", code: `
import { appendFile } from "fs/promises";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await appendFile("/tmp/audit", event.name); // expect
  await step.run("x", () => 1);
});` },
  ],
};
