import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RateLimiter, rateLimitKey } from "../runtime/flow/rate-limit";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

describe("rateLimit skips events over the limit (GCRA with a burst of limit/10)", () => {
  const cases: Array<[string, { limit: number; periodMs: number }, Array<[number, string, boolean]>]> = [
    ["1 per hour: a second event within the hour is skipped", { limit: 1, periodMs: H }, [[0, "", true], [30 * MIN, "", false], [H, "", true]]],
    ["10 per hour: two at once (burst 1), then one every 6 minutes", { limit: 10, periodMs: H }, [[0, "", true], [0, "", true], [0, "", false], [6 * MIN, "", true], [6 * MIN, "", false], [12 * MIN, "", true]]],
    ["keys count separately", { limit: 1, periodMs: H }, [[0, "a", true], [0, "b", true], [1, "a", false]]],
  ];
  for (const [behaviour, config, steps] of cases) {
    test(behaviour, () => {
      const limiter = new RateLimiter(config);
      for (const [at, key, accepted] of steps) assert.equal(limiter.check(key, at).accept, accepted, `event at ${at} for "${key}"`);
    });
  }

  test("a skipped event says why and when the next one is accepted", () => {
    const limiter = new RateLimiter({ limit: 1, periodMs: H, key: "event.data.user" });
    limiter.check("u1", 0);
    assert.deepEqual(limiter.check("u1", 10 * MIN), {
      accept: false,
      nextAcceptedAt: H,
      reason: `skipped: rate limit of 1 per 1h reached for key "u1"; the next event is accepted from ${new Date(H).toISOString()}`,
    });
  });
});

describe("which bucket an event counts against", () => {
  const cases: Array<[string | undefined, unknown, ReturnType<typeof rateLimitKey>]> = [
    [undefined, { data: {} }, { limited: true, key: "" }],
    ["event.data.user", { data: { user: "u1" } }, { limited: true, key: "u1" }],
    ["event.data.user", { data: {} }, { limited: false, reason: "rate limit key event.data.user is false for this event; Inngest does not rate limit it" }],
  ];
  for (const [key, event, expected] of cases) {
    test(`${key ?? "no key"} for ${JSON.stringify(event)}`, () => assert.deepEqual(rateLimitKey({ limit: 1, periodMs: H, ...(key ? { key } : {}) }, event), expected));
  }
});
