// Realistic: an order pipeline. `// expect: <rule>` marks where a finding must start.
import { Inngest } from "inngest";
import { randomUUID } from "node:crypto";
import { Pool } from "pg";

const inngest = new Inngest({ id: "shop" });
const db = new Pool();

async function chargeCard(orderId: string, amount: number) {
  return { chargeId: `ch_${orderId}`, amount };
}

export const placeOrder = inngest.createFunction(
  { id: "place-order", triggers: [{ event: "shop/order.placed" }] },
  async ({ event, step }) => {
    const order = await step.run("load-order", async () => {
      const { rows } = await db.query("select * from orders where id = $1", [event.data.orderId]);
      return rows[0] as { id: string; total: number; email: string };
    });

    const charge = await step.run("charge", () => chargeCard(order.id, order.total));

    step.sendEvent("order-charged", { name: "shop/order.charged", data: { orderId: order.id } }); // expect: unawaited-step

    const receiptId = randomUUID(); // expect: nondeterminism-outside-step
    await step.run(`send-receipt-${receiptId}`, async () => { // expect: nondeterministic-step-id
      return { sent: true, to: order.email };
    });

    return { charge };
  },
);

export const restock = inngest.createFunction(
  { id: "restock", triggers: [{ event: "shop/stock.low" }] },
  async ({ event, step }) => {
    const skus: string[] = event.data.skus;
    const results = await Promise.all(skus.map((sku) => step.run(`reorder-${sku}`, async () => ({ sku, ordered: 10 }))));
    await db.query("insert into restock_log values ($1)", [JSON.stringify(results)]); // expect: side-effect-outside-step
    return results;
  },
);

export const audit = inngest.createFunction(
  { id: "audit", triggers: [{ event: "shop/audit" }] },
  async ({ step }) => {
    let checked = 0;
    await step.run("count", async () => {
      const { rows } = await db.query("select count(*) from orders");
      checked = Number(rows[0].count); // expect: mutation-in-step
    });
    return checked;
  },
);
