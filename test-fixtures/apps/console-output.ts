// A function that prints while its module loads, from its steps and through the SDK's logger, with
// a run long enough for the CLI's live line: the CLI passes all of it through on stderr (in --json
// mode too, the load's lines once however many app hosts load it) and never writes it onto the line.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "console-app" });
console.log("console-app loaded");

export const chattySteps = inngest.createFunction({ id: "chatty-steps", triggers: [{ event: "console/go" }] }, async ({ event, step, logger }) => {
  const n = Number(event.data.n ?? 30);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += await step.run(`say-${i}`, () => {
      console.log(`step say-${i} says hi`);
      return i;
    });
  }
  logger.warn(`chatty-steps: ${n} steps, total ${total}`);
  return total;
});
