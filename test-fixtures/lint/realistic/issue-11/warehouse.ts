// Realistic (issue #11, second batch): warehouse jobs — forEach, structures, ambient helpers.
import { Inngest, step } from "inngest";
import { warehouse } from "./services/warehouse";

const inngest = new Inngest({ id: "warehouse" });

async function pick(orderId: string, sku: string) {
  return step.run(`pick-${orderId}-${sku}`, () => warehouse.pick(orderId, sku));
}

async function pack(orderId: string) {
  await step.run(`pack-${orderId}`, () => warehouse.pack(orderId));
  await warehouse.printLabel(orderId); // expect: side-effect-outside-step
}

export const fulfil = inngest.createFunction(
  { id: "fulfil-order", triggers: [{ event: "warehouse/order.ready" }] },
  async ({ event }) => {
    const { orderId, skus } = event.data as { orderId: string; skus: string[] };
    skus.forEach((sku) => pick(orderId, sku)); // expect: unawaited-step
    await pack(orderId);
  },
);

export const fulfilCorrectly = inngest.createFunction(
  { id: "fulfil-order-v2", triggers: [{ event: "warehouse/order.ready.v2" }] },
  async ({ event }) => {
    const { orderId, skus } = event.data as { orderId: string; skus: string[] };
    const picked = await Promise.all(skus.map((sku) => pick(orderId, sku)));
    await pack(orderId);
    return { picked: picked.length };
  },
);

export const cycleCount = inngest.createFunction(
  { id: "cycle-count", triggers: [{ event: "warehouse/cycle-count" }] },
  async ({ event }) => {
    const bins: string[] = event.data.bins;
    const counts: Record<string, Promise<number>> = {};
    for (const bin of bins) counts[bin] = step.run(`count-${bin}`, () => warehouse.count(bin)); // expect: unawaited-step
    return counts;
  },
);

export const restockAll = inngest.createFunction(
  { id: "restock-all", triggers: [{ event: "warehouse/restock" }] },
  async ({ event }) => {
    const tasks = {
      order: step.run("order-stock", () => warehouse.orderStock(event.data.sku, event.data.quantity)), // expect: unawaited-step
      notify: step.run("notify-buyer", () => warehouse.notifyBuyer(event.data.sku)), // expect: unawaited-step
    };
    await step.sleep("wait-for-supplier", "2d");
    return tasks;
  },
);
