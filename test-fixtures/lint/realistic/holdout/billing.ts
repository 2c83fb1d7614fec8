// Realistic (held out): subscription billing.
import { Inngest } from "inngest";
import Stripe from "stripe";
import { v4 as uuid } from "uuid";

const inngest = new Inngest({ id: "billing" });
const stripe = new Stripe(process.env.STRIPE_KEY ?? "");

export const renew = inngest.createFunction(
  { id: "renew-subscription", triggers: [{ event: "billing/renewal.due" }] },
  async ({ event, step }) => {
    const customer = await stripe.customers.retrieve(event.data.customerId); // expect: side-effect-outside-step

    const invoice = await step.run("create-invoice", async () => {
      return stripe.invoices.create({ customer: event.data.customerId });
    });

    const idempotencyKey = uuid(); // expect: nondeterminism-outside-step
    await step.run("pay-invoice", async () => {
      return stripe.invoices.pay(invoice.id!, {}, { idempotencyKey });
    });

    step.sendEvent("renewed", { name: "billing/renewed", data: { customerId: event.data.customerId } }); // expect: unawaited-step
    return { customer: customer.id };
  },
);

export const retryFailed = inngest.createFunction(
  { id: "retry-failed-payments", triggers: [{ cron: "0 * * * *" }] },
  async ({ step }) => {
    const failed = await step.run("list-failed", async () => ["in_1", "in_2"]);
    const attempts = failed.map((id) => step.run(`retry-${id}`, async () => ({ id, ok: true })));
    await Promise.allSettled(attempts);
    await step.run(`report-${Date.now()}`, async () => attempts.length); // expect: nondeterministic-step-id
  },
);

export const dunning = inngest.createFunction(
  { id: "dunning", triggers: [{ event: "billing/payment.failed" }] },
  async ({ event, step }) => {
    const sent: string[] = [];
    for (const day of [1, 3, 7]) {
      await step.sleep(`wait-day-${day}`, `${day}d`);
      await step.run(`email-day-${day}`, async () => {
        sent.push(`day-${day}`); // expect: mutation-in-step
        return { to: event.data.email, day };
      });
    }
    await inngest.send({ name: "billing/dunning.finished", data: { sent } }); // expect: inngest-send-in-function
  },
);
