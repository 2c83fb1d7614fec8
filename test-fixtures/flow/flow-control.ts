// Functions with Inngest's flow-control options, one option each, for the flow-control tests.
// Steps that take time write when they start and end to <event.data.dir>/spans.log, so a test can
// tell which ran side by side.
import { appendFileSync } from "node:fs";
import path from "node:path";
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "flow-app" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function span(dir: string, id: string, ms: number): Promise<string> {
  appendFileSync(path.join(dir, "spans.log"), `${id} start ${Date.now()}\n`);
  await sleep(ms);
  appendFileSync(path.join(dir, "spans.log"), `${id} end ${Date.now()}\n`);
  return id;
}

/** Three parallel steps under a concurrency limit of 1: they must run one at a time. */
export const concurrencyOne = inngest.createFunction(
  { id: "concurrency-one", concurrency: { limit: 1 }, triggers: [{ event: "flow/concurrency-one" }] },
  async ({ event, step }) => {
    const dir = String(event.data.dir);
    return Promise.all(["p1", "p2", "p3"].map((id) => step.run(id, () => span(dir, id, 150))));
  },
);

/** A limit of 1 per key: runs for different users go side by side, runs for one user queue. */
export const concurrencyPerUser = inngest.createFunction(
  { id: "concurrency-per-user", concurrency: { limit: 1, key: "event.data.user" }, triggers: [{ event: "flow/per-user" }] },
  async ({ event, step }) => step.run("work", () => span(String(event.data.dir), `${event.data.user}-${event.data.n}`, 300)),
);

/** Priority: with one slot, the run whose event says "high" goes first among waiters. */
export const prioritized = inngest.createFunction(
  { id: "prioritized", concurrency: { limit: 1 }, priority: { run: "event.data.vip ? 600 : 0" }, triggers: [{ event: "flow/prioritized" }] },
  async ({ event, step }) => step.run("work", () => span(String(event.data.dir), String(event.data.name), 200)),
);

export const debounced = inngest.createFunction(
  { id: "debounced", debounce: { period: "1s", key: "event.data.user" }, triggers: [{ event: "flow/debounced" }] },
  async ({ event }) => ({ user: event.data.user, n: event.data.n }),
);

export const batched = inngest.createFunction(
  { id: "batched", batchEvents: { maxSize: 3, timeout: "5s" }, triggers: [{ event: "flow/batched" }] },
  async ({ events }) => events.map((e) => e.data.n),
);

// Only events marked bulk wait for a batch; the others run on their own at once.
export const batchedBulk = inngest.createFunction(
  { id: "batched-bulk", batchEvents: { maxSize: 2, timeout: "5s", if: "event.data.bulk == true" }, triggers: [{ event: "flow/batched-bulk" }] },
  async ({ events }) => events.map((e) => e.data.n),
);

export const rateLimited = inngest.createFunction(
  { id: "rate-limited", rateLimit: { limit: 1, period: "1m", key: "event.data.user" }, triggers: [{ event: "flow/rate-limited" }] },
  async ({ event }) => event.data.n,
);

export const idempotent = inngest.createFunction(
  { id: "idempotent", idempotency: "event.data.orderId", triggers: [{ event: "flow/idempotent" }] },
  async ({ event }) => event.data.n,
);

export const singletonSkip = inngest.createFunction(
  { id: "singleton-skip", singleton: { key: "event.data.user", mode: "skip" }, triggers: [{ event: "flow/singleton-skip" }] },
  async ({ event, step }) => {
    await step.sleep("hold", "1s");
    return event.data.n;
  },
);

export const singletonCancel = inngest.createFunction(
  { id: "singleton-cancel", singleton: { key: "event.data.user", mode: "cancel" }, triggers: [{ event: "flow/singleton-cancel" }] },
  async ({ event, step }) => {
    await step.sleep("hold", "2s");
    return event.data.n;
  },
);

export const cancellable = inngest.createFunction(
  { id: "cancellable", cancelOn: [{ event: "flow/order.cancelled", match: "data.orderId" }], triggers: [{ event: "flow/order.placed" }] },
  async ({ event, step }) => {
    await step.sleep("wait-for-cancel", "30s");
    return `shipped ${event.data.orderId}`;
  },
);

export const finishTimeout = inngest.createFunction(
  { id: "finish-timeout", timeouts: { finish: "1s" }, triggers: [{ event: "flow/finish-timeout" }] },
  async ({ step }) => {
    await step.sleep("too-long", "30s");
    return "unreachable";
  },
);

export const throttled = inngest.createFunction(
  { id: "throttled", throttle: { limit: 1, period: "2s" }, triggers: [{ event: "flow/throttled" }] },
  async ({ event }) => event.data.n,
);

/** Full CEL in a trigger: `in`, has(), size(), startsWith() and ?: — each needed for the match. */
export const celTrigger = inngest.createFunction(
  {
    id: "cel-trigger",
    triggers: [
      {
        event: "flow/cel",
        if: "event.data.plan in ['pro', 'team'] && has(event.data.email) && size(event.data.tags) > 1 && event.data.email.startsWith('ada') && (event.data.tags[0] == 'a' ? true : false)",
      },
    ],
  },
  async ({ event }) => `matched ${event.data.email}`,
);
