import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IdempotencyKeys, idempotencyKey } from "../runtime/flow/idempotency";

const H = 3_600_000;

describe("idempotency: one run per key per 24 hours", () => {
  const steps: Array<[number, string, string, boolean]> = [
    [0, "ord_1", "run-a", true],
    [1 * H, "ord_1", "run-b", false],
    [1 * H, "ord_2", "run-c", true],
    [24 * H - 1, "ord_1", "run-d", false],
    [24 * H, "ord_1", "run-e", true],
  ];
  test("a repeated key within 24 h starts nothing; after 24 h it starts again", () => {
    const keys = new IdempotencyKeys();
    for (const [at, key, runId, starts] of steps) assert.equal(keys.check(key, runId, at).start, starts, `${runId} at ${at}`);
  });

  test("a skipped run names the run that holds the key", () => {
    const keys = new IdempotencyKeys();
    keys.check("ord_1", "run-a", 0);
    assert.deepEqual(keys.check("ord_1", "run-b", H), { start: false, firstRunId: "run-a", reason: `skipped: idempotency key "ord_1" already started run run-a within 1d` });
  });
});

describe("the idempotency key of an event", () => {
  test("is the key expression's value", () => assert.deepEqual(idempotencyKey("event.data.order", { data: { order: "ord_1" } }), { deduplicated: true, key: "ord_1" }));
  test("a number key prints as Go prints a float", () => assert.deepEqual(idempotencyKey("event.data.order", { data: { order: 12 } }), { deduplicated: true, key: "12" }));
  test("a missing field means the run is not deduplicated", () => {
    assert.deepEqual(idempotencyKey("event.data.order", { data: {} }), { deduplicated: false, reason: "idempotency key event.data.order is false for this event; the run is not deduplicated" });
  });
});
