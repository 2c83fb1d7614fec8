// Functions for the fault suite that count their side effects in files, so a test can tell what
// ran and how often, and can hold a step until it says "go".
//   event.data.dir   the folder for the count files and the "go" file
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "durable-app" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends one line to `<dir>/effects.log`: what ran. */
const effect = (dir: string, what: string) => appendFileSync(path.join(dir, "effects.log"), `${what}\n`);

async function waitForGo(dir: string): Promise<void> {
  while (!existsSync(path.join(dir, "go"))) await sleep(20);
}

/** a, then b (held until <dir>/go exists), then c; with `parallel`, b and b2 run side by side. */
export const threeSteps = inngest.createFunction({ id: "three-steps", retries: 2, triggers: [{ event: "test/three-steps" }] }, async ({ event, step }) => {
  const dir = String(event.data.dir);
  const a = await step.run("a", () => (effect(dir, "a"), "A"));
  const b = await step.run("b", async () => {
    effect(dir, "b-start");
    await waitForGo(dir);
    effect(dir, "b-end");
    return "B";
  });
  const c = await step.run("c", () => (effect(dir, "c"), "C"));
  return a + b + c;
});

/** Two steps that return `size` bytes each, to fill a small disk. */
export const bigSteps = inngest.createFunction({ id: "big-steps", retries: 0, triggers: [{ event: "test/big-steps" }] }, async ({ event, step }) => {
  const dir = String(event.data.dir);
  const size = Number(event.data.size ?? 40_000);
  const first = await step.run("first", () => (effect(dir, "first"), "x".repeat(size)));
  const second = await step.run("second", () => (effect(dir, "second"), "y".repeat(size)));
  return first.length + second.length;
});

/** A step whose host process dies on every attempt. */
export const alwaysCrashes = inngest.createFunction({ id: "always-crashes", retries: 1, triggers: [{ event: "test/always-crashes" }] }, async ({ event, step }) => {
  const dir = String(event.data.dir);
  return step.run("crashes", () => {
    effect(dir, "crash");
    process.exit(9);
  });
});

/** A step that kills its own host the first time only (the count file says whether it has). */
export const crashesOnce = inngest.createFunction({ id: "crashes-once", retries: 2, triggers: [{ event: "test/crashes-once" }] }, async ({ event, step }) => {
  const dir = String(event.data.dir);
  return step.run("crashes", async () => {
    const log = path.join(dir, "effects.log");
    const crashedBefore = existsSync(log) && readFileSync(log, "utf8").includes("crash");
    effect(dir, crashedBefore ? "survived" : "crash");
    if (!crashedBefore) process.kill(process.pid, "SIGKILL");
    return "survived";
  });
});
