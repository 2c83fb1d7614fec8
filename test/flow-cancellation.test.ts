import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { matchCancellation } from "../runtime/flow/cancellation";

const MIN = 60_000;
const cancel = [
  { event: "app/order.cancelled", if: "event.data.id == async.data.id", timeoutMs: 60 * MIN },
  { event: "app/shutdown" },
];
const run = { runId: "run-a", event: { name: "app/order.placed", data: { id: "ord_1" } }, startedAt: 10 * MIN };

describe("cancelOn: which incoming event cancels a run", () => {
  const cases: Array<[string, { name: string } & Record<string, unknown>, number, number | null]> = [
    ["the matching event cancels it", { name: "app/order.cancelled", data: { id: "ord_1" } }, 20 * MIN, 0],
    ["an event for another order does not", { name: "app/order.cancelled", data: { id: "ord_2" } }, 20 * MIN, null],
    ["an event without the field does not", { name: "app/order.cancelled", data: {} }, 20 * MIN, null],
    ["an event with another name does not", { name: "app/order.paid", data: { id: "ord_1" } }, 20 * MIN, null],
    ["after the entry's timeout it does not", { name: "app/order.cancelled", data: { id: "ord_1" } }, 71 * MIN, null],
    ["an entry without `if` cancels on the name alone", { name: "app/shutdown", data: {} }, 200 * MIN, 1],
    ["an event from before the run started does not", { name: "app/shutdown", data: {} }, 5 * MIN, null],
  ];
  for (const [behaviour, incoming, now, entry] of cases) {
    test(behaviour, () => assert.equal(matchCancellation(cancel, run, incoming, now)?.entry ?? null, entry));
  }

  test("the match says which entry and condition cancelled the run", () => {
    assert.deepEqual(matchCancellation(cancel, run, { name: "app/order.cancelled", data: { id: "ord_1" } }, 20 * MIN), {
      entry: 0,
      reason: `cancelled: event "app/order.cancelled" matched cancelOn[0] where event.data.id == async.data.id`,
    });
  });
});
