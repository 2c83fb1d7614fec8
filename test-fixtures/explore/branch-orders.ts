// Functions for `stepwise explore`: each one's outcomes over branch orders and step failures are
// known, and every step body counts itself in <event.data.dir>/effects.log, so a test can tell
// that exploring runs no step body twice.
//   event.data.dir   the folder for effects.log (no file is written without it)
import { appendFileSync } from "node:fs";
import path from "node:path";
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "explore-app" });

/** A step body's side effect: one line in effects.log naming the step. */
function effect(data: Record<string, unknown>, what: string): void {
  if (typeof data.dir === "string") appendFileSync(path.join(data.dir, "effects.log"), `${what}\n`);
}

/** Branch i finishes 40 ms after branch i-1 in the real run, so the recorded order is 0, 1, 2… */
const inTurn = (i: number) => new Promise((resolve) => setTimeout(resolve, i * 40));

/** Pushes each branch's result into an array outside the steps: the array's order is the completion order. */
export const pushOrder = inngest.createFunction({ id: "push-order", triggers: [{ event: "explore/push-order" }] }, async ({ event, step }) => {
  const seen: string[] = [];
  await Promise.all(
    ["a", "b", "c"].map((id, i) => step.run(id, async () => (await inTurn(i), effect(event.data, id), id)).then((value) => seen.push(value))),
  );
  return seen.join(",");
});

/** The same with optimizeParallelism: false (V1 fan-in: a discovery after every completion). */
export const pushOrderV1 = inngest.createFunction({ id: "push-order-v1", optimizeParallelism: false, triggers: [{ event: "explore/push-order-v1" }] }, async ({ event, step }) => {
  const seen: string[] = [];
  await Promise.all(
    ["a", "b", "c"].map((id, i) => step.run(id, async () => (await inTurn(i), effect(event.data, id), id)).then((value) => seen.push(value))),
  );
  return seen.join(",");
});

/** The seed's race (protocol.ts race-opt) with its step bodies counted: the winner depends on which step finishes first. */
export const countedRace = inngest.createFunction({ id: "counted-race", triggers: [{ event: "explore/counted-race" }] }, async ({ event, step }) => {
  const winner = await Promise.race([
    step.run("r-fast", async () => (await inTurn(0), effect(event.data, "r-fast"), "fast")),
    step.run("r-slow", async () => (await inTurn(5), effect(event.data, "r-slow"), "slow")),
  ]);
  await step.run("after-race", () => (effect(event.data, "after-race"), `after ${winner}`));
  return { winner };
});

/** Three branches whose results are combined by position: no order can change the outcome. */
export const independent = inngest.createFunction({ id: "independent", triggers: [{ event: "explore/independent" }] }, async ({ event, step }) => {
  const [a, b, c] = await Promise.all([
    step.run("a", async () => (await inTurn(0), effect(event.data, "a"), 1)),
    step.run("b", async () => (await inTurn(1), effect(event.data, "b"), 2)),
    step.run("c", async () => (await inTurn(2), effect(event.data, "c"), 3)),
  ]);
  return a + b + c;
});

/** A charge that may fail for good (retries: 0): the code falls back to a refund path it never took when recorded. */
export const chargeWithFallback = inngest.createFunction({ id: "charge-with-fallback", retries: 0, triggers: [{ event: "explore/charge" }] }, async ({ event, step }) => {
  try {
    const receipt = await step.run("charge", () => (effect(event.data, "charge"), "receipt-1"));
    return { charged: receipt };
  } catch (err) {
    const note = await step.run("fallback", () => (effect(event.data, "fallback"), `refunded after ${(err as Error).message}`));
    return { charged: null, note };
  }
});

/** Steps that retry (retries: 2): one failure is retried and the retry brings the same result. */
export const retrySafe = inngest.createFunction({ id: "retry-safe", retries: 2, triggers: [{ event: "explore/retry-safe" }] }, async ({ event, step }) => {
  const user = await step.run("load-user", () => (effect(event.data, "load-user"), { id: 7 }));
  const [mail, sms] = await Promise.all([
    step.run("send-mail", async () => (await inTurn(0), effect(event.data, "send-mail"), `mail to ${user.id}`)),
    step.run("send-sms", async () => (await inTurn(1), effect(event.data, "send-sms"), `sms to ${user.id}`)),
  ]);
  return { mail, sms };
});

/** N branches of one step each, combined by position (N from event.data.n, default 3): the bench's function. */
export const wideIndependent = inngest.createFunction({ id: "wide-independent", triggers: [{ event: "explore/wide" }] }, async ({ event, step }) => {
  const n = Number(event.data.n ?? 3);
  const values = await Promise.all(Array.from({ length: n }, (_, i) => step.run(`branch-${i}`, async () => (await inTurn(i), effect(event.data, `branch-${i}`), i))));
  return values.reduce((sum, v) => sum + v, 0);
});

/** The same with optimizeParallelism: false (V1: a discovery may come after every completion). */
export const wideIndependentV1 = inngest.createFunction({ id: "wide-independent-v1", optimizeParallelism: false, triggers: [{ event: "explore/wide-v1" }] }, async ({ event, step }) => {
  const n = Number(event.data.n ?? 3);
  const values = await Promise.all(Array.from({ length: n }, (_, i) => step.run(`branch-${i}`, async () => (await inTurn(i), effect(event.data, `branch-${i}`), i))));
  return values.reduce((sum, v) => sum + v, 0);
});

/** N branches that record their completion order outside the steps: every order is its own outcome. */
export const widePushOrder = inngest.createFunction({ id: "wide-push-order", triggers: [{ event: "explore/wide-push" }] }, async ({ event, step }) => {
  const n = Number(event.data.n ?? 3);
  const seen: number[] = [];
  await Promise.all(Array.from({ length: n }, (_, i) => step.run(`branch-${i}`, async () => (await inTurn(i), effect(event.data, `branch-${i}`), i)).then((v) => seen.push(v))));
  return seen.join(",");
});
