import { Inngest } from "inngest";

const inngest = new Inngest({ id: "broken" });

export const fn = inngest.createFunction({ id: "broken", triggers: [{ event: "x/y" }] }, async ({ step }) => {
  await step.run("a", () => {
    return { ok: true ;
  });
});
