import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseFunctionOptions } from "../runtime/flow/function-options";

const step = { step: { id: "step", name: "step", runtime: { type: "http", url: "http://127.0.0.1:3939/api/inngest?fnId=app-send-digest&stepId=step" } } };

function config(extra: Record<string, unknown>): Record<string, unknown> {
  return { id: "app-send-digest", name: "send-digest", triggers: [{ event: "app/digest.requested" }], steps: step, ...extra };
}

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("a synced function config becomes typed flow-control options", () => {
  test("the configured function of PROTOCOL.md §2.1", () => {
    const { options, problems, warnings } = parseFunctionOptions({
      id: "proto-app-configured",
      name: "Configured Fn",
      triggers: [{ cron: "0 0 * * *" }, { event: "test/configured", expression: "event.data.x > 1" }],
      steps: step,
      concurrency: { limit: 2, key: "event.data.user" },
      timeouts: { finish: "1h" },
      cancel: [{ event: "test/cancel", if: "event.data.id == async.data.id" }],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(warnings, []);
    assert.deepEqual(options, {
      functionId: "proto-app-configured",
      triggers: [
        { kind: "cron", cron: "0 0 * * *", jitterMs: 0 },
        { kind: "event", event: "test/configured", expression: "event.data.x > 1" },
      ],
      concurrency: [{ limit: 2, scope: "fn", key: "event.data.user" }],
      cancel: [{ event: "test/cancel", if: "event.data.id == async.data.id" }],
      timeouts: { finishMs: HOUR },
    });
  });

  const cases: Array<[string, Record<string, unknown>, Partial<Record<string, unknown>>]> = [
    ["a number is one function-wide limit", { concurrency: 5 }, { concurrency: [{ limit: 5, scope: "fn" }] }],
    [
      "two limits are sorted by limit, as Inngest stores them",
      { concurrency: [{ limit: 10, key: "event.data.user", scope: "env" }, { limit: 1 }] },
      { concurrency: [{ limit: 1, scope: "fn" }, { limit: 10, scope: "env", key: "event.data.user" }] },
    ],
    ["a throttle limit of 0 is 1, burst defaults to 0", { throttle: { limit: 0, period: "1m" } }, { throttle: { limit: 1, periodMs: 60 * SECOND, burst: 0 } }],
    ["throttle with a key and burst", { throttle: { limit: 3, period: "1h30m", burst: 2, key: "event.data.id" } }, { throttle: { limit: 3, periodMs: 1.5 * HOUR, burst: 2, key: "event.data.id" } }],
    ["rateLimit", { rateLimit: { limit: 10, period: "1h", key: "event.data.user" } }, { rateLimit: { limit: 10, periodMs: HOUR, key: "event.data.user" } }],
    ["idempotency is a rate limit of 1 per 24 h", { idempotency: "event.data.order" }, { idempotency: "event.data.order", rateLimit: { limit: 1, periodMs: DAY, key: "event.data.order" } }],
    ["debounce with a key and a timeout", { debounce: { period: "5s", key: "event.data.id", timeout: "1m" } }, { debounce: { periodMs: 5 * SECOND, key: "event.data.id", timeoutMs: 60 * SECOND } }],
    ["an empty debounce key is no key", { debounce: { period: "1w", key: "" } }, { debounce: { periodMs: 7 * DAY } }],
    ["batchEvents", { batchEvents: { maxSize: 100, timeout: "5s", key: "event.data.user", if: "event.data.ok == true" } }, { batchEvents: { maxSize: 100, timeoutMs: 5 * SECOND, key: "event.data.user", if: "event.data.ok == true" } }],
    ["singleton", { singleton: { mode: "cancel", key: "event.data.user" } }, { singleton: { mode: "cancel", key: "event.data.user" } }],
    ["priority", { priority: { run: "event.data.plan == 'pro' ? 120 : 0" } }, { priority: { run: "event.data.plan == 'pro' ? 120 : 0" } }],
    ["timeouts", { timeouts: { start: "10s", finish: "2d" } }, { timeouts: { startMs: 10 * SECOND, finishMs: 2 * DAY } }],
    ["a cron trigger with jitter", { triggers: [{ cron: "TZ=Europe/Paris 0 9 * * 1-5", jitter: "30s" }] }, { triggers: [{ kind: "cron", cron: "TZ=Europe/Paris 0 9 * * 1-5", jitterMs: 30 * SECOND }] }],
  ];
  for (const [behaviour, extra, expected] of cases) {
    test(behaviour, () => {
      const { options, problems } = parseFunctionOptions(config(extra));
      assert.deepEqual(problems, []);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(options[key as keyof typeof options], value, key);
    });
  }
});

describe("options Inngest rejects at sync get one line naming the function and the option", () => {
  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{ debounce: { period: "10ms" } }, [`function "app-send-digest": debounce.period "10ms" is below Inngest's minimum of 1s`]],
    [{ debounce: { period: "8d" } }, [`function "app-send-digest": debounce.period "8d" is above Inngest's maximum of 7d`]],
    [{ debounce: { period: "soon" } }, [`function "app-send-digest": debounce.period "soon" is not a duration Inngest reads (invalid duration "soon") — write it like "30s", "5m", "1h30m", "2d", "1w"`]],
    [{ debounce: { period: "5s", key: "event.data.id ==" } }, [`function "app-send-digest": debounce.key "event.data.id ==" is not a valid expression: Unexpected token: EOF at column 17`]],
    [{ rateLimit: { limit: 0, period: "1h" } }, [`function "app-send-digest": rateLimit.limit 0 must be greater than 0`]],
    [{ rateLimit: { limit: 1, period: "2d" } }, [`function "app-send-digest": rateLimit.period "2d" is above Inngest's maximum of 1d`]],
    [{ rateLimit: { limit: 1 } }, [`function "app-send-digest": rateLimit.period must be specified`]],
    [{ rateLimit: { limit: 1, period: "60" } }, [`function "app-send-digest": rateLimit.period "60" is not a duration Inngest reads (missing unit in duration "60") — write it like "30s", "5m", "1h30m", "2d", "1w"`]],
    [{ idempotency: "event.data.order_id ==" }, [`function "app-send-digest": idempotency "event.data.order_id ==" is not a valid expression: Unexpected token: EOF at column 23`]],
    [{ batchEvents: { maxSize: 1, timeout: "5s" } }, [`function "app-send-digest": batchEvents.maxSize 1 is below Inngest's minimum of 2`]],
    [{ batchEvents: { maxSize: 10, timeout: "500ms" } }, [`function "app-send-digest": batchEvents.timeout "500ms" is below Inngest's minimum of 1s`]],
    [{ batchEvents: { maxSize: 10, timeout: "1d" } }, [`function "app-send-digest": batchEvents.timeout "1d" is not a duration Inngest reads (unknown unit "d" in duration "1d") — write it like "30s", "5m", "1h30m" (Go units: no d or w)`]],
    [{ batchEvents: { maxSize: 10, timeout: "5s", if: "nope.x" } }, [`function "app-send-digest": batchEvents.if "nope.x" is not a valid expression: Unknown variable: nope at column 1`]],
    [
      { concurrency: [{ limit: 1 }, { limit: 2, key: "event.data.a" }, { limit: 3, key: "event.data.b" }] },
      [`function "app-send-digest": concurrency has 3 limits; Inngest allows at most 2`],
    ],
    [{ concurrency: { limit: 5, scope: "env" } }, [`function "app-send-digest": concurrency with scope "env" needs a key (Inngest: "A concurrency key must be specified for env scoped limits")`]],
    [{ concurrency: { limit: 5, scope: "app" } }, [`function "app-send-digest": concurrency.scope "app" must be "fn", "env" or "account"`]],
    [{ concurrency: [{ limit: 5, key: "event.data.user ==" }] }, [`function "app-send-digest": concurrency[0].key "event.data.user ==" is not a valid expression: Unexpected token: EOF at column 19`]],
    [{ concurrency: { limit: -1 } }, [`function "app-send-digest": concurrency.limit -1 must be a whole number of 0 or more`]],
    [{ throttle: { limit: 1, period: "often" } }, [`function "app-send-digest": throttle.period "often" is not a duration Inngest reads (invalid duration "often") — write it like "30s", "5m", "1h30m", "2d", "1w"`]],
    [{ singleton: { mode: "queue" } }, [`function "app-send-digest": singleton.mode "queue" must be "skip" or "cancel"`]],
    [{ priority: { run: "event.data.plan ==" } }, [`function "app-send-digest": priority.run "event.data.plan ==" is not a valid expression: Unexpected token: EOF at column 19`]],
    [{ cancel: [{ event: "app/cancel", if: "has(async.data.id)" }] }, [`function "app-send-digest": cancelOn[0].if "has(async.data.id)" is not a valid expression: macros are disallowed (uses 'has')`]],
    [{ cancel: Array.from({ length: 6 }, (_, i) => ({ event: `app/cancel.${i}` })) }, [`function "app-send-digest": cancelOn has 6 entries; Inngest allows at most 5`]],
    [{ triggers: [{ event: "app/x", expression: "event.data.x >" }] }, [`function "app-send-digest": trigger "app/x" expression "event.data.x >" is not a valid expression: Unexpected token: EOF at column 15`]],
    [{ triggers: [{ cron: "@daily" }] }, [`function "app-send-digest": cron trigger "@daily" isn't a valid cron schedule: parser does not accept descriptors: @daily — write "0 0 * * *"`]],
    [{ triggers: [{ cron: "0 0 * * *", jitter: "10m" }] }, [`function "app-send-digest": cron trigger "0 0 * * *" jitter "10m" is above Inngest's maximum of 5m`]],
    [{ triggers: [{ cron: "0 0 * * *", jitter: "500ms" }] }, [`function "app-send-digest": cron trigger "0 0 * * *" jitter "500ms" is below Inngest's minimum of 1s`]],
    [{ triggers: [{ event: "app/x" }, { event: "app/x" }] }, [`function "app-send-digest": triggers list "app/x" twice`]],
    [
      { batchEvents: { maxSize: 10, timeout: "5s" }, cancel: [{ event: "app/cancel" }] },
      [`function "app-send-digest": batchEvents cannot be combined with cancelOn (Inngest: "Batching and cancellation are mutually exclusive")`],
    ],
    [
      { batchEvents: { maxSize: 10, timeout: "5s" }, debounce: { period: "5s" } },
      [`function "app-send-digest": batchEvents cannot be combined with debounce (Inngest: "Batching and debouncing are mutually exclusive")`],
    ],
    [
      { batchEvents: { maxSize: 10, timeout: "5s" }, singleton: { mode: "skip" } },
      [`function "app-send-digest": batchEvents cannot be combined with singleton (Inngest: "Batching and singletons are mutually exclusive")`],
    ],
    [
      { batchEvents: { maxSize: 10, timeout: "5s" }, priority: { run: "10" } },
      [`function "app-send-digest": priority.run cannot be combined with batchEvents (Inngest: "A function cannot specify Priority.Run and Batch together")`],
    ],
  ];
  for (const [extra, problems] of cases) {
    test(problems[0].replace(/^function "app-send-digest": /, ""), () => {
      const result = parseFunctionOptions(config(extra));
      assert.deepEqual(result.problems, problems);
      for (const line of result.problems) assert.equal(line.includes("\n"), false);
    });
  }

  test("the caller may name the function as the user wrote it", () => {
    assert.deepEqual(parseFunctionOptions(config({ debounce: { period: "10ms" } }), "send-digest").problems, [
      `function "send-digest": debounce.period "10ms" is below Inngest's minimum of 1s`,
    ]);
  });
});

describe("options Inngest accepts but ignores give a warning, not a problem", () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ timeouts: { finish: "soon" } }, `function "app-send-digest": timeouts.finish "soon" is not a duration Inngest reads (invalid duration "soon"), so Inngest ignores it`],
    [{ debounce: { period: "5s", timeout: "later" } }, `function "app-send-digest": debounce.timeout "later" is not a duration Inngest reads (invalid duration "later"), so Inngest ignores it`],
    [{ throttle: { limit: 1, period: "1s", key: "event.data.x ==" } }, `function "app-send-digest": throttle.key "event.data.x ==" is not a valid expression (Unexpected token: EOF at column 16); Inngest accepts it and throttles every run under one key`],
    [{ rateLimit: { limit: 5, period: "1h" }, idempotency: "event.data.id" }, `function "app-send-digest": idempotency replaces rateLimit, as Inngest applies idempotency as a rate limit of 1 per 24h`],
  ];
  for (const [extra, warning] of cases) {
    test(warning.replace(/^function "app-send-digest": /, ""), () => {
      const result = parseFunctionOptions(config(extra));
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.warnings, [warning]);
    });
  }
});
