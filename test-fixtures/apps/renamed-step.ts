// A handler that renames its step tools: the debugger must still find the step call sites.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "renamed-app" });

export const renamed = inngest.createFunction({ id: "renamed", triggers: [{ event: "test/renamed" }] }, async ({ step: s }) => {
  const first = await s.run("first", () => 1);
  const second = await s.run("second", () => first + 1);
  return second;
});
