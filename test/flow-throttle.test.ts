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

describe("runs waiting for a throttle start first in, first out (Inngest: \"Throttling is FIFO\")", () => {
  test("a run that arrives while others of its key wait queues behind them, even when the limit would let it start", () => {
    const throttle = new Throttle<string>({ limit: 1, periodMs: 10 * S, burst: 0 });
    assert.deepEqual(throttle.arrive("", "r1", 0), { start: true });
    const second = throttle.arrive("", "r2", 1 * S);
    assert.equal(second.start === false && second.startAt, 10 * S);
    // At 25 s the throttle would admit a newcomer at once, but r2 came first (and nobody woke it yet).
    const third = throttle.arrive("", "r3", 25 * S);
    assert.deepEqual(third, { start: false, startAt: 35 * S, reason: `throttled: 1 run per 10s; starts at ${iso(35 * S)} (1 ahead)` });
    assert.deepEqual(throttle.due(25 * S), ["r2"]);
    assert.equal(throttle.nextDueAt(25 * S), 35 * S);
    assert.deepEqual(throttle.due(35 * S), ["r3"]);
    assert.equal(throttle.nextDueAt(35 * S), null);
  });

  test("each waiter is told its own start, the limit and burst played forward; a run that leaves the queue moves the others up", () => {
    const throttle = new Throttle<string>({ limit: 2, periodMs: 6 * S, burst: 1 });
    // One every 3 s, and one more at once (burst): a and b start, c, d and e wait.
    for (const r of ["a", "b"]) assert.deepEqual(throttle.arrive("", r, 0), { start: true });
    const starts = ["c", "d", "e"].map((r) => throttle.arrive("", r, 0)).map((d) => d.start === false && d.startAt);
    assert.deepEqual(starts, [3 * S, 6 * S, 9 * S]);
    assert.deepEqual(throttle.withdraw((r) => r === "c"), ["c"]);
    assert.deepEqual(throttle.due(3 * S), ["d"]);
    assert.deepEqual(throttle.due(6 * S), ["e"]);
  });

  test("keys queue apart: a waiting key does not hold up another", () => {
    const throttle = new Throttle<string>({ limit: 1, periodMs: 10 * S, burst: 0, key: "event.data.k" });
    throttle.arrive("k1", "a", 0);
    assert.equal(throttle.arrive("k1", "b", 0).start, false);
    assert.deepEqual(throttle.arrive("k2", "c", 1 * S), { start: true });
  });
});
