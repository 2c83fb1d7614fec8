// Realistic (issue #11): billing helpers written against the ambient step tools, called from two functions.
import { Inngest, step as durable } from "inngest";
import { ledger } from "./services/ledger";

const inngest = new Inngest({ id: "billing" });

export async function chargeInvoice(invoiceId: string, amount: number) {
  const charge = await durable.run("charge-invoice", () => ledger.charge(invoiceId, amount));
  durable.sendEvent("invoice-charged", { name: "billing/invoice.charged", data: { invoiceId } }); // expect: unawaited-step
  return charge;
}

export async function sendDunningEmail(invoiceId: string) {
  await durable.run("dunning-email", () => ledger.remind(invoiceId));
}

export const collect = inngest.createFunction(
  { id: "collect-invoice", triggers: [{ event: "billing/invoice.due" }] },
  async ({ event }) => {
    const { invoiceId, amount } = event.data;
    const result = await chargeInvoice(invoiceId, amount);
    if (!result.ok) {
      await durable.sleep("wait-before-reminder", "3d");
      await sendDunningEmail(invoiceId);
    }
    return result;
  },
);

export const retry = inngest.createFunction(
  { id: "retry-invoice", triggers: [{ event: "billing/invoice.retry" }] },
  async ({ event }) => {
    const attempts = [1, 2, 3];
    for (const attempt of attempts) {
      await durable.sleep(`backoff-${attempt}`, `${attempt}h`);
      const result = await durable.run(`retry-${attempt}`, () => ledger.charge(event.data.invoiceId, event.data.amount));
      if (result.ok) return result;
    }
    durable.run("give-up", () => ledger.markUncollectible(event.data.invoiceId)); // expect: unawaited-step
  },
);
