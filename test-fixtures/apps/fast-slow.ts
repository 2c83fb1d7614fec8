// The seed's "sequential steps in parallel groups" example, in the three modes it contrasts.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "fast-slow-app" });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const slowMs = (data: Record<string, unknown>) => Number(data.slowMs ?? 1000);

const branches = (step: { run: (id: string, fn: () => Promise<string>) => Promise<string> }, data: Record<string, unknown>) => [
  (async () => {
    await step.run("fast.1", async () => "fast.1");
    await step.run("fast.2", async () => "fast.2");
  })(),
  (async () => {
    await step.run("slow.1", async () => {
      await sleep(slowMs(data));
      return "slow.1";
    });
    await step.run("slow.2", async () => {
      await sleep(slowMs(data));
      return "slow.2";
    });
  })(),
];

export const optimized = inngest.createFunction(
  { id: "fast-slow-optimized", optimizeParallelism: true, triggers: [{ event: "demo/fast-slow" }] },
  async ({ event, step }) => {
    await Promise.all(branches(step, event.data));
    return "done";
  },
);

export const v1 = inngest.createFunction(
  { id: "fast-slow-v1", optimizeParallelism: false, triggers: [{ event: "demo/fast-slow-v1" }] },
  async ({ event, step }) => {
    await Promise.all(branches(step, event.data));
    return "done";
  },
);

export const race = inngest.createFunction(
  { id: "fast-slow-race", triggers: [{ event: "demo/fast-slow-race" }] },
  async ({ event, step, group }) => {
    await group.parallel({ mode: "race" }, () => Promise.all(branches(step, event.data)));
    return "done";
  },
);
