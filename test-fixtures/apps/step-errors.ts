// Functions that throw on known TypeScript lines (each marked `// throws:` with a name), for the
// tests that map error stacks from the compiled JavaScript back to these lines.
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "errors-app" });

interface Order {
  id: string;
  total: number;
}

/** Types and blank lines above shift the TypeScript lines away from the compiled ones. */
function checkTotal(order: Order): void {
  if (order.total < 0) {
    throw new Error(`order ${order.id} has a negative total`); // throws: helper
  }
}

export const throwsInStep = inngest.createFunction(
  { id: "throws-in-step", retries: 0, triggers: [{ event: "errors/in-step" }] },
  async ({ step }) => {
    await step.run("charge", () => {
      const order: Order = { id: "o-1", total: -5 };
      checkTotal(order);
      return order;
    });
  },
);

export const throwsOutsideStep = inngest.createFunction(
  { id: "throws-outside-step", retries: 0, triggers: [{ event: "errors/outside-step" }] },
  async ({ step }) => {
    const order = await step.run("load", (): Order => ({ id: "o-2", total: 3 }));
    if (order.total < 10) throw new Error(`order ${order.id} is below the minimum`); // throws: outside
    return order;
  },
);

export const throwsWithCause = inngest.createFunction(
  { id: "throws-with-cause", retries: 0, triggers: [{ event: "errors/with-cause" }] },
  async ({ step }) => {
    await step.run("call-api", () => {
      let cause: Error;
      try {
        JSON.parse("{not json");
        return "parsed";
      } catch (err) {
        cause = new Error(`the API answered: ${(err as Error).message}`); // throws: cause
      }
      throw new Error("could not call the API", { cause }); // throws: outer
    });
  },
);
