// A run whose call bodies would pass Inngest's 4 MB request limit: a 3.5 MB step output and a 1 MB
// event (sent twice in a body, as `event` and in `events`). Inngest then sends `use_api` and
// the SDK fetches the state and the events from the executor's API.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "large-state-app" });

export const large = inngest.createFunction({ id: "large", triggers: [{ event: "large/go" }] }, async ({ event, events, step }) => {
  const big = await step.run("big", () => "x".repeat(3.5 * 1024 * 1024));
  const sizes = await step.run("sizes", () => ({ big: big.length, blob: String(event.data.blob ?? "").length, events: events.length }));
  return sizes;
});
