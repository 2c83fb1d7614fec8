// Parallel branches of the shapes the timeline draws a lane each: three branches, a race, a branch
// that goes on alone after the others ended (its next steps run inline in optimized mode), each
// with and without optimized parallelism. No step sleeps: the tests choose the order through the gate.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "branches-app" });

type Step = { run: (id: string, fn: () => string) => Promise<string> };

const threeBranches = (step: Step) =>
  Promise.all(
    ["a", "b", "c"].map(async (branch) => {
      const first = await step.run(`${branch}.1`, () => `${branch}.1`);
      return step.run(`${branch}.2`, () => `${first} ${branch}.2`);
    }),
  );

export const three = inngest.createFunction({ id: "three-branches", triggers: [{ event: "demo/three" }] }, async ({ step }) => threeBranches(step));

export const threeV1 = inngest.createFunction(
  { id: "three-branches-v1", optimizeParallelism: false, triggers: [{ event: "demo/three-v1" }] },
  async ({ step }) => threeBranches(step),
);

const raceThenStep = async (step: Step) => {
  const winner = await Promise.race([step.run("r-fast", () => "fast"), step.run("r-slow", () => "slow")]);
  return step.run("after-race", () => `after ${winner}`);
};

export const race = inngest.createFunction({ id: "race-then-step", triggers: [{ event: "demo/race" }] }, async ({ step }) => raceThenStep(step));

export const raceV1 = inngest.createFunction(
  { id: "race-then-step-v1", optimizeParallelism: false, triggers: [{ event: "demo/race-v1" }] },
  async ({ step }) => raceThenStep(step),
);

const longBranch = async (step: Step) => {
  await step.run("long.1", () => "long.1");
  await step.run("long.2", () => "long.2");
  return step.run("long.3", () => "long.3");
};
const shortBranch = (step: Step) => step.run("short.1", () => "short.1");

/** The long branch first in the code: after both first steps, long.2 and long.3 are found alone and run inline. */
export const longFirst = inngest.createFunction({ id: "long-branch-first", triggers: [{ event: "demo/long-first" }] }, async ({ step }) =>
  Promise.all([longBranch(step), shortBranch(step)]),
);

/** The same with the long branch second in the code. */
export const longSecond = inngest.createFunction({ id: "long-branch-second", triggers: [{ event: "demo/long-second" }] }, async ({ step }) =>
  Promise.all([shortBranch(step), longBranch(step)]),
);

const fanInThenStep = async (step: Step) => {
  const results = await Promise.all(["x", "y", "z"].map((branch) => step.run(`${branch}.1`, () => branch)));
  return step.run("after", () => results.join(""));
};

/** Three steps in parallel, then one after all of them. */
export const fanIn = inngest.createFunction({ id: "fan-in-then-step", triggers: [{ event: "demo/fan-in" }] }, async ({ step }) => fanInThenStep(step));

export const fanInV1 = inngest.createFunction(
  { id: "fan-in-then-step-v1", optimizeParallelism: false, triggers: [{ event: "demo/fan-in-v1" }] },
  async ({ step }) => fanInThenStep(step),
);

const twoSteps = (step: Step, n: number) =>
  Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await step.run(`b${i}.first`, () => String(i));
      return step.run(`b${i}.second`, () => String(i));
    }),
  );

/**
 * N branches of two steps each (`b3.first` then `b3.second`). Without optimized parallelism a
 * branch's next step is reported as soon as its first step is done: a later wave, while the
 * other branches still wait in the first.
 */
export const twoStepBranchesV1 = inngest.createFunction(
  { id: "two-step-branches-v1", optimizeParallelism: false, triggers: [{ event: "demo/two-step-branches-v1" }] },
  async ({ event, step }) => twoSteps(step, Number(event.data.n ?? 25)),
);
