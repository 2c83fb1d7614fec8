import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Batcher, batchKey } from "../runtime/flow/batch";

const S = 1000;

interface Ev {
  id: string;
  data?: Record<string, unknown>;
}

describe("batchEvents collects events and starts one run per batch", () => {
  test("a batch starts when it is full, and the next event opens a new batch", () => {
    const batcher = new Batcher<Ev>({ maxSize: 3, timeoutMs: 10 * S });
    assert.deepEqual(batcher.add("default", { id: "e1" }, 0), { outcome: "appended", dueAt: 10 * S });
    assert.deepEqual(batcher.add("default", { id: "e2" }, 1 * S), { outcome: "appended", dueAt: 10 * S });
    assert.deepEqual(batcher.add("default", { id: "e3" }, 2 * S), { outcome: "start", batch: { key: "default", events: [{ id: "e1" }, { id: "e2" }, { id: "e3" }], reason: "full" } });
    assert.deepEqual(batcher.add("default", { id: "e4" }, 3 * S), { outcome: "appended", dueAt: 13 * S });
  });

  test("a batch starts when its timeout from the first event has passed", () => {
    const batcher = new Batcher<Ev>({ maxSize: 3, timeoutMs: 10 * S });
    batcher.add("default", { id: "e1" }, 0);
    batcher.add("default", { id: "e2" }, 9 * S);
    assert.deepEqual(batcher.due(10 * S - 1), []);
    assert.equal(batcher.nextDueAt(), 10 * S);
    assert.deepEqual(batcher.due(10 * S), [{ key: "default", events: [{ id: "e1" }, { id: "e2" }], reason: "timeout" }]);
    assert.equal(batcher.nextDueAt(), null);
  });

  test("an event ID already batched is ignored", () => {
    const batcher = new Batcher<Ev>({ maxSize: 3, timeoutMs: 10 * S });
    batcher.add("default", { id: "e1" }, 0);
    assert.deepEqual(batcher.add("default", { id: "e1" }, 1), { outcome: "duplicate" });
  });

  test("keys batch separately", () => {
    const batcher = new Batcher<Ev>({ maxSize: 2, timeoutMs: 10 * S, key: "event.data.user" });
    batcher.add("u1", { id: "a" }, 0);
    assert.deepEqual(batcher.add("u2", { id: "b" }, 0), { outcome: "appended", dueAt: 10 * S });
    assert.equal(batcher.add("u1", { id: "c" }, 0).outcome, "start");
  });

  test("an event whose `if` is not true runs on its own at once", () => {
    const batcher = new Batcher<Ev>({ maxSize: 3, timeoutMs: 10 * S, if: "event.data.bulk == true" });
    assert.deepEqual(batcher.add("default", { id: "e1", data: { bulk: false } }, 0), { outcome: "start", batch: { key: "default", events: [{ id: "e1", data: { bulk: false } }], reason: "unbatched" } });
    assert.deepEqual(batcher.add("default", { id: "e2", data: {} }, 0).outcome, "start");
    assert.deepEqual(batcher.add("default", { id: "e3", data: { bulk: true } }, 0), { outcome: "appended", dueAt: 10 * S });
  });
});

describe("batchEvents over items that carry their event", () => {
  interface Item {
    event: Ev;
    note: string;
  }
  const item = (id: string, data: Record<string, unknown> = {}): Item => ({ event: { id, data }, note: `item ${id}` });

  test("the `if` and the event ID are read from the item's event", () => {
    const batcher = new Batcher<Item>({ maxSize: 3, timeoutMs: 10 * S, if: "event.data.bulk == true" }, { eventOf: (i) => i.event });
    assert.equal(batcher.add("default", item("e1", { bulk: false }), 0).outcome, "start");
    assert.equal(batcher.add("default", item("e2", { bulk: true }), 0).outcome, "appended");
    assert.deepEqual(batcher.add("default", item("e2", { bulk: true }), 0), { outcome: "duplicate" });
  });

  test("a batch whose events reach the size limit starts before maxSize, as Inngest's 10 MiB limit does", () => {
    const big = { blob: "x".repeat(400) };
    const batcher = new Batcher<Item>({ maxSize: 100, timeoutMs: 10 * S }, { eventOf: (i) => i.event, sizeLimitBytes: 1000 });
    assert.equal(batcher.add("default", item("a", big), 0).outcome, "appended");
    assert.equal(batcher.add("default", item("b", big), 0).outcome, "appended");
    const third = batcher.add("default", item("c", big), 0);
    assert.equal(third.outcome, "start");
    assert.deepEqual(third.outcome === "start" && { reason: third.batch.reason, ids: third.batch.events.map((i) => i.event.id) }, { reason: "maxsize", ids: ["a", "b", "c"] });
  });
});

describe("the batch key of an event", () => {
  const cases: Array<[string | undefined, unknown, string]> = [
    [undefined, { data: {} }, "default"],
    ["event.data.user", { data: { user: "u1" } }, "u1"],
    ["event.data.user", { data: {} }, "false"],
    ["event.data.n < 'a'", { data: { n: 1 } }, "<invalid>"],
  ];
  for (const [key, event, expected] of cases) {
    test(`${key ?? "no key"} for ${JSON.stringify(event)} is ${JSON.stringify(expected)}`, () => {
      assert.equal(batchKey({ maxSize: 2, timeoutMs: S, ...(key ? { key } : {}) }, event), expected);
    });
  }
});
