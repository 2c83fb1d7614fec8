import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ExpressionError,
  compileCondition,
  compileExpression,
  compileValue,
  evaluateExpression,
  formatKey,
  validateExpression,
} from "../runtime/expression";

// Cases marked "(Go)" are taken from inngest/inngest pkg/expressions/expressions_test.go.

const vars = {
  event: {
    id: "01KMMJM9P2JQWH09SKMQM4J1DF",
    name: "app/order.placed",
    ts: 1774512121538,
    data: {
      id: "ord_1",
      function_id: "proto-app-with-failure",
      x: 2,
      amount: 150,
      currency: "usd",
      user: { id: "u_1", tags: ["a", "b"] },
      items: [{ sku: "s1", qty: 2 }, { sku: "s2", qty: 0 }],
      "odd key": "yes",
      zero: 0,
      empty: "",
      flag: true,
      nothing: null,
      float: 3.141,
      int: 8,
      title: "nope",
      status: "400",
      encoded: "eyJuZXN0ZWQiOnsiZGF0YSI6InllYSJ9fQ==",
      ingressId: "IN_Mwj9Dm8r9QP2",
      userId: "e67aed6a",
      nested: { a: [1, { b: 2 }] },
    },
  },
  async: {
    name: "app/order.paid",
    data: { id: "ord_1", ok: true, cancelled: false, force: false, nested: { a: [1, { b: 2 }] } },
  },
};

function holds(source: string, values: Record<string, unknown> = vars): boolean {
  return compileCondition(source)(values).matched;
}

function table(title: string, cases: Array<[string, boolean]>, values: Record<string, unknown> = vars): void {
  describe(title, () => {
    for (const [source, expected] of cases) {
      test(`${source} is ${expected}`, () => assert.equal(holds(source, values), expected));
    }
  });
}

table("expressions Inngest's SDK sends in its register payload", [
  ["event.data.function_id == 'proto-app-with-failure'", true],
  ["event.data.id == async.data.id", true],
  ["async.data.ok == true", true],
  ["event.data.x > 1", true],
  ['event.data.amount >= 100 && event.data.currency == "usd"', true],
  ["!(async.data.cancelled == true) || async.data.force == true", true],
]);

table("paths into event and async", [
  ["event.data.user.id == 'u_1'", true],
  ['event.data["odd key"] == "yes"', true],
  ["event['data'].user['id'] == 'u_1'", true],
  ["event.data.items[0].sku == 's1'", true],
  ["event.data.items[1].qty == 0", true],
  ["event.data.user.tags[1] == 'b'", true],
  ["event.name == 'app/order.placed'", true],
  ["event.data.nested.a[1].b == 2", true],
  ["event.data.nested == async.data.nested", true],
  ["event.data.user == async.data.nested", false],
]);

table("a field that is not in the data is null when compared with null, and never an error", [
  ["event.data.missing == null", true],
  ["event.data.missing.deeper.still == null", true],
  ["event.data.missing != null", false],
  ["event.data.nothing == null", true],
  ["event.data.missing == 0", false],
  ["event.data.missing == ''", false],
  ["event.data.missing == false", false],
  ["event.data.missing != 'a'", true],
  ["event.data.items[5].sku == null", true],
  ["event.data.x.y == null", true],
  ["event.data.constructor == null", true],
  ["event.data.__proto__ == null", true],
  ["async.data.missing == null", true],
  ["event.data.name == async.first.result.name", false],
]);

table("a missing field orders below everything, as Inngest's unknown handling does (Go)", [
  ["event.data.missing < 1", true],
  ["event.data.missing <= 1", true],
  ["event.data.missing > 1", false],
  ["event.data.missing >= 1", false],
  ["1 < event.data.missing", false],
  ["1 > event.data.missing", true],
  ["event.data.int > event.data.unknown", true],
]);

table("functions and operators on a missing field give false, size() gives 0 (Go)", [
  ["size(event.data.missing) == 0", true],
  ["size(event.data.missing) == 1", false],
  ["event.data.missing.startsWith('a')", false],
  ["event.data.some.unknown.contains(event.data.title)", false],
  ["'a' in event.data.missing", false],
  ["event.data.nonexistent in ['LOL', 'Issue', 'Epic'] == false", true],
  ["!event.data.missing", false],
  ["event.nonexistent.exists(x, x == 'a')", false],
  ["!event.nonexistent.exists(x, x == 'a')", false],
  ["has(event.data.missing)", false],
  ["!has(event.data.missing)", false],
  ["has(event.missing.deeper)", false],
]);

table("null against a number or a string compares as its zero value (Go)", [
  ["null > 0", false],
  ["event.data.float > null && event.data.int > null", true],
  ["event.data.float <= null && event.data.int < null", false],
  ["event.data.nothing < 1", true],
  ["event.data.nothing == 0", false],
  ["event.data.nothing != 0", true],
  ["event.data.title > null", true],
]);

table("values of different types are unequal rather than an error", [
  ["event.data.x == '2'", false],
  ["event.data.x != '2'", true],
  ["event.data.zero == false", false],
  ["event.data.empty == null", false],
  ["event.data.flag == 1", false],
  ["1 == 'a'", false],
  ["event.data.x == 2", true],
  ["event.data.x == 2.0", true],
  ["event.data.int > 3.141 && event.data.float <= 2", false],
  ["event.data.int > 3.141 && event.data.float <= 4", true],
]);

table("ordering two values of unrelated types is an error, which never matches", [
  ["event.data.x > '1'", false],
  ["event.data.x < '9'", false],
  ["!(event.data.x > '1')", false],
]);

table("the operators and macros the old subset rejected", [
  ["'a' in event.data.user.tags", true],
  ["event.data.currency in ['usd', 'eur']", true],
  ["has(event.data.user)", true],
  ["has(event.data.user.id)", true],
  ["size(event.data.items) == 2", true],
  ["size(event.data.title) == 4", true],
  ["event.data.title.startsWith('no')", true],
  ["event.data.title.endsWith('pe')", true],
  ["event.data.title.contains('op')", true],
  ["event.data.title.matches('^[a-z\\\\d]{0,10}$')", true],
  ["event.data.items.exists(i, i.qty > 1)", true],
  ["event.data.items.all(i, i.qty > 1)", false],
  ["event.data.items.filter(i, i.qty > 1).size() == 1", true],
  ["event.data.x > 1 ? true : false", true],
  ["event.data.x + 1 == 3.0", false],
  // JSON numbers are doubles: double * int has no overload in cel-go, so the comparison is false there too.
  ["event.data.amount * 2 == 300.0", false],
  ["event.data.amount * 2.0 == 300.0", true],
  ["int(event.data.status) >= 400", true],
  ["[1, 2, 3].all(x, x > 0) && event.data.status == '400'", true],
  ["event.data.items[0].sku in ['s1']", true],
]);

table("Inngest's own functions", [
  ["lowercase('URGENT') == 'urgent'", true],
  ["uppercase(event.data.currency) == 'USD'", true],
  ["b64decode('aGkgdGhlcmUh') == 'hi there!'", true],
  ["json_parse(b64decode(event.data.encoded)).nested.data == 'yea'", true],
  ["date('2020-01-01T12:00:00') + duration('6h35m10s') == date('2020-01-01T18:35:10')", true],
  ["date(event.ts) == date('2026-03-26T08:02:01.538Z')", true],
  ["now() > date('2020-01-01')", true],
  ["now_minus('1h') < now()", true],
  ["now_plus('1d') > now()", true],
]);

describe("now() reads the clock the caller passes", () => {
  test("a condition on now_minus() follows the given instant", () => {
    const at = Date.parse("2030-01-01T00:00:00Z");
    const condition = compileCondition("date(event.data.at) > now_minus('1h')");
    assert.deepEqual(condition({ event: { data: { at: "2029-12-31T23:30:00Z" } } }, at), { matched: true });
    assert.deepEqual(condition({ event: { data: { at: "2029-12-31T22:30:00Z" } } }, at), { matched: false });
  });
});

table("&&, || and the ?: condition treat non-booleans by truthiness (Go)", [
  ["event.data.x && true", true],
  ["event.data.missing || true", true],
  ["event.data.missing ? false : true", true],
  ["event.data.title ? true : false", true],
  ["event.data.empty ? true : false", false],
  ["false && event.data.missing.x == 1", false],
  // a and b are missing: has() is unknown, so is the whole negation, which reads as false.
  ["!((has(event.data.a) && event.data.a) || (has(event.data.b) && event.data.b))", false],
]);

describe("!((has(a) && a) || …) is true only when every flag is false (Go)", () => {
  const source = "!((has(event.data.a) && event.data.a) || (has(event.data.b) && event.data.b) || (has(event.data.c) && event.data.c))";
  test("all false: true", () => assert.equal(holds(source, { event: { data: { a: false, b: false, c: false } } }), true));
  test("one true: false", () => assert.equal(holds(source, { event: { data: { a: true, b: false, c: false } } }), false));
});

describe("a condition matches only when it gives the boolean true", () => {
  for (const source of ["event.data.x", "event.data.title", "event.data.user", "1", "'true'"]) {
    test(`${source} on its own does not match and says why`, () => {
      const result = compileCondition(source)(vars);
      assert.equal(result.matched, false);
      assert.match(result.error ?? "", /, not a boolean$/);
    });
  }

  test("a missing field on its own does not match, without an error", () => {
    assert.deepEqual(compileCondition("event.data.missing")(vars), { matched: false });
  });

  test("a condition that errors does not match and names the expression", () => {
    assert.deepEqual(compileCondition("event.data.x > 'a'")(vars), {
      matched: false,
      error: `expression "event.data.x > 'a'" errored: no such overload: double > string`,
    });
  });

  test("an event without async still evaluates async paths as missing", () => {
    assert.equal(holds("async.data.id == null", { event: vars.event }), true);
  });
});

describe("value expressions, as keys, idempotency and priority.run use them (Go)", () => {
  const cases: Array<[string, unknown]> = [
    ["event.data.ingressId", "IN_Mwj9Dm8r9QP2"],
    ["event.data.ingressId + '-' + event.data.userId", "IN_Mwj9Dm8r9QP2-e67aed6a"],
    ["event.data.ingressId || event.data.userId", "IN_Mwj9Dm8r9QP2"],
    ["event.data.nonexistent || event.data.userId", "e67aed6a"],
    ["event.data.empty || event.data.userId", "e67aed6a"],
    ["event.data.a || event.data.b", false],
    ["event.data.ingressId + event.data.missing", "IN_Mwj9Dm8r9QP2"],
    ["event.data.nonexistent", false],
    ["event.data.title && event.data.empty", ""],
    ["event.id", "01KMMJM9P2JQWH09SKMQM4J1DF"],
    ["event.name", "app/order.placed"],
    ["5 + 4", 9n],
    ["event.data.x + 1", "21"],
    ["'hi-' + event.data.float + '-' + event.data.flag + '-' + event.data.user.tags", "hi-3.141-true-[a b]"],
    ["event.data.x > 1 ? 120 : -60", 120n],
    ["event.data.user.tags", ["a", "b"]],
  ];
  for (const [source, expected] of cases) {
    test(`${source} gives ${formatKey(expected)}`, () => assert.deepEqual(compileValue(source)(vars), { value: expected }));
  }

  test("a value expression that errors gives the error instead of a value", () => {
    assert.deepEqual(compileValue("event.data.x < 'a'")(vars), {
      value: undefined,
      error: `expression "event.data.x < 'a'" errored: no such overload: double < string`,
    });
  });
});

describe("formatKey prints a value as Go's %v does", () => {
  const cases: Array<[unknown, string]> = [
    ["a", "a"],
    [9n, "9"],
    [2, "2"],
    [9.1, "9.1"],
    [123456, "123456"],
    [1234567, "1.234567e+06"],
    [1e6, "1e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [true, "true"],
    [null, "<nil>"],
    [[3, "ok?", true], "[3 ok? true]"],
    [{ name: "inngest", a: 1 }, "map[a:1 name:inngest]"],
    [new Date("2020-01-01T18:35:10Z"), "2020-01-01 18:35:10 +0000 UTC"],
  ];
  for (const [value, text] of cases) {
    test(`${text} is how Go prints ${typeof value}`, () => assert.equal(formatKey(value), text));
  }
});

describe("validateExpression says why Inngest would reject an expression", () => {
  const cases: Array<[unknown, string | null]> = [
    ["event.data.x > 1", null],
    ["event.data.a == async.data.a", null],
    ["1 == 'a'", null],
    ["null > 0", null],
    ["vars.a == 1", null],
    ["event.data.x ==", "Unexpected token: EOF at column 16"],
    ["1 +", "Unexpected token: EOF at column 4"],
    ["events[0].data.x == 1", "Unknown variable: events at column 1"],
    ["foo.bar == 1", "Unknown variable: foo at column 1"],
    ["nope(event.data.x)", "found no matching overload for 'nope(dyn)' at column 1"],
    ["event.data.x = 1", "Unexpected character: = at column 14"],
    ["event.data.x == 'usd", "Unterminated string at column 17"],
    ["", "it is empty"],
    ["   ", "it is empty"],
    [42, "an expression must be a string, not number"],
    [null, "an expression must be a string, not null"],
  ];
  for (const [source, reason] of cases) {
    test(`${JSON.stringify(source)}: ${reason ?? "accepted"}`, () => assert.equal(validateExpression(source), reason));
  }

  test("deep nesting is a reason, not a stack overflow", () => {
    assert.match(validateExpression("(".repeat(500) + "true" + ")".repeat(500)) ?? "", /depth/i);
  });

  test("every reason is one line", () => {
    assert.equal((validateExpression("event.data.x\n==\n") ?? "").includes("\n"), false);
  });
});

describe("cancelOn `if` expressions follow Inngest's restrictive policy", () => {
  const cases: Array<[string, string | null]> = [
    ["event.data.id == async.data.id", null],
    ["event.data.id == async.data.id && async.data.n > -1", null],
    ["int(async.data.n) == event.data.n", null],
    ["async.data.kind in ['a', 'b']", null],
    ["has(async.data.id)", "macros are disallowed (uses 'has')"],
    ["async.data.tags.exists(t, t == 'a')", "macros are disallowed (uses 'exists')"],
    ["async.data.name.startsWith('a')", "function calls are disallowed (uses 'startsWith')"],
    ["async.data.n + 1 == event.data.n", "function calls are disallowed (uses '+')"],
  ];
  for (const [source, reason] of cases) {
    test(`${source}: ${reason ?? "accepted"}`, () => assert.equal(validateExpression(source, "cancel"), reason));
  }
});

describe("the API runtime/run.ts and the orchestrator call today", () => {
  test("compileExpression throws an ExpressionError naming the expression for one Inngest rejects", () => {
    assert.throws(
      () => compileExpression("event.data.x =="),
      (err: unknown) => err instanceof ExpressionError && err.message === `invalid expression "event.data.x ==": Unexpected token: EOF at column 16`,
    );
  });

  test("compileExpression's evaluator is true only for a boolean true", () => {
    const run = compileExpression("event.data.x > 1");
    assert.equal(run(vars), true);
    assert.equal(run({ event: { data: { x: 0 } } }), false);
  });

  test("a message shows a multi-line expression on one line", () => {
    assert.throws(() => compileExpression("event.data.x\n==\n"), (err: unknown) => err instanceof ExpressionError && !err.message.includes("\n"));
  });

  test("evaluateExpression keeps working past its cache size", () => {
    for (let i = 0; i < 600; i++) assert.equal(evaluateExpression(`event.data.x == ${i}`, { event: { data: { x: i } } }), true);
    assert.equal(evaluateExpression("event.data.x == 0", { event: { data: { x: 0 } } }), true);
  });
});
