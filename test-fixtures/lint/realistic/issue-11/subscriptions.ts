// Realistic (issue #11, second batch): subscription lifecycle — ctx form, renamed step, try/catch.
import { Inngest, type GetStepTools } from "inngest";
import { subscriptions } from "./services/subscriptions";
import { emails } from "./services/emails";

const inngest = new Inngest({ id: "subscriptions" });

async function sendLifecycleEmail(step: GetStepTools<typeof inngest>, to: string, template: string) {
  return step.run("send-lifecycle-email", () => emails.deliver(to, template));
}

export const renewed = inngest.createFunction(
  { id: "subscription-renewed", triggers: [{ event: "subscriptions/renewed" }] },
  async (ctx) => {
    const { event } = ctx;
    const sub = await ctx.step.run("load", () => subscriptions.get(event.data.subscriptionId));
    try {
      await ctx.step.run("extend-period", () => subscriptions.extend(sub.id, sub.interval));
    } catch (err) {
      await emails.deliver(sub.ownerEmail, "renewal-failed"); // expect: side-effect-outside-step
      throw err;
    }
    await sendLifecycleEmail(ctx.step, sub.ownerEmail, "renewed");
    return { period: ctx.step.run("read-period", () => subscriptions.period(sub.id)) }; // expect: unawaited-step
  },
);

export const cancelled = inngest.createFunction(
  { id: "subscription-cancelled", triggers: [{ event: "subscriptions/cancelled" }] },
  async ({ event, step: s }) => {
    const sub = await s.run("load", () => subscriptions.get(event.data.subscriptionId));
    await sendLifecycleEmail(s, sub.ownerEmail, "cancelled");
    await s.sleep("grace", "7d");
    const stillCancelled = await s.run("check-still-cancelled", () => subscriptions.isCancelled(sub.id));
    if (stillCancelled) {
      await s.run("send-lifecycle-email", () => emails.deliver(sub.ownerEmail, "win-back")); // expect: duplicate-step-id
    }
  },
);

export const paused = inngest.createFunction(
  { id: "subscription-paused", triggers: [{ event: "subscriptions/paused" }] },
  async ({ event, step }) => {
    const sub = await step.run("load", () => subscriptions.get(event.data.subscriptionId));
    const results = await Promise.all([
      step.run("pause-billing", () => subscriptions.pauseBilling(sub.id)),
      step.run("pause-access", () => subscriptions.pauseAccess(sub.id)),
    ]);
    return { paused: results.every(Boolean), resumesAt: sub.resumesAt };
  },
);
