import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Throttle, throttleKey } from "../runtime/flow/throttle";

const S = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

type Step = [at: number, key: string, expected: true | number];

function play(config: ConstructorParameters<typeof Throttle>[0], steps: Step[]): void {
  const throttle = new Throttle(config);
  for (const [at, key, expected] of steps) {
    const decision = throttle.tryStart(key, at);
    if (expected === true) assert.deepEqual(decision, { start: true }, `start at ${at}`);
    else assert.equal(decision.start === false && decision.startAt, expected, `at ${at} the run waits until ${expected}`);
  }
}

describe("throttle spreads run starts over the period (GCRA, as Inngest's queue applies it)", () => {
  const cases: Array<[string, ConstructorParameters<typeof Throttle>[0], Step[]]> = [
    ["2 per minute without burst: one start every 30 s", { limit: 2, periodMs: 60 * S, burst: 0 }, [[0, "", true], [0, "", 30 * S], [10 * S, "", 30 * S], [30 * S, "", true], [31 * S, "", 60 * S]]],
    ["a burst of 1 lets two start at once, then one per period", { limit: 1, periodMs: 10 * S, burst: 1 }, [[0, "", true], [0, "", true], [0, "", 10 * S], [10 * S, "", true], [10 * S, "", 20 * S]]],
    ["keys are throttled separately", { limit: 1, periodMs: 60 * S, burst: 0, key: "event.data.user" }, [[0, "u1", true], [0, "u2", true], [1 * S, "u1", 60 * S]]],
    ["after a quiet spell the limit is full again", { limit: 1, periodMs: 60 * S, burst: 0 }, [[0, "", true], [600 * S, "", true], [601 * S, "", 660 * S]]],
  ];
  for (const [behaviour, config, steps] of cases) test(behaviour, () => play(config, steps));

  test("a waiting run is told when it may start, and why", () => {
    const throttle = new Throttle({ limit: 3, periodMs: 60 * S, burst: 2, key: "event.data.user" });
    for (let i = 0; i < 3; i++) assert.deepEqual(throttle.tryStart("u1", 0), { start: true });
    assert.deepEqual(throttle.tryStart("u1", 0), {
      start: false,
      startAt: 20 * S,
      reason: `throttled: 3 runs per 1m (+2 burst) for key "u1"; starts at ${iso(20 * S)}`,
    });
  });
});

describe("the throttle key of a run", () => {
  const cases: Array<[string | undefined, unknown, string]> = [
    [undefined, { data: { user: "u1" } }, ""],
    ["event.data.user", { data: { user: "u1" } }, "u1"],
    ["event.data.user", { data: {} }, "false"],
    ["event.data.n", { data: { n: 1234567 } }, "1.234567e+06"],
    ["event.data.n < 'a'", { data: { n: 1 } }, "<nil>"],
  ];
  for (const [key, event, expected] of cases) {
    test(`${key ?? "no key"} for ${JSON.stringify(event)} is ${JSON.stringify(expected)}`, () => {
      assert.equal(throttleKey({ limit: 1, periodMs: S, burst: 0, ...(key ? { key } : {}) }, event), expected);
    });
  }
});
