// The comparison subset of CEL that Inngest users write in trigger `if`s, `waitForEvent` `if`s
// and `cancelOn` matches: paths under top-level names (`event.data.id`, `async.data["k"]`,
// `event.data.items[0]`), literals, `== != < <= > >= && || !` and parentheses. Anything else is
// an ExpressionError when the expression is compiled — never a silent false.

export class ExpressionError extends Error {
  override name = "ExpressionError";
}

const SUBSET = "use == != < <= > >= && || ! on event./async. paths and literals";

type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "ident"; value: string; at: number }
  | { kind: "op"; value: string; at: number }
  | { kind: "end"; at: number };

type Node =
  | { type: "literal"; value: unknown }
  | { type: "name"; name: string }
  | { type: "member"; object: Node; key: Node | string }
  | { type: "not"; operand: Node }
  | { type: "binary"; op: string; left: Node; right: Node };

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", "."];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const unsupported = (what: string) => new ExpressionError(`unsupported expression "${source}": ${what} — ${SUBSET}`);
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const previous = tokens.at(-1);
    const negativeNumberHere = c === "-" && /[0-9]/.test(source[i + 1] ?? "") && (!previous || (previous.kind === "op" && previous.value !== ")" && previous.value !== "]"));
    if (/[0-9]/.test(c) || negativeNumberHere) {
      const match = source.slice(i).match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)!;
      tokens.push({ kind: "number", value: Number(match[0]), at: i });
      i += match[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = "";
      let j = i + 1;
      for (; j < source.length && source[j] !== c; j++) {
        if (source[j] === "\\") {
          const next = source[++j];
          value += next === "n" ? "\n" : next === "t" ? "\t" : next;
        } else value += source[j];
      }
      if (j >= source.length) throw new ExpressionError(`invalid expression "${source}": unterminated string at ${i + 1}`);
      tokens.push({ kind: "string", value, at: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const match = source.slice(i).match(/^[A-Za-z_][A-Za-z0-9_]*/)!;
      tokens.push({ kind: "ident", value: match[0], at: i });
      i += match[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) {
      const what = c === "+" || c === "-" || c === "*" || c === "/" || c === "%" ? `arithmetic ("${c}") is not supported` : c === "?" || c === ":" ? "the conditional operator ?: is not supported" : `"${c}" is not supported`;
      throw unsupported(what);
    }
    tokens.push({ kind: "op", value: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: "end", at: source.length });
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly source: string, private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    const next = this.peek();
    if (next.kind !== "end") throw this.error(`unexpected "${"value" in next ? next.value : ""}" at ${next.at + 1}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.value === value;
  }

  private expectOp(value: string): void {
    if (!this.isOp(value)) throw this.error(`expected "${value}" at ${this.peek().at + 1}`);
    this.i++;
  }

  private error(what: string): ExpressionError {
    return new ExpressionError(`invalid expression "${this.source}": ${what}`);
  }

  private unsupported(what: string): ExpressionError {
    return new ExpressionError(`unsupported expression "${this.source}": ${what} — ${SUBSET}`);
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp("||")) {
      this.i++;
      left = { type: "binary", op: "||", left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.comparison();
    while (this.isOp("&&")) {
      this.i++;
      left = { type: "binary", op: "&&", left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Node {
    const left = this.unary();
    const t = this.peek();
    if (t.kind === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.value)) {
      this.i++;
      const right = this.unary();
      const after = this.peek();
      if (after.kind === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(after.value)) throw this.error(`comparisons cannot be chained; use && (at ${after.at + 1})`);
      return { type: "binary", op: t.value, left, right };
    }
    if (t.kind === "ident" && t.value === "in") throw this.unsupported(`the "in" operator is not supported`);
    return left;
  }

  private unary(): Node {
    if (this.isOp("!")) {
      this.i++;
      return { type: "not", operand: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.isOp(".")) {
        this.i++;
        const name = this.peek();
        if (name.kind !== "ident") throw this.error(`expected a field name after "." at ${name.at + 1}`);
        this.i++;
        if (this.isOp("(")) throw this.unsupported(`method calls such as .${name.value}() are not supported`);
        node = { type: "member", object: node, key: name.value };
      } else if (this.isOp("[")) {
        this.i++;
        const key = this.or();
        this.expectOp("]");
        node = { type: "member", object: node, key };
      } else if (this.isOp("(")) {
        throw this.unsupported("function calls are not supported");
      } else return node;
    }
  }

  private primary(): Node {
    const t = this.peek();
    this.i++;
    if (t.kind === "number" || t.kind === "string") return { type: "literal", value: t.value };
    if (t.kind === "ident") {
      if (t.value === "true") return { type: "literal", value: true };
      if (t.value === "false") return { type: "literal", value: false };
      if (t.value === "null") return { type: "literal", value: null };
      if (this.isOp("(")) throw this.unsupported(`function calls such as ${t.value}() are not supported`);
      return { type: "name", name: t.value };
    }
    if (t.kind === "op" && t.value === "(") {
      const inner = this.or();
      this.expectOp(")");
      return inner;
    }
    if (t.kind === "end") throw this.error("it ends too early");
    throw this.error(`unexpected "${t.value}" at ${t.at + 1}`);
  }
}

function lookup(value: unknown, key: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value) && typeof key === "number") return value[key];
  if (typeof value === "object" && (typeof key === "string" || typeof key === "number")) {
    return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function evaluate(node: Node, vars: Record<string, unknown>, source: string): unknown {
  switch (node.type) {
    case "literal":
      return node.value;
    case "name":
      if (!Object.prototype.hasOwnProperty.call(vars, node.name)) {
        throw new ExpressionError(`expression "${source}" uses "${node.name}", which is not defined here (only ${Object.keys(vars).join(" and ")})`);
      }
      return vars[node.name];
    case "member":
      return lookup(evaluate(node.object, vars, source), typeof node.key === "string" ? node.key : evaluate(node.key, vars, source));
    case "not":
      return !evaluate(node.operand, vars, source);
    case "binary": {
      if (node.op === "&&") return !!evaluate(node.left, vars, source) && !!evaluate(node.right, vars, source);
      if (node.op === "||") return !!evaluate(node.left, vars, source) || !!evaluate(node.right, vars, source);
      const a = evaluate(node.left, vars, source);
      const b = evaluate(node.right, vars, source);
      if (node.op === "==") return equal(a, b);
      if (node.op === "!=") return !equal(a, b);
      const comparable = (typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string");
      if (!comparable) return false;
      const [x, y] = [a as number | string, b as number | string];
      return node.op === "<" ? x < y : node.op === "<=" ? x <= y : node.op === ">" ? x > y : x >= y;
    }
  }
}

export function compileExpression(source: string): (vars: Record<string, unknown>) => boolean {
  const ast = new Parser(source, tokenize(source)).parse();
  return (vars) => evaluate(ast, vars, source) === true;
}

const cache = new Map<string, (vars: Record<string, unknown>) => boolean>();

export function evaluateExpression(source: string, vars: Record<string, unknown>): boolean {
  let compiled = cache.get(source);
  if (!compiled) {
    compiled = compileExpression(source);
    if (cache.size > 500) cache.clear();
    cache.set(source, compiled);
  }
  return compiled(vars);
}
