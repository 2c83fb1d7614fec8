// The functions a user's own app serves in the served-app fixtures: parallel steps, fan-out with
// step.sendEvent, and a function the app's own route triggers with inngest.send().
import type { Inngest } from "inngest";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function shopFunctions(inngest: Inngest.Any) {
  const checkout = inngest.createFunction({ id: "checkout", triggers: [{ event: "shop/checkout" }] }, async ({ event, step }) => {
    const [charge, stock] = await Promise.all([
      step.run("charge-card", async () => (await sleep(50), `charged ${event.data.total}`)),
      step.run("reserve-stock", async () => (await sleep(10), `reserved ${event.data.items}`)),
    ]);
    await step.sendEvent("fan-out", [1, 2, 3].map((n) => ({ name: "shop/pack", data: { order: event.data.order, n } })));
    // The process that ran the function: the app's own, not one Stepwise started.
    return { charge, stock, pid: process.pid };
  });
  const pack = inngest.createFunction({ id: "pack", triggers: [{ event: "shop/pack" }] }, async ({ event, step }) => {
    return step.run("pack-box", () => `packed ${event.data.order}/${event.data.n}`);
  });
  const welcome = inngest.createFunction({ id: "welcome", triggers: [{ event: "shop/signed-up" }] }, async ({ event, step }) => {
    return step.run("send-welcome", () => `welcome ${event.data.email}`);
  });
  return [checkout, pack, welcome];
}
