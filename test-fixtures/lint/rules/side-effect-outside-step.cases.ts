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
    { name: "a write through an app service, inside a step", code: `
import { db } from "./services/db";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("insert", () => db.orders.insert({ id: event.data.id }));
});` },
    { name: "a read through an app service used only as data", code: `
import { accounts } from "./services/accounts";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const recipients = await accounts.digestRecipients();
  await step.run("send", () => recipients.length);
});` },
    { name: "a read through an app service that decides nothing after it is memoized", code: `
import { accounts } from "./services/accounts";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const owner = await step.run("owner", () => accounts.find(event.data.id));
  if (owner.plan !== "pro") return;
  await step.run("nudge", () => 1);
});` },
    { name: "validation with an awaited parse is not I/O", code: `
import { z } from "zod";
const schema = z.object({ id: z.string() });
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const input = await schema.parseAsync(event.data);
  if (!input.id) return;
  await step.run("x", () => input.id);
});` },
    { name: "an awaited local helper that does no I/O", code: `
async function priceOf(sku: string) { return sku.length * 100; }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const price = await priceOf(event.data.sku);
  if (price > 1000) await step.run("expensive", () => price);
});` },
    { name: "a write through an app service in a route, not a function", code: `
import { mailer } from "./services/mailer";
export async function POST() {
  await mailer.sendWelcome("a@example.com");
  return new Response("ok");
}` },
  ],
  invalid: [
    { name: "fetch in the handler", code: fn(`  const res = await fetch("https://example.com");
  await step.run("x", () => res.status);`),
      errors: [
        { line: 3, column: 21, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"fetch\")", output: fn(`  const res = await step.run("fetch", () => fetch("https://example.com"));
  await step.run("x", () => res.status);`) },
        ] },
      ] },
    { name: "pg pool query", code: `
import { Pool } from "pg";
const db = new Pool();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await db.query("update users set seen = now() where id = $1", [event.data.id]);
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 5, column: 9, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"query\")", output: `
import { Pool } from "pg";
const db = new Pool();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("query", () => db.query("update users set seen = now() where id = $1", [event.data.id]));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "fs write", code: `
import * as fs from "node:fs";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  fs.writeFileSync("/tmp/log", "x");
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 4, column: 3, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"write-file-sync\")", output: `
import * as fs from "node:fs";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("write-file-sync", () => fs.writeFileSync("/tmp/log", "x"));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "prisma through an imported client", code: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const user = await prisma.user.findUnique({ where: { id: event.data.id } });
  await step.run("x", () => user);
});`,
      errors: [
        { line: 5, column: 22, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"find-unique\")", output: `
import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const user = await step.run("find-unique", () => prisma.user.findUnique({ where: { id: event.data.id } }));
  await step.run("x", () => user);
});` },
        ] },
      ] },
    { name: "axios post", code: `
import axios from "axios";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await axios.post("https://hooks.example.com", {});
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 4, column: 9, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"post\")", output: `
import axios from "axios";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("post", () => axios.post("https://hooks.example.com", {}));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "helper that does I/O", code: `
async function notifySlack(text: string) { await fetch("https://hooks.slack.com", { method: "POST", body: text }); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await notifySlack("started");
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 4, column: 9, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"notify-slack\")", output: `
async function notifySlack(text: string) { await fetch("https://hooks.slack.com", { method: "POST", body: text }); }
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("notify-slack", () => notifySlack("started"));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "stripe client", code: `
import Stripe from "stripe";
const stripe = new Stripe("sk");
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await stripe.charges.create({ amount: event.data.amount });
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 5, column: 9, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"create\")", output: `
import Stripe from "stripe";
const stripe = new Stripe("sk");
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("create", () => stripe.charges.create({ amount: event.data.amount }));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "redis created by a factory", code: `
import { createClient } from "redis";
const cache = createClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await cache.set("last", event.data.id);
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 5, column: 9, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"set\")", output: `
import { createClient } from "redis";
const cache = createClient();
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("set", () => cache.set("last", event.data.id));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "fetch in a helper that receives step", code: `
async function enrich(step: GetStepTools<typeof inngest>, url: string) {
  const body = await fetch(url).then((r) => r.text());
  return step.run("enrich", () => body.length);
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await enrich(step, "https://example.com");
});`,
      errors: [
        { line: 3, column: 22, messageId: "sideEffect" },
      ] },
    { name: "fs/promises named import", code: `
import { appendFile } from "fs/promises";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await appendFile("/tmp/audit", event.name);
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 4, column: 9, messageId: "sideEffect", fixes: [
          { title: "Wrap in step.run(\"append-file\")", output: `
import { appendFile } from "fs/promises";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("append-file", () => appendFile("/tmp/audit", event.name));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "an awaited write through an app service", code: `
import { sendOrderConfirmation } from "./services/emails";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await sendOrderConfirmation(event.data.email);
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 4, column: 9, messageId: "write", fixes: [
          { title: "Wrap in step.run(\"send-order-confirmation\")", output: `
import { sendOrderConfirmation } from "./services/emails";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("send-order-confirmation", () => sendOrderConfirmation(event.data.email));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "an awaited insert through an app's database module", code: `
import { db } from "@/lib/db";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await db.orders.insert({ id: event.data.id });
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 4, column: 9, messageId: "write", fixes: [
          { title: "Wrap in step.run(\"insert\")", output: `
import { db } from "@/lib/db";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("insert", () => db.orders.insert({ id: event.data.id }));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "a write through a dependency the context carries", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step, mailer }: any) => {
  await mailer.send(event.data.email, "hi");
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 3, column: 9, messageId: "write", fixes: [
          { title: "Wrap in step.run(\"send\")", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step, mailer }: any) => {
  await step.run("send", () => mailer.send(event.data.email, "hi"));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "a read outside a step that decides an if", code: `
import { accounts } from "./services/accounts";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const owner = await accounts.users.find(event.data.ownerId);
  if (owner.plan !== "pro") return;
  await step.run("nudge", () => 1);
});`,
      errors: [
        { line: 4, column: 23, messageId: "readDecides", fixes: [
          { title: "Wrap in step.run(\"find\")", output: `
import { accounts } from "./services/accounts";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const owner = await step.run("find", () => accounts.users.find(event.data.ownerId));
  if (owner.plan !== "pro") return;
  await step.run("nudge", () => 1);
});` },
        ] },
      ] },
    { name: "a read outside a step, destructured, deciding a ternary", code: `
import { getSubscription } from "./services/billing";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const { status } = await getSubscription(event.data.id);
  const template = status === "active" ? "renewal" : "win-back";
  await step.run("send", () => template);
});`,
      errors: [
        { line: 4, column: 28, messageId: "readDecides", fixes: [
          { title: "Wrap in step.run(\"get-subscription\")", output: `
import { getSubscription } from "./services/billing";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  const { status } = await step.run("get-subscription", () => getSubscription(event.data.id));
  const template = status === "active" ? "renewal" : "win-back";
  await step.run("send", () => template);
});` },
        ] },
      ] },
    { name: "a read awaited right in the condition", code: `
import { flags } from "./services/flags";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  if (await flags.isEnabled("beta", event.data.id)) {
    await step.run("grant", () => 1);
  }
});`,
      errors: [
        { line: 4, column: 13, messageId: "readDecides" },
      ] },
    { name: "a write through a local helper calling an app service", code: `
import { slack } from "./services/slack";
async function announce(text: string) {
  await slack.postMessage({ channel: "#general", text });
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await announce("deployed");
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 7, column: 9, messageId: "write", fixes: [
          { title: "Wrap in step.run(\"announce\")", output: `
import { slack } from "./services/slack";
async function announce(text: string) {
  await slack.postMessage({ channel: "#general", text });
}
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
  await step.run("announce", () => announce("deployed"));
  await step.run("x", () => 1);
});` },
        ] },
      ] },
  ],
};
