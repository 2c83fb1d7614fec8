import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConcurrencyLimiter, type ConcurrencyRequest, type ConcurrencySlot, concurrencySlots } from "../runtime/flow/concurrency";
import type { ConcurrencyLimitOption } from "../runtime/flow/function-options";

function request(runId: string, label: string, slots: ConcurrencySlot[], score = 0): ConcurrencyRequest {
  return { id: `${runId}:${label}`, runId, label, slots, score };
}

const fnLimit1 = concurrencySlots("app-fn", [{ limit: 1, scope: "fn" }], {});

describe("concurrency limits the steps executing at once", () => {
  test("with a limit of 1, a run's parallel steps execute one at a time", () => {
    const limiter = new ConcurrencyLimiter();
    const fast = limiter.tryAcquire(request("01HRUNA", "fast.1", fnLimit1));
    assert.equal(fast.granted, true);
    assert.deepEqual(limiter.tryAcquire(request("01HRUNA", "slow.1", fnLimit1)), {
      granted: false,
      slot: "fn:app-fn",
      reason: `queued: concurrency 1 of 1 held by run 01HRUNA (step "fast.1")`,
    });
    if (fast.granted) limiter.release(fast.lease);
    assert.equal(limiter.tryAcquire(request("01HRUNA", "slow.1", fnLimit1)).granted, true);
  });

  test("a discovery request holds a slot too", () => {
    const limiter = new ConcurrencyLimiter();
    limiter.tryAcquire(request("01HRUNA", "discovery", fnLimit1));
    assert.deepEqual(limiter.tryAcquire(request("01HRUNB", "discovery", fnLimit1)), {
      granted: false,
      slot: "fn:app-fn",
      reason: "queued: concurrency 1 of 1 held by run 01HRUNA (discovery)",
    });
  });

  test("a slot stays held until it is released, however late (a paused debugger)", () => {
    const limiter = new ConcurrencyLimiter();
    limiter.tryAcquire(request("01HRUNA", "a", fnLimit1));
    for (let i = 0; i < 3; i++) assert.equal(limiter.tryAcquire(request("01HRUNB", "b", fnLimit1)).granted, false);
    assert.deepEqual(limiter.holders("fn:app-fn").map((l) => l.label), ["a"]);
  });
});

describe("the slots a run counts against", () => {
  const cases: Array<[string, ConcurrencyLimitOption[], unknown, Array<Pick<ConcurrencySlot, "id" | "limit">>]> = [
    ["a function-wide limit", [{ limit: 2, scope: "fn" }], {}, [{ id: "fn:app-fn", limit: 2 }]],
    ["a keyed limit within the function", [{ limit: 1, scope: "fn", key: "event.data.user" }], { data: { user: "u1" } }, [{ id: "fn:app-fn:key:u1", limit: 1 }]],
    ["an env-scoped key is shared across functions", [{ limit: 1, scope: "env", key: "event.data.acct" }], { data: { acct: "a1" } }, [{ id: "env:key:a1", limit: 1 }]],
    ["an account-scoped key", [{ limit: 3, scope: "account", key: "event.data.acct" }], { data: { acct: "a1" } }, [{ id: "account:key:a1", limit: 3 }]],
    ["a missing key field is the key false", [{ limit: 1, scope: "fn", key: "event.data.user" }], { data: {} }, [{ id: "fn:app-fn:key:false", limit: 1 }]],
    ["a limit of 0 adds no limit", [{ limit: 0, scope: "fn" }], {}, []],
    [
      "two limits: both count",
      [{ limit: 1, scope: "fn", key: "event.data.user" }, { limit: 5, scope: "fn" }],
      { data: { user: "u1" } },
      [{ id: "fn:app-fn:key:u1", limit: 1 }, { id: "fn:app-fn", limit: 5 }],
    ],
  ];
  for (const [behaviour, limits, event, expected] of cases) {
    test(behaviour, () => assert.deepEqual(concurrencySlots("app-fn", limits, event).map(({ id, limit }) => ({ id, limit })), expected));
  }
});

describe("keys and scopes", () => {
  const byUser = (user: string, fn = "app-fn") => concurrencySlots(fn, [{ limit: 1, scope: "fn", key: "event.data.user" }], { data: { user } });
  const byAccount = (acct: string, fn: string) => concurrencySlots(fn, [{ limit: 1, scope: "env", key: "event.data.acct" }], { data: { acct } });

  test("runs for different keys run side by side; the same key waits", () => {
    const limiter = new ConcurrencyLimiter();
    assert.equal(limiter.tryAcquire(request("01HRUNA", "s", byUser("u1"))).granted, true);
    assert.equal(limiter.tryAcquire(request("01HRUNB", "s", byUser("u2"))).granted, true);
    assert.deepEqual(limiter.tryAcquire(request("01HRUNC", "s", byUser("u1"))), {
      granted: false,
      slot: "fn:app-fn:key:u1",
      reason: `queued: concurrency 1 of 1 for key "u1" held by run 01HRUNA (step "s")`,
    });
  });

  test("fn-scoped keys of two functions do not share; env-scoped keys do", () => {
    const limiter = new ConcurrencyLimiter();
    limiter.tryAcquire(request("01HRUNA", "s", byUser("u1", "app-one")));
    assert.equal(limiter.tryAcquire(request("01HRUNB", "s", byUser("u1", "app-two"))).granted, true);
    limiter.tryAcquire(request("01HRUNC", "s", byAccount("a1", "app-one")));
    assert.deepEqual(limiter.tryAcquire(request("01HRUND", "s", byAccount("a1", "app-two"))), {
      granted: false,
      slot: "env:key:a1",
      reason: `queued: concurrency 1 of 1 for key "a1" (env scope) held by run 01HRUNC (step "s")`,
    });
  });

  test("with two limits, the tighter one decides", () => {
    const limiter = new ConcurrencyLimiter();
    const slots = (user: string) => concurrencySlots("app-fn", [{ limit: 1, scope: "fn", key: "event.data.user" }, { limit: 2, scope: "fn" }], { data: { user } });
    assert.equal(limiter.tryAcquire(request("01HRUNA", "s", slots("u1"))).granted, true);
    assert.equal(limiter.tryAcquire(request("01HRUNB", "s", slots("u1"))).granted, false);
    assert.equal(limiter.tryAcquire(request("01HRUNC", "s", slots("u2"))).granted, true);
    assert.deepEqual(limiter.tryAcquire(request("01HRUND", "s", slots("u3"))), {
      granted: false,
      slot: "fn:app-fn",
      reason: `queued: concurrency 2 of 2 held by run 01HRUNA (step "s"), run 01HRUNC (step "s")`,
    });
  });
});

describe("waiters are served in queue order: priority and age first, then arrival", () => {
  test("a freed slot goes to the waiter with the lowest score, not to whoever asks first", () => {
    const limiter = new ConcurrencyLimiter();
    const a = limiter.tryAcquire(request("01HRUNA", "s", fnLimit1, 0));
    limiter.tryAcquire(request("01HRUNB", "s", fnLimit1, 2000));
    limiter.tryAcquire(request("01HRUNC", "s", fnLimit1, 1000));
    assert.deepEqual(limiter.waiting().map((r) => r.runId), ["01HRUNC", "01HRUNB"]);
    if (a.granted) limiter.release(a.lease);
    assert.deepEqual(limiter.tryAcquire(request("01HRUNB", "s", fnLimit1, 2000)), {
      granted: false,
      slot: "fn:app-fn",
      reason: "queued: concurrency 0 of 1, behind 1 waiting ahead",
    });
    assert.equal(limiter.tryAcquire(request("01HRUNC", "s", fnLimit1, 1000)).granted, true);
    assert.deepEqual(limiter.waiting().map((r) => r.runId), ["01HRUNB"]);
  });

  test("equal scores are served first come, first served", () => {
    const limiter = new ConcurrencyLimiter();
    const a = limiter.tryAcquire(request("01HRUNA", "s", fnLimit1));
    limiter.tryAcquire(request("01HRUNB", "s", fnLimit1));
    limiter.tryAcquire(request("01HRUNC", "s", fnLimit1));
    if (a.granted) limiter.release(a.lease);
    assert.equal(limiter.tryAcquire(request("01HRUNC", "s", fnLimit1)).granted, false);
    assert.equal(limiter.tryAcquire(request("01HRUNB", "s", fnLimit1)).granted, true);
  });

  test("a withdrawn waiter no longer blocks the ones behind it", () => {
    const limiter = new ConcurrencyLimiter();
    const a = limiter.tryAcquire(request("01HRUNA", "s", fnLimit1));
    limiter.tryAcquire(request("01HRUNB", "s", fnLimit1));
    limiter.tryAcquire(request("01HRUNC", "s", fnLimit1));
    limiter.withdraw("01HRUNB:s");
    if (a.granted) limiter.release(a.lease);
    assert.equal(limiter.tryAcquire(request("01HRUNC", "s", fnLimit1)).granted, true);
  });
});

describe("a run waiting on its key does not hold back runs for other keys", () => {
  test("with a key limit and a function limit, a blocked key does not reserve the function's slot", () => {
    const limiter = new ConcurrencyLimiter();
    const slots = (user: string) => concurrencySlots("app-fn", [{ limit: 1, scope: "fn", key: "event.data.user" }, { limit: 2, scope: "fn" }], { data: { user } });
    limiter.tryAcquire(request("01HRUNA", "s", slots("u1")));
    assert.equal(limiter.tryAcquire(request("01HRUNB", "s", slots("u1"), -1)).granted, false);
    assert.equal(limiter.tryAcquire(request("01HRUNC", "s", slots("u2"), 5)).granted, true);
  });
});
