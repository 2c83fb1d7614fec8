// The comparison subset of CEL that Inngest users write in trigger `if`s, `waitForEvent` `if`s and
// `cancelOn` matches: paths under top-level names (`event.data.id`, `async.data["k"]`,
// `event.data.items[0]`), literals, `== != < <= > >= && || !` and parentheses. Anything else is an
// ExpressionError when the expression is compiled — never a silent false.

export class ExpressionError extends Error {
  override name = "ExpressionError";
}

type Vars = Record<string, unknown>;

const SUBSET_HINT = "use == != < <= > >= && || ! on event./async. paths and literals";
const MAX_DEPTH = 100;

// ---- tokens ------------------------------------------------------------------------------------

type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "ident" | "punct"; value: string; at: number }
  | { kind: "end"; at: number };

// Unsupported operators are tokens too, so the parser can say what they are instead of "unexpected".
const PUNCTUATION = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ".", ",", "?", ":", "+", "-", "*", "/", "%", "{", "}", "=", "&", "|"];

const NUMBER = /^(?:0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)[uU]?/;
const STRING_START = /^([rR]?)('''|"""|'|")/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
  "\\": "\\", "'": "'", '"': '"', "`": "`", "?": "?",
};
const CODE_ESCAPE = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-3][0-7]{2}))/;

/** Shows the expression on one line; every newline or tab becomes one space so columns still match. */
function display(source: string): string {
  return source.replace(/[\r\n\t]/g, " ");
}

function invalid(source: string, what: string, at?: number): ExpressionError {
  const where = at === undefined ? "" : ` at column ${at + 1}`;
  return new ExpressionError(`invalid expression "${display(source)}": ${what}${where}`);
}

function unsupported(source: string, what: string): ExpressionError {
  return new ExpressionError(`unsupported expression "${display(source)}": ${what} — ${SUBSET_HINT}`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      if (/^\w/.test(rest.slice(number[0].length))) throw invalid(source, `"${/^[\w.]+/.exec(rest)![0]}" is not a number`, i);
      const text = number[0].replace(/[uU]$/, "");
      tokens.push({ kind: "number", value: /^0[xX]/.test(text) ? parseInt(text, 16) : Number(text), at: i });
      i += number[0].length;
      continue;
    }
    if (/^(?:[bB][rR]?|[rR][bB])['"]/.test(rest)) throw unsupported(source, "bytes literals are not supported");
    const quote = STRING_START.exec(rest);
    if (quote) {
      const { value, end } = readString(source, i, quote[0].length, quote[2], quote[1] !== "");
      tokens.push({ kind: "string", value, at: i });
      i = end;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: "ident", value: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => rest.startsWith(p));
    if (!punct) throw invalid(source, `unexpected character "${rest[0]}"`, i);
    tokens.push({ kind: "punct", value: punct, at: i });
    i += punct.length;
  }
  tokens.push({ kind: "end", at: source.length });
  return tokens;
}

/** Reads a string literal opened at `start`; its body begins `prefix` characters later. */
function readString(source: string, start: number, prefix: number, delimiter: string, raw: boolean): { value: string; end: number } {
  let value = "";
  let j = start + prefix;
  for (;;) {
    if (j >= source.length) throw invalid(source, "a string is not closed", start);
    if (source.startsWith(delimiter, j)) return { value, end: j + delimiter.length };
    if (source[j] !== "\\" || raw) {
      value += source[j++];
      continue;
    }
    const next = source[j + 1];
    if (next !== undefined && Object.hasOwn(SIMPLE_ESCAPES, next)) {
      value += SIMPLE_ESCAPES[next];
      j += 2;
      continue;
    }
    const code = CODE_ESCAPE.exec(source.slice(j + 1));
    const point = code ? (code[4] ? parseInt(code[4], 8) : parseInt(code[1] ?? code[2] ?? code[3], 16)) : NaN;
    if (!code || point > 0x10ffff) throw invalid(source, `unknown escape "\\${next ?? ""}" in a string`, j);
    value += String.fromCodePoint(point);
    j += 1 + code[0].length;
  }
}

// ---- syntax tree -------------------------------------------------------------------------------

type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(["==", "!=", "<", "<=", ">", ">="]);

type Node =
  | { kind: "literal"; value: number | string | boolean | null }
  | { kind: "variable"; name: string }
  | { kind: "field"; object: Node; name: string }
  | { kind: "index"; object: Node; index: Node }
  | { kind: "not"; operand: Node }
  | { kind: "and" | "or"; left: Node; right: Node }
  | { kind: "compare"; op: CompareOp; left: Node; right: Node };

const KEYWORDS: Record<string, boolean | null> = { true: true, false: false, null: null };

/**
 * or       := and ("||" and)*
 * and      := relation ("&&" relation)*
 * relation := unary (compare-op unary)?
 * unary    := "!" unary | "-" number | postfix
 * postfix  := primary ("." name | "[" or "]")*
 * primary  := number | string | true | false | null | name | "(" or ")"
 */
class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Node {
    const node = this.or();
    const next = this.peek();
    if (next.kind !== "end") throw this.unexpected(next);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isPunct(value: string): boolean {
    const t = this.peek();
    return t.kind === "punct" && t.value === value;
  }

  private eat(value: string): boolean {
    if (!this.isPunct(value)) return false;
    this.pos++;
    return true;
  }

  private expect(value: string): void {
    if (this.eat(value)) return;
    const t = this.peek();
    throw t.kind === "end" ? invalid(this.source, `"${value}" is missing at the end`) : invalid(this.source, `expected "${value}" but found ${describe(t)}`, t.at);
  }

  private or(): Node {
    let left = this.and();
    while (this.eat("||")) left = { kind: "or", left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.relation();
    while (this.eat("&&")) left = { kind: "and", left, right: this.relation() };
    return left;
  }

  private relation(): Node {
    const left = this.unary();
    const op = this.peek();
    if (op.kind !== "punct" || !COMPARE_OPS.has(op.value)) return left;
    this.pos++;
    const right = this.unary();
    // CEL would read `a < b < c` as `(a < b) < c`, which is never what was meant.
    const after = this.peek();
    if (after.kind === "punct" && COMPARE_OPS.has(after.value)) {
      throw invalid(this.source, `comparisons cannot be chained — join them with && or add parentheses ("${after.value}")`, after.at);
    }
    return { kind: "compare", op: op.value as CompareOp, left, right };
  }

  private unary(): Node {
    if (++this.depth > MAX_DEPTH) throw invalid(this.source, `it nests more than ${MAX_DEPTH} levels deep`);
    try {
      if (this.eat("!")) return { kind: "not", operand: this.unary() };
      const minus = this.peek();
      if (this.eat("-")) {
        const n = this.peek();
        if (n.kind !== "number") throw unsupported(this.source, `negation is only supported on number literals ("-" at column ${minus.at + 1})`);
        this.pos++;
        return { kind: "literal", value: -n.value };
      }
      return this.postfix();
    } finally {
      this.depth--;
    }
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.eat(".")) {
        const name = this.peek();
        if (name.kind !== "ident") throw name.kind === "end" ? invalid(this.source, `a field name is missing after "." at the end`) : invalid(this.source, `expected a field name after "." but found ${describe(name)}`, name.at);
        this.pos++;
        if (this.isPunct("(")) throw unsupported(this.source, `method calls and macros such as .${name.value}() are not supported`);
        node = { kind: "field", object: node, name: name.value };
      } else if (this.eat("[")) {
        const index = this.or();
        this.expect("]");
        node = { kind: "index", object: node, index };
      } else if (this.isPunct("(")) {
        throw unsupported(this.source, "function calls are not supported");
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === "number" || t.kind === "string") {
      this.pos++;
      return { kind: "literal", value: t.value };
    }
    if (t.kind === "ident" && t.value !== "in") {
      this.pos++;
      if (Object.hasOwn(KEYWORDS, t.value)) return { kind: "literal", value: KEYWORDS[t.value] };
      if (this.isPunct("(")) throw unsupported(this.source, `function calls such as ${t.value}() are not supported`);
      return { kind: "variable", name: t.value };
    }
    if (this.eat("(")) {
      const inner = this.or();
      this.expect(")");
      return inner;
    }
    throw this.unexpected(t);
  }

  /** The error for a token that cannot appear where it is: names the unsupported construct when it is one. */
  private unexpected(t: Token): ExpressionError {
    if (t.kind === "end") return invalid(this.source, "a value is missing at the end");
    if (t.kind === "ident" && t.value === "in") return unsupported(this.source, `the "in" operator is not supported`);
    if (t.kind === "punct") {
      switch (t.value) {
        case "+": case "-": case "*": case "/": case "%":
          return unsupported(this.source, `arithmetic ("${t.value}") is not supported`);
        case "?": case ":":
          return unsupported(this.source, "the conditional operator ?: is not supported");
        case "[":
          return unsupported(this.source, "list literals are not supported");
        case "{": case "}":
          return unsupported(this.source, "map literals are not supported");
        case "=":
          return invalid(this.source, `"=" is not an operator — compare with "=="`, t.at);
        case "&": case "|":
          return invalid(this.source, `"${t.value}" is not an operator — use "${t.value}${t.value}"`, t.at);
      }
    }
    return invalid(this.source, `unexpected ${describe(t)}`, t.at);
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case "number":
      return `number ${t.value}`;
    case "string":
      return `string ${JSON.stringify(t.value)}`;
    case "ident":
      return `name "${t.value}"`;
    case "punct":
      return `"${t.value}"`;
    case "end":
      return "the end";
  }
}

// ---- evaluation --------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `value.key` / `value[key]`: own fields of objects and integer indexes of arrays; anything else is missing. */
function member(value: unknown, key: unknown): unknown {
  if (Array.isArray(value)) return typeof key === "number" && Number.isInteger(key) ? value[key] : undefined;
  if (isRecord(value) && typeof key === "string") return Object.hasOwn(value, key) ? value[key] : undefined;
  return undefined;
}

/** Structural equality of JSON-like values; a missing value equals null. */
function equal(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => equal(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return a === b;
}

function compare(op: CompareOp, a: unknown, b: unknown): boolean {
  if (op === "==") return equal(a, b);
  if (op === "!=") return !equal(a, b);
  // Ordering is only defined between two numbers or two strings.
  if (typeof a === "number" && typeof b === "number") return order(op, a, b);
  if (typeof a === "string" && typeof b === "string") return order(op, a, b);
  return false;
}

function order<T extends number | string>(op: "<" | "<=" | ">" | ">=", a: T, b: T): boolean {
  return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
}

function evaluate(node: Node, vars: Vars, source: string): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "variable": {
      if (Object.hasOwn(vars, node.name)) return vars[node.name];
      const names = Object.keys(vars);
      const available = names.length ? `only ${names.join(", ")} ${names.length === 1 ? "is" : "are"}` : "no names are";
      throw new ExpressionError(`expression "${display(source)}" uses "${node.name}", which is not defined here — ${available} available`);
    }
    case "field":
      return member(evaluate(node.object, vars, source), node.name);
    case "index":
      return member(evaluate(node.object, vars, source), evaluate(node.index, vars, source));
    case "not":
      return !evaluate(node.operand, vars, source);
    case "and":
      return Boolean(evaluate(node.left, vars, source)) && Boolean(evaluate(node.right, vars, source));
    case "or":
      return Boolean(evaluate(node.left, vars, source)) || Boolean(evaluate(node.right, vars, source));
    case "compare":
      return compare(node.op, evaluate(node.left, vars, source), evaluate(node.right, vars, source));
  }
}

// ---- API ---------------------------------------------------------------------------------------

/** Parses once (an ExpressionError for anything outside the subset); the evaluator is true only for a boolean true. */
export function compileExpression(source: string): (vars: Record<string, unknown>) => boolean {
  if (typeof source !== "string") throw new ExpressionError(`an expression must be a string, not ${source === null ? "null" : typeof source}`);
  if (source.trim() === "") throw invalid(source, "it is empty");
  const ast = new Parser(source, tokenize(source)).parse();
  return (vars) => evaluate(ast, vars, source) === true;
}

const CACHE_SIZE = 256;
const cache = new Map<string, (vars: Record<string, unknown>) => boolean>();

export function evaluateExpression(source: string, vars: Record<string, unknown>): boolean {
  let compiled = cache.get(source);
  if (!compiled) {
    compiled = compileExpression(source);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, compiled);
  }
  return compiled(vars);
}
