// A module with top-level await (its configuration is loaded before the functions are created).
// CommonJS cannot express it, so the app host loads this module graph as ESM. Not typechecked by
// the repository's tsconfig (CommonJS), which rejects top-level await; excluded there.
import { Inngest } from "inngest";
import { loadConfig } from "./config";
import { countLoad } from "./load-count.js";
import { punctuation } from "./punctuation.cjs";

const config = await loadConfig();
const loads = countLoad();

export const inngest = new Inngest({ id: config.appId });

export const greet = inngest.createFunction({ id: "greet", retries: 0, triggers: [{ event: "tla/greet" }] }, async ({ event, step }) => {
  const greeting = await step.run("greet", () => `${config.greeting}, ${String(event.data.name ?? "world")}${punctuation}`);
  return { greeting, loads };
});

export const failsInStep = inngest.createFunction({ id: "fails-in-step", retries: 0, triggers: [{ event: "tla/fails" }] }, async ({ step }) => {
  await step.run("validate", () => {
    if (config.greeting.length > 0) throw new Error("validation failed under ESM"); // throws: esm-step
  });
});
