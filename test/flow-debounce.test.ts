import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Debouncer, debounceKey } from "../runtime/flow/debounce";

const S = 1000;

interface Ev {
  id: string;
  ts?: number;
}

type Action = ["event", number, string, Ev, { dueAt: number; outcome: string }] | ["due", number, Array<{ key: string; id: string; events: number }>];

function play(config: ConstructorParameters<typeof Debouncer>[0], actions: Action[]): void {
  const debouncer = new Debouncer<Ev>(config);
  for (const action of actions) {
    if (action[0] === "event") {
      const [, at, key, event, expected] = action;
      assert.deepEqual(debouncer.onEvent(key, event, at), expected, `event ${event.id} at ${at}`);
    } else {
      const [, at, expected] = action;
      assert.deepEqual(debouncer.due(at).map((r) => ({ key: r.key, id: r.event.id, events: r.events })), expected, `due at ${at}`);
    }
  }
}

describe("debounce starts one run with the last event once events stop for the period", () => {
  const cases: Array<[string, ConstructorParameters<typeof Debouncer>[0], Action[]]> = [
    [
      "each event pushes the start back by the period",
      { periodMs: 5 * S },
      [
        ["event", 0, "", { id: "e1" }, { dueAt: 5 * S, outcome: "new" }],
        ["event", 3 * S, "", { id: "e2" }, { dueAt: 8 * S, outcome: "updated" }],
        ["due", 8 * S - 1, []],
        ["due", 8 * S, [{ key: "", id: "e2", events: 2 }]],
        ["event", 9 * S, "", { id: "e3" }, { dueAt: 14 * S, outcome: "new" }],
      ],
    ],
    [
      "the timeout caps the wait from the first event (remaining time floored to seconds, at least 1 s)",
      { periodMs: 5 * S, timeoutMs: 7 * S },
      [
        ["event", 0, "", { id: "e1" }, { dueAt: 5 * S, outcome: "new" }],
        ["event", 4 * S, "", { id: "e2" }, { dueAt: 7 * S, outcome: "updated" }],
        ["event", 6.5 * S, "", { id: "e3" }, { dueAt: 7.5 * S, outcome: "updated" }],
        ["due", 7.5 * S, [{ key: "", id: "e3", events: 3 }]],
      ],
    ],
    [
      "a timeout shorter than the period shortens the first wait, rounded to a second",
      { periodMs: 10 * S, timeoutMs: 4.4 * S },
      [["event", 0, "", { id: "e1" }, { dueAt: 4 * S, outcome: "new" }]],
    ],
    [
      "an event older than the stored one changes nothing",
      { periodMs: 5 * S },
      [
        ["event", 2 * S, "", { id: "e1", ts: 2 * S }, { dueAt: 7 * S, outcome: "new" }],
        ["event", 3 * S, "", { id: "e0", ts: 1 * S }, { dueAt: 7 * S, outcome: "out-of-order" }],
        ["due", 7 * S, [{ key: "", id: "e1", events: 1 }]],
      ],
    ],
    [
      "keys debounce separately",
      { periodMs: 5 * S, key: "event.data.user" },
      [
        ["event", 0, "u1", { id: "a" }, { dueAt: 5 * S, outcome: "new" }],
        ["event", 2 * S, "u2", { id: "b" }, { dueAt: 7 * S, outcome: "new" }],
        ["due", 7 * S, [{ key: "u1", id: "a", events: 1 }, { key: "u2", id: "b", events: 1 }]],
      ],
    ],
  ];
  for (const [behaviour, config, actions] of cases) test(behaviour, () => play(config, actions));

  test("nextDueAt is the earliest pending due time", () => {
    const debouncer = new Debouncer({ periodMs: 5 * S });
    assert.equal(debouncer.nextDueAt(), null);
    debouncer.onEvent("a", {}, 2 * S);
    debouncer.onEvent("b", {}, 1 * S);
    assert.equal(debouncer.nextDueAt(), 6 * S);
  });
});

describe("debounce over items that carry their event", () => {
  test("the order of events is read from the item's event ts", () => {
    const debouncer = new Debouncer<{ event: Ev }>({ periodMs: 5 * S }, { eventOf: (i) => i.event });
    assert.equal(debouncer.onEvent("", { event: { id: "e1", ts: 2 * S } }, 2 * S).outcome, "new");
    assert.equal(debouncer.onEvent("", { event: { id: "e0", ts: 1 * S } }, 3 * S).outcome, "out-of-order");
  });
});

describe("the debounce key of an event", () => {
  const cases: Array<[string | undefined, unknown, string]> = [
    [undefined, { data: {} }, ""],
    ["event.data.user", { data: { user: "u1" } }, "u1"],
    ["event.data.user", { data: {} }, "false"],
    ["event.data.ingressId || event.data.userId", { data: { userId: "u9" } }, "u9"],
    ["event.data.n > 'a'", { data: { n: 1 } }, "<invalid>"],
  ];
  for (const [key, event, expected] of cases) {
    test(`${key ?? "no key"} for ${JSON.stringify(event)} is ${JSON.stringify(expected)}`, () => {
      assert.equal(debounceKey({ periodMs: S, ...(key ? { key } : {}) }, event), expected);
    });
  }
});
