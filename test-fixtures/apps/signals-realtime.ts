// step.waitForSignal, inngest.sendSignal and realtime publishing, for the executor-feature tests.
import { Inngest } from "inngest";
import { channel, staticSchema } from "inngest/realtime";

export const inngest = new Inngest({ id: "signals-app" });

const progress = channel({ name: "progress", topics: { status: { schema: staticSchema<{ done: number }>() } } });

export const waitsForApproval = inngest.createFunction({ id: "waits-for-approval", triggers: [{ event: "doc/submitted" }] }, async ({ event, step }) => {
  const approval = await step.waitForSignal("approval", { signal: `approve-${event.data.id}`, timeout: String(event.data.timeout ?? "30s") as "30s", onConflict: "fail" });
  return approval ?? "timed out";
});

export const replacesWait = inngest.createFunction({ id: "replaces-wait", triggers: [{ event: "doc/resubmitted" }] }, async ({ event, step }) => {
  return step.waitForSignal("approval", { signal: `approve-${event.data.id}`, timeout: "30s", onConflict: "replace" });
});

export const sendsSignal = inngest.createFunction({ id: "sends-signal", triggers: [{ event: "doc/approved" }] }, async ({ event, step }) => {
  return step.sendSignal("approve", { signal: `approve-${event.data.id}`, data: { by: event.data.by } });
});

export const publishes = inngest.createFunction({ id: "publishes", triggers: [{ event: "job/started" }] }, async ({ step }) => {
  await step.realtime.publish("half-way", progress.status, { done: 50 });
  await step.realtime.publish("done", progress.status, { done: 100 });
  return "published";
});

export const nightly = inngest.createFunction({ id: "nightly", triggers: [{ cron: "TZ=Europe/Paris 0 3 * * *" }] }, async ({ event }) => ({ name: event.name, cron: (event.data as { cron?: string }).cron }));
