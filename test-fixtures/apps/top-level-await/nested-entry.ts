// The entry has no top-level await, but a file it imports does: the whole graph loads as ESM,
// and this file's own code runs once (not once as CommonJS, then again as ESM).
import { Inngest } from "inngest";
import { countLoad } from "./load-count";
import { settings } from "./settings";

const loads = countLoad();

export const inngest = new Inngest({ id: "tla-nested" });

export const report = inngest.createFunction({ id: "report", retries: 0, triggers: [{ event: "tla/report" }] }, async ({ step }) => {
  const region = await step.run("region", () => settings.region);
  return { region, loads };
});
