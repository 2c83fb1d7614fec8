// A function for the debugger's tests: an object result to inspect and edit, template step IDs
// (`process-${i}`) in a parallel group, a large result shown truncated, and console output.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "debugger-demo" });

export const userFlow = inngest.createFunction({ id: "user-flow", triggers: [{ event: "demo/user.created" }] }, async ({ event, step }) => {
  const user = await step.run("update-user", () => {
    console.log(`updating ${event.data.email}`);
    console.error("a warning from the step");
    return { id: 42, email: String(event.data.email), profile: { plan: "pro", tags: ["a", "b"] } };
  });
  const items = await Promise.all(
    [1, 2, 3].map((i) =>
      step.run(`process-${i}`, () => i * 10),
    ),
  );
  const report = await step.run("big-report", () => "r".repeat(5000));
  return { greeting: `hi ${user.email} on ${user.profile.plan}`, items, reportBytes: report.length };
});
