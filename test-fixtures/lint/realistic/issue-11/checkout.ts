// Realistic (issue #11): checkout — step results returned in structures, writes through the app's services.
import { Inngest } from "inngest";
import { db } from "./services/db";
import { sendOrderConfirmation, sendShippingNotice } from "./services/emails";
import { reserveStock } from "@/lib/inventory";

const inngest = new Inngest({ id: "shop" });

export const checkout = inngest.createFunction(
  { id: "checkout", triggers: [{ event: "shop/checkout.completed" }] },
  async ({ event, step }) => {
    const order = await step.run("load-order", () => db.orders.findUnique({ where: { id: event.data.orderId } }));
    if (!order) return { skipped: true };

    await reserveStock(order.items); // expect: side-effect-outside-step

    const payment = await step.run("capture-payment", async () => {
      return { paymentId: `pay_${order.id}`, amount: order.total };
    });

    await sendOrderConfirmation(order.email, payment.paymentId); // expect: side-effect-outside-step

    return {
      payment,
      receipt: step.run("store-receipt", () => db.receipts.create({ data: { orderId: order.id } })), // expect: unawaited-step
    };
  },
);

export const ship = inngest.createFunction(
  { id: "ship-order", triggers: [{ event: "shop/order.packed" }] },
  async ({ event, step }) => {
    const label = await step.run("buy-label", async () => ({ tracking: `trk_${event.data.orderId}` }));
    await step.run("notify-customer", () => sendShippingNotice(event.data.email, label.tracking));
    // Correct: the step is awaited before it goes into the result.
    return { label, saved: await step.run("persist-label", () => db.labels.create({ data: label })) };
  },
);

export const refund = inngest.createFunction(
  { id: "refund-order", triggers: [{ event: "shop/order.refund-requested" }] },
  async ({ event, step }) => {
    const refundResult = step.run("issue-refund", async () => ({ refunded: event.data.amount })); // expect: unawaited-step
    const audit = step.run("audit-refund", async () => ({ at: event.ts })); // expect: unawaited-step
    return [refundResult, audit]; // the array is returned, its promises are not
  },
);
