// Realistic (issue #11, second batch): report exports — sizes and fan-out.
import { Inngest } from "inngest";
import { readFileSync } from "node:fs";
import { db } from "./services/db";
import { storage } from "./services/storage";
import { getAllAccounts } from "./services/accounts";

const inngest = new Inngest({ id: "report-exports" });

export const monthlyStatements = inngest.createFunction(
  { id: "monthly-statements", triggers: [{ cron: "0 6 1 * *" }] },
  async ({ step }) => {
    const accounts = await step.run("accounts", () => getAllAccounts()); // expect: step-output-size
    for (const account of accounts) { 
      await step.run(`statement-${account.id}`, () => storage.renderStatement(account.id)); // expect: step-count-limit
    }
  },
);

export const monthlyStatementsFanOut = inngest.createFunction(
  { id: "monthly-statements-fan-out", triggers: [{ cron: "0 6 1 * *" }] },
  async ({ step }) => {
    const ids = await step.run("account-ids", async () => (await getAllAccounts()).map((a: { id: string }) => a.id)); // expect: step-output-size
    await step.sendEvent("statement-per-account", ids.map((id: string) => ({ name: "reports/statement.requested", data: { id } })));
  },
);

export const brandingPack = inngest.createFunction(
  { id: "branding-pack", triggers: [{ event: "reports/branding.requested" }] },
  async ({ event, step }) => {
    const logo = await step.run("read-logo", async () => readFileSync(`./assets/${event.data.brand}/logo.svg`, "utf8")); // expect: step-output-size
    const key = await step.run("upload-pack", () => storage.upload(`packs/${event.data.brand}.zip`, logo));
    return { key };
  },
);

export const topCustomers = inngest.createFunction(
  { id: "top-customers", triggers: [{ event: "reports/top-customers" }] },
  async ({ step }) => {
    const top = await step.run("top-100", () => db.query("select id, revenue from customers order by revenue desc limit 100"));
    for (const row of top.rows) {
      await step.run(`tag-top-${row.id}`, () => db.query("update customers set tier = 'top' where id = $1", [row.id]));
    }
  },
);
