// Realistic (issue #11): loops that create a step per row of data nothing bounds (past 1,000 steps the run fails).
import { Inngest } from "inngest";
import { PrismaClient } from "@prisma/client";
import { Pool } from "pg";
import Stripe from "stripe";
import { mailer } from "./services/mailer";

const inngest = new Inngest({ id: "fan-out" });
const prisma = new PrismaClient();
const pool = new Pool();
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export const announce = inngest.createFunction(
  { id: "announce-feature", triggers: [{ event: "marketing/feature.launched" }] },
  async ({ event, step }) => {
    const users = await step.run("load-users", () => prisma.user.findMany({ select: { id: true, email: true } })); // expect: step-output-size
    for (const user of users) {
      await step.run(`announce-${user.id}`, () => mailer.send(user.email, event.data.template)); // expect: step-count-limit
    }
  },
);

export const recalcInvoices = inngest.createFunction(
  { id: "recalculate-invoices", triggers: [{ event: "billing/tax.changed" }] },
  async ({ step }) => {
    const invoiceIds = await step.run("open-invoices", async () => { // expect: step-output-size
      const { rows } = await pool.query("select id from invoices"); // every invoice, ever
      return rows.map((r: { id: string }) => r.id);
    });
    await Promise.all(invoiceIds.map((id: string) => step.run(`recalc-${id}`, () => pool.query("select recalc($1)", [id])))); // expect: step-count-limit
  },
);

export const syncCustomers = inngest.createFunction(
  { id: "sync-customers", triggers: [{ cron: "0 4 * * *" }] },
  async ({ step }) => {
    // Correct: one page of at most 100 customers per run, the next page in its own run.
    const page = await step.run("list-customers", () => stripe.customers.list({ limit: 100 }));
    for (const customer of page.data) {
      await step.run(`sync-${customer.id}`, () => prisma.customer.upsert({ where: { id: customer.id }, create: { id: customer.id }, update: {} }));
    }
    if (page.has_more) {
      await step.sendEvent("next-page", { name: "billing/customers.sync", data: { after: page.data[page.data.length - 1].id } });
    }
  },
);

export const fanOutProperly = inngest.createFunction(
  { id: "reindex-all", triggers: [{ event: "search/reindex.requested" }] },
  async ({ step }) => {
    const ids = await step.run("all-document-ids", async () => (await prisma.document.findMany({ select: { id: true } })).map((d) => d.id)); // expect: step-output-size
    // Correct fan-out: one event per document, handled by another function.
    await step.sendEvent("reindex-each", ids.map((id) => ({ name: "search/document.reindex", data: { id } })));
  },
);

export const teamDigest = inngest.createFunction(
  { id: "team-digest", triggers: [{ event: "teams/digest.due" }] },
  async ({ event, step }) => {
    const members = await step.run("team-members", () => prisma.member.findMany({ where: { teamId: event.data.teamId } }));
    for (const member of members) {
      await step.run(`digest-${member.id}`, () => mailer.send(member.email, "digest"));
    }
  },
);
