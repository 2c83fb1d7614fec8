import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { timedOut, timeoutDeadline } from "../runtime/flow/timeouts";

const S = 1000;

describe("timeouts cancel a run that waits too long to start or runs too long", () => {
  const config = { startMs: 10 * S, finishMs: 60 * S };
  const cases: Array<[string, Parameters<typeof timedOut>[1], number, "start" | "finish" | null]> = [
    ["not started, within start", { createdAt: 0 }, 10 * S, null],
    ["not started, past start", { createdAt: 0 }, 10 * S + 1, "start"],
    ["started late but started: start no longer applies", { createdAt: 0, startedAt: 30 * S }, 40 * S, null],
    ["running, within finish (measured from its start)", { createdAt: 0, startedAt: 30 * S }, 90 * S, null],
    ["running, past finish", { createdAt: 0, startedAt: 30 * S }, 90 * S + 1, "finish"],
  ];
  for (const [behaviour, run, now, kind] of cases) {
    test(behaviour, () => assert.equal(timedOut(config, run, now)?.kind ?? null, kind));
  }

  test("no timeouts, or only one of them, set no other deadline", () => {
    assert.equal(timeoutDeadline(undefined, { createdAt: 0 }), null);
    assert.equal(timeoutDeadline({ finishMs: 5 * S }, { createdAt: 0 }), null);
    assert.equal(timeoutDeadline({ startMs: 5 * S }, { createdAt: 0, startedAt: 1 }), null);
  });

  test("the deadline says when and why", () => {
    assert.deepEqual(timeoutDeadline({ finishMs: 3_600_000 }, { createdAt: 0, startedAt: 5 * S }), {
      kind: "finish",
      cancelAt: 3_605_000,
      reason: "cancelled: the run did not finish within timeouts.finish (1h)",
    });
  });
});
