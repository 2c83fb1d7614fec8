// protocol.ts's "seq" after a code change: its second step has a new ID. Replaying a run
// recorded with the old code must report the divergence.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "proto-app" });

export const seq = inngest.createFunction({ id: "seq", triggers: [{ event: "test/seq" }] }, async ({ step }) => {
  const a = await step.run("a", () => "A");
  const b = await step.run("b-renamed", () => "B");
  return a + b;
});
