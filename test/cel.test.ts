import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ExpressionError, compileExpression, evaluateExpression } from "../runtime/cel";

const vars = {
  event: {
    name: "app/order.placed",
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
      nested: { a: [1, { b: 2 }] },
    },
  },
  async: {
    name: "app/order.paid",
    data: { id: "ord_1", ok: true, cancelled: false, force: false, nested: { a: [1, { b: 2 }] } },
  },
};

function holds(source: string, values: Record<string, unknown> = vars): boolean {
  return compileExpression(source)(values);
}

describe("expressions Inngest's SDK sends in its register payload", () => {
  const cases: Array<[string, boolean]> = [
    ["event.data.function_id == 'proto-app-with-failure'", true],
    ["event.data.id == async.data.id", true],
    ["async.data.ok == true", true],
    ["event.data.x > 1", true],
    ['event.data.amount >= 100 && event.data.currency == "usd"', true],
    ["!(async.data.cancelled == true) || async.data.force == true", true],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }

  test("a cancelOn match turns false when the two events disagree", () => {
    const other = { ...vars, async: { data: { id: "ord_2" } } };
    assert.equal(holds("event.data.id == async.data.id", other), false);
  });
});

describe("paths", () => {
  const cases: Array<[string, boolean]> = [
    ["event.data.user.id == 'u_1'", true],
    ['event.data["odd key"] == "yes"', true],
    ["event.data['user']['id'] == 'u_1'", true],
    ["event.data.items[0].sku == 's1'", true],
    ["event.data.items[1].qty == 0", true],
    ["event.data.user.tags[1] == 'b'", true],
    ["event.name == 'app/order.placed'", true],
    ["event.data[event.data.currency] == null", true],
    ["event.data.nested.a[1].b == 2", true],
    ["event.data.nested == async.data.nested", true],
    ["event.data.user.tags == event.data.user.tags", true],
    ["event.data.user == async.data.nested", false],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }
});

describe("a missing path is null and never throws", () => {
  const cases: Array<[string, boolean]> = [
    ["event.data.missing == null", true],
    ["event.data.missing.deeper.still == null", true],
    ["event.data.missing != null", false],
    ["event.data.nothing == null", true],
    ["event.data.missing == event.data.nothing", true],
    ["event.data.missing == 0", false],
    ["event.data.missing == ''", false],
    ["event.data.missing == false", false],
    ["event.data.missing > 1", false],
    ["event.data.missing < 1", false],
    ["event.data.items[5].sku == null", true],
    ["event.data.items[-1] == null", true],
    ["event.data.items['0'] == null", true],
    ["event.data.items.length == null", true],
    ["event.data.x.y == null", true],
    ["event.data.currency[0] == null", true],
    ["event.data.constructor == null", true],
    ["event.data.__proto__ == null", true],
    ["event.data.user.id.toString == null", true],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }
});

describe("literals", () => {
  const cases: Array<[string, boolean]> = [
    ["event.data.x == 2", true],
    ["event.data.x == 2.0", true],
    ["event.data.x > 1.5", true],
    ["event.data.x > -1", true],
    ["-3 < -2", true],
    ["- 3 < 0", true],
    ["event.data.x == 0x2", true],
    ["event.data.x == 2u", true],
    ["event.data.amount == 1.5e2", true],
    [".5 < 1", true],
    ["'usd' == \"usd\"", true],
    ["'it\\'s' == \"it's\"", true],
    ['"say \\"hi\\"" == \'say "hi"\'', true],
    ["'a\\nb' == \"a\\u000ab\"", true],
    ["'\\x41\\101\\U00000041' == 'AAA'", true],
    ["'back\\\\slash' == r'back\\slash'", true],
    ["'''it's''' == \"it's\"", true],
    ["'é' == '\\u00e9'", true],
    ["event.data.flag == true", true],
    ["event.data.flag == false", false],
    ["event.data.nothing == null", true],
    ["null == null", true],
    ["true", true],
    ["false", false],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }
});

describe("equality compares values of the same type only", () => {
  const cases: Array<[string, boolean]> = [
    ["event.data.x == '2'", false],
    ["event.data.x != '2'", true],
    ["event.data.zero == false", false],
    ["event.data.empty == null", false],
    ["event.data.flag == 1", false],
    ["event.data.user.tags == event.data.nested", false],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }
});

describe("ordering compares two numbers or two strings, and is false otherwise", () => {
  const cases: Array<[string, boolean]> = [
    ["event.data.x < 3", true],
    ["event.data.x <= 2", true],
    ["event.data.x >= 2", true],
    ["event.data.x > 2", false],
    ["'apple' < 'banana'", true],
    ["'b' >= 'a'", true],
    ["event.data.x > '1'", false],
    ["event.data.x < '9'", false],
    ["'2' < 3", false],
    ["true > false", false],
    ["null < 1", false],
    ["event.data.user > event.data.nested", false],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }
});

describe("precedence and parentheses", () => {
  const cases: Array<[string, boolean]> = [
    // && binds tighter than ||
    ["true || false && false", true],
    ["(true || false) && false", false],
    ["false && true || true", true],
    ["false && (true || true)", false],
    // ! binds tighter than comparisons and &&
    ["!false && false", false],
    ["!(false && false)", true],
    ["!event.data.flag == false", true],
    ["!(event.data.x == 2)", false],
    ["!!event.data.flag", true],
    // comparisons bind tighter than && and ||
    ["event.data.x == 2 && event.data.currency == 'usd' || false", true],
    ["event.data.x == 3 || event.data.x == 2 && event.data.currency == 'eur'", false],
    ["((event.data.x == 2))", true],
    ["(event.data.x == 2) == true", true],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }
});

describe("&&, || and ! use JavaScript truthiness and short-circuit", () => {
  const cases: Array<[string, boolean]> = [
    ["event.data.x && true", true],
    ["event.data.zero || event.data.empty", false],
    ["!event.data.missing", true],
    ["!event.data.user", false],
    ["false && nope == 1", false],
    ["true || nope == 1", true],
  ];
  for (const [source, expected] of cases) {
    test(`${source} evaluates to ${expected}`, () => assert.equal(holds(source), expected));
  }
});

describe("the result is true only for a boolean true", () => {
  for (const source of ["event.data.x", "event.data.currency", "event.data.user", "event.data.missing", "1", "'true'"]) {
    test(`${source} on its own is false`, () => assert.equal(holds(source), false));
  }
});

describe("names", () => {
  test("any name passed in vars can be used", () => {
    assert.equal(holds("input.count == 3", { input: { count: 3 } }), true);
  });

  test("an unknown top-level name is an ExpressionError at evaluation, naming it and the names available", () => {
    const run = compileExpression("event.data.id == async.data.id");
    assert.throws(
      () => run({ event: vars.event }),
      (err: unknown) =>
        err instanceof ExpressionError &&
        err.message === `expression "event.data.id == async.data.id" uses "async", which is not defined here — only event is available`,
    );
  });

  test("names inherited from Object.prototype are not defined", () => {
    assert.throws(() => holds("constructor == null", { event: {} }), ExpressionError);
  });

  test("reserved words are literals, not names", () => {
    assert.equal(holds("true == true", {}), true);
  });
});

describe("rejected constructs are an ExpressionError when compiling, with a message naming them", () => {
  const cases: Array<[string, RegExp]> = [
    ["size(event.data.x) > 1", /^unsupported expression "size\(event\.data\.x\) > 1": function calls such as size\(\) are not supported — use == != < <= > >= && \|\| ! on event\.\/async\. paths and literals$/],
    ["has(event.data.x)", /function calls such as has\(\) are not supported/],
    ["event.data.items.exists(i, i.qty > 1)", /method calls and macros such as \.exists\(\) are not supported/],
    ["event.data.name.startsWith('a')", /method calls and macros such as \.startsWith\(\) are not supported/],
    ["(event.data.f)(1)", /function calls are not supported/],
    ["'a' in event.data.user.tags", /the "in" operator is not supported/],
    ["in == 1", /the "in" operator is not supported/],
    ["event.data.x + 1 > 2", /arithmetic \("\+"\) is not supported/],
    ["event.data.x - 1 > 2", /arithmetic \("-"\) is not supported/],
    ["event.data.x * 2 > 2", /arithmetic \("\*"\) is not supported/],
    ["event.data.x / 2 > 2", /arithmetic \("\/"\) is not supported/],
    ["event.data.x % 2 == 0", /arithmetic \("%"\) is not supported/],
    ["-event.data.x < 0", /negation is only supported on number literals \("-" at column 1\)/],
    ["event.data.x > 1 ? true : false", /the conditional operator \?: is not supported/],
    ["event.data.x == [1, 2]", /list literals are not supported/],
    ["event.data.user == {'id': 'u_1'}", /map literals are not supported/],
    ["event.data.raw == b'abc'", /bytes literals are not supported/],
  ];
  for (const [source, message] of cases) {
    test(`${source} is rejected`, () => {
      assert.throws(
        () => compileExpression(source),
        (err: unknown) => err instanceof ExpressionError && err.name === "ExpressionError" && message.test(err.message) && err.message.startsWith(`unsupported expression "${source}": `),
      );
    });
  }
});

describe("syntax errors are an ExpressionError naming the expression, the problem and where", () => {
  const cases: Array<[string, string]> = [
    ["event.data.x ==", `invalid expression "event.data.x ==": a value is missing at the end`],
    ["event.data.x = 1", `invalid expression "event.data.x = 1": "=" is not an operator — compare with "==" at column 14`],
    ["event.data.x === 1", `invalid expression "event.data.x === 1": "=" is not an operator — compare with "==" at column 16`],
    ["true & false", `invalid expression "true & false": "&" is not an operator — use "&&" at column 6`],
    ["true | false", `invalid expression "true | false": "|" is not an operator — use "||" at column 6`],
    ["1 < event.data.x < 5", `invalid expression "1 < event.data.x < 5": comparisons cannot be chained — join them with && or add parentheses ("<") at column 18`],
    ["event.data.x == 1 2", `invalid expression "event.data.x == 1 2": unexpected number 2 at column 19`],
    ["event.data.a event.data.b", `invalid expression "event.data.a event.data.b": unexpected name "event" at column 14`],
    ["(event.data.x == 1", `invalid expression "(event.data.x == 1": ")" is missing at the end`],
    ["event.data.x == 1)", `invalid expression "event.data.x == 1)": unexpected ")" at column 18`],
    ["event.data.items[0 == 1", `invalid expression "event.data.items[0 == 1": "]" is missing at the end`],
    ["event.data.items[0; == 1", `invalid expression "event.data.items[0; == 1": unexpected character ";" at column 19`],
    ["event.data. == 1", `invalid expression "event.data. == 1": expected a field name after "." but found "==" at column 13`],
    ["event.data.", `invalid expression "event.data.": a field name is missing after "." at the end`],
    ["event.data.x == 'usd", `invalid expression "event.data.x == 'usd": a string is not closed at column 17`],
    ["event.data.x == '\\q'", `invalid expression "event.data.x == '\\q'": unknown escape "\\q" in a string at column 18`],
    ["event.data.x == 12abc", `invalid expression "event.data.x == 12abc": "12abc" is not a number at column 17`],
    ["event.data.x == @", `invalid expression "event.data.x == @": unexpected character "@" at column 17`],
    ["", `invalid expression "": it is empty`],
    ["   ", `invalid expression "   ": it is empty`],
    ["event.data.x ==\n 1 2", `invalid expression "event.data.x ==  1 2": unexpected number 2 at column 20`],
  ];
  for (const [source, message] of cases) {
    test(`${JSON.stringify(source)} is rejected`, () => {
      assert.throws(() => compileExpression(source), (err: unknown) => err instanceof ExpressionError && err.message === message);
    });
  }

  test("deep nesting is an ExpressionError, not a stack overflow", () => {
    assert.throws(() => compileExpression("(".repeat(500) + "true" + ")".repeat(500)), /invalid expression .*: it nests more than 100 levels deep/);
    assert.throws(() => compileExpression("!".repeat(500) + "true"), ExpressionError);
  });

  test("a value that is not a string is an ExpressionError", () => {
    assert.throws(() => compileExpression(42 as unknown as string), /^ExpressionError: an expression must be a string, not number$/);
  });

  test("every message is one line", () => {
    assert.throws(() => compileExpression("event.data.x\n==\n"), (err: unknown) => err instanceof ExpressionError && !err.message.includes("\n"));
  });
});

describe("evaluateExpression", () => {
  test("evaluates like compileExpression", () => {
    assert.equal(evaluateExpression("event.data.x > 1", vars), true);
    assert.equal(evaluateExpression("event.data.x > 1", { event: { data: { x: 0 } } }), false);
  });

  test("throws the same ExpressionError for unsupported syntax every time", () => {
    for (let i = 0; i < 2; i++) assert.throws(() => evaluateExpression("size(event.data.x) > 1", vars), /function calls such as size\(\) are not supported/);
  });

  test("keeps working past its cache size", () => {
    for (let i = 0; i < 600; i++) assert.equal(evaluateExpression(`event.data.x == ${i}`, { event: { data: { x: i } } }), true);
    assert.equal(evaluateExpression("event.data.x == 0", { event: { data: { x: 0 } } }), true);
  });
});
