// defer(): work that runs after the run ends, in a companion function made with createDefer.
import { Inngest } from "inngest";
import { createDefer } from "inngest/experimental";

export const inngest = new Inngest({ id: "defers-app" });

export const sendReceipt = createDefer(inngest, { id: "send-receipt" }, async ({ event }) => `receipt for ${event.data.orderId}`);

export const placeOrder = inngest.createFunction({ id: "place-order", triggers: [{ event: "shop/order.placed" }] }, async ({ event, step, defer }) => {
  defer("receipt", { function: sendReceipt, data: { orderId: event.data.orderId } });
  const cancelled = defer("reminder", { function: sendReceipt, data: { orderId: "never" } });
  await step.run("charge", () => "charged");
  cancelled.abort();
  await step.run("ship", () => "shipped");
  return "placed";
});
