import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SingletonLocks, singletonKey } from "../runtime/flow/singleton";

describe("singleton: one run per key at a time", () => {
  test('mode "skip": a new run is skipped while one runs, and starts once it ended', () => {
    const locks = new SingletonLocks({ mode: "skip" });
    assert.deepEqual(locks.decide("", "run-a"), { action: "start" });
    assert.deepEqual(locks.decide("", "run-b"), { action: "skip", runningRunId: "run-a", reason: "skipped: singleton run run-a is running" });
    locks.finished("run-a");
    assert.deepEqual(locks.decide("", "run-c"), { action: "start" });
  });

  test('mode "cancel": the running run is cancelled and the new one takes the key', () => {
    const locks = new SingletonLocks({ mode: "cancel", key: "event.data.user" });
    locks.decide("u1", "run-a");
    assert.deepEqual(locks.decide("u1", "run-b"), { action: "cancel-running", runningRunId: "run-a", reason: `cancelled by singleton: run run-b replaces it for key "u1"` });
    assert.equal(locks.runningFor("u1"), "run-b");
    locks.finished("run-a");
    assert.equal(locks.runningFor("u1"), "run-b");
  });

  test("different keys do not block each other", () => {
    const locks = new SingletonLocks({ mode: "skip", key: "event.data.user" });
    locks.decide("u1", "run-a");
    assert.deepEqual(locks.decide("u2", "run-b"), { action: "start" });
  });
});

describe("the singleton key of an event", () => {
  const cases: Array<[string | undefined, unknown, ReturnType<typeof singletonKey>]> = [
    [undefined, { data: {} }, { singleton: true, key: "" }],
    ["event.data.user", { data: { user: "u1" } }, { singleton: true, key: "u1" }],
    ["event.data.user", { data: {} }, { singleton: false, reason: "singleton key event.data.user is false for this event; no singleton applies" }],
  ];
  for (const [key, event, expected] of cases) {
    test(`${key ?? "no key"} for ${JSON.stringify(event)}`, () => assert.deepEqual(singletonKey({ mode: "skip", ...(key ? { key } : {}) }, event), expected));
  }
});
