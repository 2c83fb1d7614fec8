import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareQueued, priorityFactor, queueScore } from "../runtime/flow/priority";

describe("priority.run gives a run a factor in seconds", () => {
  const cases: Array<[string | undefined, unknown, ReturnType<typeof priorityFactor>]> = [
    [undefined, { data: {} }, { factor: 0 }],
    ["event.data.plan == 'pro' ? 120 : 0", { data: { plan: "pro" } }, { factor: 120 }],
    ["event.data.plan == 'pro' ? 120 : 0", { data: { plan: "free" } }, { factor: 0 }],
    ["event.data.plan == 'free' ? -600 : 0", { data: { plan: "free" } }, { factor: -600 }],
    ["900", { data: {} }, { factor: 600 }],
    ["-60000", { data: {} }, { factor: -600 }],
    ["int(event.data.p)", { data: { p: 5 } }, { factor: 5 }],
    ["event.data.p", { data: { p: 5 } }, { factor: 5 }],
    ["event.data.p", { data: { p: 2.5 } }, { factor: 0, problem: `priority.run "event.data.p" returned the double 2.5, not an int (wrap it in int()); the run has priority 0` }],
    ["event.data.p", { data: {} }, { factor: 0, problem: `priority.run "event.data.p" returned false, not an int (wrap it in int()); the run has priority 0` }],
    ["event.data.p < 'a'", { data: { p: 1 } }, { factor: 0, problem: `priority.run expression "event.data.p < 'a'" errored: no such overload: double < string; the run has priority 0` }],
  ];
  for (const [run, event, expected] of cases) {
    test(`${run ?? "no priority"} for ${JSON.stringify(event)} is ${expected.factor}`, () => assert.deepEqual(priorityFactor(run, event), expected));
  }
});

describe("the range a factor is clamped to", () => {
  test("an account with a wider range keeps larger factors, up to Inngest's 12 hours", () => {
    assert.deepEqual(priorityFactor("3600", { data: {} }, 43200), { factor: 3600 });
    assert.deepEqual(priorityFactor("60000", { data: {} }, 10 ** 9), { factor: 43200 });
  });
});

describe("queue order: run start minus the factor, then arrival", () => {
  test("a factor of 60 s lets a run overtake runs started up to a minute before it", () => {
    assert.equal(queueScore(100_000, 60), 40_000);
    const older = { score: queueScore(50_000, 0), sequence: 0 };
    const prioritized = { score: queueScore(100_000, 60), sequence: 1 };
    const muchOlder = { score: queueScore(30_000, 0), sequence: 2 };
    assert.deepEqual([older, prioritized, muchOlder].sort(compareQueued), [muchOlder, prioritized, older]);
  });

  test("equal scores keep arrival order", () => {
    const a = { score: 1, sequence: 2 };
    const b = { score: 1, sequence: 1 };
    assert.deepEqual([a, b].sort(compareQueued), [b, a]);
  });
});
