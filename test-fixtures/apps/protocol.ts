// One function per behaviour of PROTOCOL.md §12: what the executor must get exactly right.
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { Inngest, NonRetriableError, RetryAfterError } from "inngest";

export const inngest = new Inngest({ id: "proto-app" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const seq = inngest.createFunction({ id: "seq", triggers: [{ event: "test/seq" }] }, async ({ event, step }) => {
  const a = await step.run("a", () => "A");
  const b = await step.run("b", () => "B");
  return a + b + String(event.data.suffix ?? "");
});

export const all3 = inngest.createFunction({ id: "all3", triggers: [{ event: "test/all3" }] }, async ({ step }) => {
  return Promise.all([step.run("p1", () => "P1"), step.run("p2", () => "P2"), step.run("p3", () => "P3")]);
});

export const raceOpt = inngest.createFunction({ id: "race-opt", triggers: [{ event: "test/race-opt" }] }, async ({ step }) => {
  const winner = await Promise.race([
    step.run("r-fast", async () => (await sleep(100), "fast")),
    step.run("r-slow", async () => (await sleep(800), "slow")),
  ]);
  await step.run("after-race", () => `after ${winner}`);
  return { winner };
});

export const raceGroup = inngest.createFunction({ id: "race-group", triggers: [{ event: "test/race-group" }] }, async ({ step, group }) => {
  const winner = await group.parallel({ mode: "race" }, () =>
    Promise.race([
      step.run("r-fast", async () => (await sleep(100), "fast")),
      step.run("r-slow", async () => (await sleep(800), "slow")),
    ]),
  );
  await step.run("after-race", () => `after ${winner}`);
  return { winner };
});

export const flaky = inngest.createFunction({ id: "flaky", retries: 2, triggers: [{ event: "test/flaky" }] }, async ({ step, attempt }) => {
  const value = await step.run("flaky-step", () => {
    if (attempt === 0) throw new Error("boom on first try");
    return `ok after ${attempt + 1} tries`;
  });
  return value;
});

export const alwaysFails = inngest.createFunction({ id: "always-fails", retries: 1, triggers: [{ event: "test/always-fails" }] }, async ({ step }) => {
  await step.run("doomed", () => {
    throw new TypeError("injected");
  });
  return "unreachable";
});

export const catchFail = inngest.createFunction({ id: "catch-fail", retries: 0, triggers: [{ event: "test/catch-fail" }] }, async ({ step }) => {
  try {
    await step.run("nope", () => {
      throw new Error("nope");
    });
    return "unreachable";
  } catch (err) {
    return step.run("recover", () => ({ caught: (err as Error).name, message: (err as Error).message }));
  }
});

export const nonRetriable = inngest.createFunction({ id: "nonretriable", retries: 3, triggers: [{ event: "test/nonretriable" }] }, async ({ step }) => {
  await step.run("give-up", () => {
    throw new NonRetriableError("this will never work");
  });
});

export const retryAfter = inngest.createFunction({ id: "retry-after", retries: 2, triggers: [{ event: "test/retry-after" }] }, async ({ step, attempt }) => {
  return step.run("rate-limited", () => {
    if (attempt === 0) throw new RetryAfterError("slow down", "1s");
    return "ok";
  });
});

export const fnError = inngest.createFunction({ id: "fn-error", retries: 2, triggers: [{ event: "test/fn-error" }] }, async ({ step, attempt }) => {
  await step.run("before", () => "before");
  if (attempt === 0) throw new Error("thrown outside any step");
  return `x attempt=${attempt}`;
});

export const loop = inngest.createFunction({ id: "loop", triggers: [{ event: "test/loop" }] }, async ({ step }) => {
  const out: number[] = [];
  for (let i = 0; i < 3; i++) out.push(await step.run("loop", () => i));
  return out;
});

export const sleepWait = inngest.createFunction({ id: "sleep-wait", triggers: [{ event: "test/sleep-wait" }] }, async ({ event, step }) => {
  await step.sleep("nap", String(event.data.sleep ?? "1s"));
  const got = await step.waitForEvent("wait-go", { event: "test/go", timeout: "5s", if: "async.data.ok == true" });
  const timedOut = await step.waitForEvent("wait-never", { event: "test/never", timeout: String(event.data.neverTimeout ?? "1s") });
  const sent = await step.sendEvent("send-it", { name: "test/sent", data: { from: "sleep-wait" } });
  return { got, timedOut, sent };
});

export const waitMatch = inngest.createFunction({ id: "wait-match", triggers: [{ event: "test/wait-match" }] }, async ({ step }) => {
  const approved = await step.waitForEvent("wait-approval", { event: "test/approval", timeout: "10s", match: "data.orderId" });
  return { approvedBy: approved?.data.by ?? null };
});

export const invoked = inngest.createFunction({ id: "invoked-target", triggers: [{ event: "test/invoked-target" }] }, async ({ event, step }) => {
  const a = await step.run("a", () => "A");
  const b = await step.run("b", () => "B");
  return a + b + String(event.data.suffix ?? "");
});

export const invoker = inngest.createFunction({ id: "invoker", triggers: [{ event: "test/invoker" }] }, async ({ step }) => {
  const result = await step.invoke("call-target", { function: invoked, data: { suffix: "-invoked" } });
  return { invoked: result };
});

export const parMixed = inngest.createFunction({ id: "par-mixed", retries: 2, triggers: [{ event: "test/par-mixed" }] }, async ({ event, step }) => {
  await Promise.all([
    step.run("pm-a", () => {
      const marker = String(event.data.marker);
      if (!existsSync(marker)) {
        writeFileSync(marker, "1");
        throw new Error("pm-a fails once");
      }
      return "A";
    }),
    step.sleep("pm-sleep", "1s"),
  ]);
  return step.run("pm-after", () => "after");
});

export const big = inngest.createFunction({ id: "big", retries: 0, triggers: [{ event: "test/big" }] }, async ({ event, step }) => {
  return step.run("big-output", () => "x".repeat(Number(event.data.bytes ?? 5 * 1024 * 1024)));
});

export const manyParallel = inngest.createFunction({ id: "many-parallel", triggers: [{ event: "test/many" }] }, async ({ event, step }) => {
  const n = Number(event.data.n ?? 10);
  const results = await Promise.all(Array.from({ length: n }, (_, i) => step.run(`noop-${i}`, () => i)));
  return results.length;
});

/** The same wave with flow control in the path of every call: a keyed concurrency limit and a priority. */
export const manyParallelLimited = inngest.createFunction(
  { id: "many-parallel-limited", concurrency: { limit: 100, key: "event.data.tenant" }, priority: { run: "event.data.vip ? 60 : 0" }, triggers: [{ event: "test/many-limited" }] },
  async ({ event, step }) => {
    const n = Number(event.data.n ?? 10);
    const results = await Promise.all(Array.from({ length: n }, (_, i) => step.run(`noop-${i}`, () => i)));
    return results.length;
  },
);

/** N steps one after the other: the case checkpointing is for (classic mode replays every earlier step on each call). */
export const manySequential = inngest.createFunction({ id: "many-sequential", triggers: [{ event: "test/many-sequential" }] }, async ({ event, step }) => {
  const n = Number(event.data.n ?? 10);
  let total = 0;
  for (let i = 0; i < n; i++) total += await step.run(`seq-${i}`, () => i);
  return total;
});

export const withFailure = inngest.createFunction(
  {
    id: "with-failure",
    retries: 0,
    triggers: [{ event: "test/with-failure" }],
    onFailure: async ({ error, event }) => ({ handled: error.message, origFn: event.data.function_id }),
  },
  async ({ step }) => {
    await step.run("will-fail", () => {
      throw new Error("fail for onFailure");
    });
  },
);

export const fanOut = inngest.createFunction({ id: "fan-out", triggers: [{ event: "test/fan-out" }] }, async ({ step }) => {
  const ids = await step.sendEvent("fan-out-events", [
    { name: "test/fan-out-item", data: { n: 1 } },
    { name: "test/fan-out-item", data: { n: 2 } },
    { name: "test/fan-out-item", data: { n: 99 } },
  ]);
  return ids;
});

export const fanOutItem = inngest.createFunction(
  { id: "fan-out-item", triggers: [{ event: "test/fan-out-item", if: "event.data.n < 10" }] },
  async ({ event, step }) => step.run("handle-item", () => Number(event.data.n) * 10),
);

export const hang = inngest.createFunction({ id: "hang", retries: 0, triggers: [{ event: "test/hang" }] }, async ({ step }) => {
  return step.run("hangs", () => new Promise(() => {}));
});

export const crashOnce = inngest.createFunction({ id: "crash-once", retries: 2, triggers: [{ event: "test/crash-once" }] }, async ({ event, step }) => {
  await step.run("before-crash", () => "before");
  return step.run("crashes", () => {
    const marker = String(event.data.marker);
    if (!existsSync(marker)) {
      writeFileSync(marker, "crashed");
      process.exit(7);
    }
    return "survived a host crash";
  });
});

export const sideEffect = inngest.createFunction({ id: "side-effect", triggers: [{ event: "test/side-effect" }] }, async ({ event, step }) => {
  const file = String(event.data.file);
  const first = await step.run("append-first", () => (appendFileSync(file, "first\n"), "first"));
  const second = await step.run("append-second", () => (appendFileSync(file, "second\n"), "second"));
  return `${first}+${second}`;
});

export const sleepBesideStep = inngest.createFunction({ id: "sleep-beside-step", triggers: [{ event: "test/sleep-beside-step" }] }, async ({ step }) => {
  await Promise.all([step.sleep("nap", "1s"), step.run("held", () => "held")]);
  return "woke";
});
