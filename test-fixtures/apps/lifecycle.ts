// The events Inngest sends when a run ends: `inngest/function.finished` for every run, with
// `inngest/function.cancelled` or `inngest/function.failed` after it. Handlers listen to them.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "lifecycle-app" });

export const work = inngest.createFunction({ id: "work", triggers: [{ event: "life/work" }] }, async ({ step }) => {
  const n = await step.run("count", () => 1);
  return { done: n };
});

export const breaks = inngest.createFunction({ id: "breaks", retries: 0, triggers: [{ event: "life/breaks" }] }, async ({ step }) => {
  await step.run("explode", () => {
    throw new Error("the card was declined");
  });
});

export const sleepy = inngest.createFunction(
  { id: "sleepy", cancelOn: [{ event: "life/stop" }], triggers: [{ event: "life/sleepy" }] },
  async ({ step }) => {
    await step.sleep("nap", "1h");
  },
);

export const onFinished = inngest.createFunction({ id: "on-finished", triggers: [{ event: "inngest/function.finished" }] }, async ({ event }) => ({
  function: event.data.function_id,
  status: event.data._inngest.status,
  result: event.data.result ?? null,
  error: event.data.error?.message ?? null,
  trigger: event.data.event.name,
}));

export const onCancelled = inngest.createFunction({ id: "on-cancelled", triggers: [{ event: "inngest/function.cancelled" }] }, async ({ event }) => ({
  function: event.data.function_id,
  sameRun: event.id === event.data.run_id,
}));
