// Trigger, wait, cancel and flow-control expressions, evaluated as Inngest evaluates them.
//
// Parsing, type checking, macros (has, exists, all, exists_one, map, filter, cel.bind) and the
// standard functions (size, contains, startsWith, endsWith, matches, int, string, timestamp,
// duration …) come from @marcbachmann/cel-js. This file adds what Inngest changes about CEL
// (pkg/expressions in inngest/inngest):
//
// - The variables are `event`, `async` and `vars` (exprenv.go declares exactly these; there is no
//   `events`). A field that is not in the data is *unknown* rather than an error (data.go, attrs.go).
// - Every operator and function call treats an unknown or failed argument the way unknown.go's
//   handleUnknownCall does: `== null` is true, `!= null` false, `==`/`!=` anything else false/true,
//   `<`/`<=` true and `>`/`>=` false when the unknown is on the left (the reverse on the right),
//   `size()` is 0, `+` returns the other side, and anything else (`in`, `startsWith`, `!` …) is false.
// - `null` against a number or string compares as that type's zero value; `+` of two different
//   types concatenates them as Go's `%v` prints them; `==` across types is false, not an error.
// - `&&`, `||` and the `?:` condition use JavaScript-like truthiness: `a || b` returns the first
//   truthy operand ("event.data.ingressId || event.data.userId" is a valid debounce key).
// - Extra functions: lowercase, uppercase, b64decode, json_parse, date, now, now_plus, now_minus.
// - A result that is unknown reads as false.
//
// The cel-js evaluator is reached through its AST: each node's `evaluate` is replaced before the
// first evaluation (ASTNode.setMeta), and the operator's own handler (`node.handle`, set by the
// type check) runs once the operands are known. This leans on cel-js internals, so the version
// is pinned exactly and test/expression.test.ts covers each rule.

import { Environment } from "@marcbachmann/cel-js";
import { parseDuration } from "./duration";

export class ExpressionError extends Error {
  override name = "ExpressionError";
}

/** `event` (the triggering event), `async` (the incoming event of a wait or a cancel). */
export type ExpressionVariables = Readonly<Record<string, unknown>>;

export interface ConditionResult {
  matched: boolean;
  /** Why the expression did not give a boolean (Inngest logs it and does not match). */
  error?: string;
}

export interface ValueResult {
  /** The value, with an unknown result read as false as Inngest does. */
  value: unknown;
  error?: string;
}

/** "default": what Inngest checks at sync for triggers, keys and `if`s; "cancel": the restrictive policy for cancelOn `if`. */
export type ValidationPolicy = "default" | "cancel";

const ROOT_VARIABLES = ["event", "async", "vars"] as const;

// ---- the cel-js pieces this adapter reaches into -----------------------------------------------

type EvaluateFn = (ev: CelEvaluator, node: CelNode, ctx: unknown) => unknown;

interface CelMacro {
  evaluate: EvaluateFn;
  [key: string]: unknown;
}

interface CelNode {
  op: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cel-js gives a name, a node or a list, by operator; each use knows which
  args: any;
  start: number;
  readonly meta: { macro?: CelMacro; alternate?: CelNode; evaluate: EvaluateFn };
  setMeta(key: string, value: unknown): CelNode;
  // Set by the type check:
  left?: CelNode;
  right?: CelNode | string;
  condition?: CelNode;
  receiverWithArgs?: CelNode[];
  handle?: (...args: unknown[]) => unknown;
}

interface CelEvaluator {
  run(node: CelNode, ctx: unknown): unknown;
}

interface CelError {
  code?: string;
  summary?: string;
  message?: string;
  range?: { start: number; end: number };
}

// ---- values ------------------------------------------------------------------------------------

/** A field that is not in the data: Inngest's "unknown". */
const UNKNOWN: object = Object.freeze(new (class MissingField {})());

/** An error raised while evaluating an operand, carried as a value the way cel-go carries errors. */
class Failure {
  constructor(readonly error: unknown) {}
}

type CelKind = "int" | "uint" | "double" | "string" | "bool" | "null" | "bytes" | "list" | "map" | "timestamp" | "duration" | "other" | "unknown" | "error";

function kindOf(value: unknown): CelKind {
  if (value === UNKNOWN) return "unknown";
  if (value instanceof Failure) return "error";
  switch (typeof value) {
    case "bigint":
      return "int";
    case "number":
      return "double";
    case "string":
      return "string";
    case "boolean":
      return "bool";
  }
  if (value === null || value === undefined) return "null";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Date) return "timestamp";
  if (Array.isArray(value) || value instanceof Set) return "list";
  const ctor = (value as object).constructor;
  if (ctor === undefined || ctor === Object || ctor === Map) return "map";
  if (ctor.name === "UnsignedInt") return "uint";
  if (ctor.name === "Duration") return "duration";
  return "other";
}

/** unknown.go isTruthy: unknown, errors, null, false, "", 0 are falsy; lists and maps are truthy. */
function truthy(value: unknown): boolean {
  switch (kindOf(value)) {
    case "unknown":
    case "error":
    case "null":
      return false;
    case "bool":
      return value as boolean;
    case "string":
      return value !== "";
    case "int":
      return value !== 0n;
    case "double":
      return value !== 0;
    case "uint":
      return Number((value as { valueOf(): unknown }).valueOf()) !== 0;
    default:
      return true;
  }
}

function unwrap(value: unknown): unknown {
  if (value instanceof Failure) throw value.error;
  return value;
}

// ---- Go's %v, which is how Inngest turns a non-string key into a string --------------------------

function goFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  // strconv.FormatFloat(f, 'g', -1, 64): the shortest digits, in %e form when the exponent is < -4 or >= 6.
  const [mantissa, exp] = n.toExponential().split("e");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return String(n);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** The text Go's fmt.Sprintf("%v", value) gives for a value decoded from JSON or returned by CEL. */
export function formatKey(value: unknown): string {
  switch (kindOf(value)) {
    case "string":
      return value as string;
    case "int":
    case "uint":
      return String((value as { valueOf(): unknown }).valueOf());
    case "double":
      return goFloat(value as number);
    case "bool":
      return String(value);
    case "null":
      return "<nil>";
    case "unknown":
      return "false";
    case "list":
      return `[${[...(value as Iterable<unknown>)].map(formatKey).join(" ")}]`;
    case "map": {
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
      entries.sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
      return `map[${entries.map(([k, v]) => `${formatKey(k)}:${formatKey(v)}`).join(" ")}]`;
    }
    case "timestamp": {
      const d = value as Date;
      const ms = d.getUTCMilliseconds();
      const fraction = ms ? `.${pad(ms, 3).replace(/0+$/, "")}` : "";
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction} +0000 UTC`;
    }
    case "bytes":
      return `[${[...(value as Uint8Array)].join(" ")}]`;
    default:
      return String(value);
  }
}

// ---- Inngest's call semantics (pkg/expressions/unknown.go runtimeUnknownCall) -------------------

const RELATIONAL = new Set(["<", "<=", ">", ">="]);

function zeroOf(kind: CelKind): unknown {
  switch (kind) {
    case "int":
      return 0n;
    case "double":
      return 0;
    case "string":
      return "";
    default:
      return null;
  }
}

/** `<`, `<=`, `>`, `>=` between two strings or two numbers (an int and a double compare by value). */
function compareOrdered(fn: string, l: string | number | bigint, r: string | number | bigint): boolean {
  const sign = l < r ? -1 : l > r ? 1 : 0;
  return fn === "<" ? sign < 0 : fn === "<=" ? sign <= 0 : fn === ">" ? sign > 0 : sign >= 0;
}

/** What a call returns when an argument is unknown or failed (unknown.go handleUnknownCall). */
function unknownCallResult(fn: string, args: unknown[]): unknown {
  const first = kindOf(args[0]);
  const firstMissing = first === "unknown" || first === "error";
  switch (fn) {
    case "+": {
      const known = args.find((a) => a !== UNKNOWN);
      return known === undefined ? false : unwrap(known);
    }
    case "==":
      return args.some((a) => kindOf(a) === "null");
    case "!=":
      return !args.some((a) => kindOf(a) === "null");
    case "<":
    case "<=":
      return firstMissing;
    case ">":
    case ">=":
      return !firstMissing;
    case "size":
      return 0n;
    default:
      return false;
  }
}

/** Runs an operator or function the way Inngest's decorator does; `invoke` calls cel-js's own overload. */
function inngestCall(fn: string, args: unknown[], invoke: (args: unknown[]) => unknown): unknown {
  const kinds = new Set(args.map(kindOf));
  const missing = kinds.has("unknown") || kinds.has("error");
  if (kinds.size === 1 && !missing) return invoke(args);

  if (kinds.size === 2 && !missing) {
    try {
      return invoke(args);
    } catch (err) {
      // cel-go compares values of different types as unequal; cel-js has no such overload.
      if (fn === "==" && !kinds.has("null")) return false;
      if (fn === "!=" && !kinds.has("null")) return true;
      if (fn === "+") return args.map(formatKey).join("");
      if (!kinds.has("null")) throw err;
    }
  }

  if (missing) return unknownCallResult(fn, args);

  if (kinds.has("null") && args.length === 2) {
    if (fn === "==") return false;
    if (fn === "!=") return true;
    if (RELATIONAL.has(fn)) {
      const other = [...kinds].find((k) => k !== "null")!;
      const zero = zeroOf(other);
      if (zero !== null) {
        const [l, r] = args.map((a) => (kindOf(a) === "null" ? zero : a)) as Array<string | number | bigint>;
        return compareOrdered(fn, l, r);
      }
    }
  }
  return invoke(args);
}

// ---- hooks on the parsed tree ------------------------------------------------------------------

/** The values of the root variables for the evaluation under way (evaluation is synchronous). */
let current: { vars: ExpressionVariables; now: number } = { vars: {}, now: 0 };

function attempt(ev: CelEvaluator, node: CelNode, ctx: unknown): unknown {
  try {
    return ev.run(node, ctx);
  } catch (err) {
    return new Failure(err);
  }
}

const BINARY = new Set(["==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "in"]);
const ROOTS: ReadonlySet<string> = new Set(ROOT_VARIABLES);

function rootedAtVariable(node: CelNode): boolean {
  let n: CelNode = node;
  while (n.op === "." || n.op === "[]") n = n.args[0];
  return n.op === "id" && ROOTS.has(n.args);
}

function hook(node: CelNode, evaluate: EvaluateFn): void {
  node.setMeta("evaluate", evaluate);
}

function instrument(node: CelNode, seen = new Set<CelNode>()): void {
  if (!node || typeof node !== "object" || !("op" in node) || seen.has(node)) return;
  seen.add(node);
  const args = node.args;
  for (const child of childrenOf(node)) instrument(child, seen);

  const { macro, alternate } = node.meta;
  if (macro) {
    if (node.op === "call" && args[0] === "has") instrumentHas(node, macro);
    return;
  }
  if (alternate) {
    // exists/all/map/filter over a missing field is unknown (cel-go folds over an unknown range to unknown).
    if (node.op === "rcall") {
      const receiver: CelNode = args[1];
      node.setMeta("alternate", {
        evaluate: (ev: CelEvaluator, _n: CelNode, ctx: unknown) =>
          ev.run(receiver, ctx) === UNKNOWN ? UNKNOWN : ev.run(alternate, ctx),
      });
    }
    return;
  }

  switch (node.op) {
    case "id":
      if (ROOTS.has(args)) {
        hook(node, () => {
          const value = current.vars[args as string];
          return value === undefined ? UNKNOWN : value;
        });
      }
      return;
    case ".":
      hook(node, (ev, n, ctx) => {
        const left = ev.run(args[0], ctx);
        if (left === UNKNOWN) return UNKNOWN;
        try {
          return n.handle!(left, args[1], n, ev);
        } catch {
          return UNKNOWN;
        }
      });
      return;
    case "[]":
      hook(node, (ev, n, ctx) => {
        const left = ev.run(args[0], ctx);
        const index = ev.run(args[1], ctx);
        if (left === UNKNOWN || index === UNKNOWN) return UNKNOWN;
        try {
          return n.handle!(left, index, n, ev);
        } catch {
          return UNKNOWN;
        }
      });
      return;
    case "!_":
    case "-_":
      hook(node, (ev, n, ctx) => inngestCall(node.op, [attempt(ev, args, ctx)], ([v]) => n.handle!(v, n, ev)));
      return;
    case "call":
      hook(node, (ev, n, ctx) => {
        const values = (args[1] as CelNode[]).map((a) => attempt(ev, a, ctx));
        return inngestCall(args[0], values, (vs) => n.handle!(vs, n, ev));
      });
      return;
    case "rcall":
      hook(node, (ev, n, ctx) => {
        const values = n.receiverWithArgs!.map((a) => attempt(ev, a, ctx));
        return inngestCall(args[0], values, (vs) => n.handle!(vs, ev, n));
      });
      return;
    case "||":
    case "&&":
      hook(node, (ev, _n, ctx) => {
        const left = attempt(ev, args[0], ctx);
        const right = attempt(ev, args[1], ctx);
        const isOr = node.op === "||";
        if (typeof left === "boolean" && typeof right === "boolean") return isOr ? left || right : left && right;
        for (const value of [left, right]) if (truthy(value) === isOr) return unwrap(value);
        return unwrap(right);
      });
      return;
    case "?:":
      hook(node, (ev, _n, ctx) => (truthy(attempt(ev, args[0], ctx)) ? ev.run(args[1], ctx) : ev.run(args[2], ctx)));
      return;
    default:
      if (BINARY.has(node.op)) {
        hook(node, (ev, n, ctx) => {
          const values = [attempt(ev, args[0], ctx), attempt(ev, args[1], ctx)];
          return inngestCall(node.op, values, ([l, r]) => n.handle!(l, r, n, ev));
        });
      }
  }
}

/** has(event.data.x): true when present; when absent, unknown — Inngest marks the path as an unknown attribute. */
function instrumentHas(node: CelNode, macro: CelMacro): void {
  const select: CelNode = node.args[1][0];
  if (!select || select.op !== "." || !rootedAtVariable(select)) return;
  node.setMeta("macro", {
    ...macro,
    evaluate: (ev: CelEvaluator, m: CelNode, ctx: unknown) => {
      try {
        return macro.evaluate(ev, m, ctx) === true ? true : UNKNOWN;
      } catch {
        return UNKNOWN; // a missing parent: cel-js raises no_such_key
      }
    },
  });
}

function childrenOf(node: CelNode): CelNode[] {
  const args = node.args;
  const isNode = (x: unknown): x is CelNode => !!x && typeof x === "object" && "op" in (x as object);
  switch (node.op) {
    case "value":
    case "id":
      return [];
    case ".":
    case ".?":
      return [args[0]];
    case "call":
      return (args[1] as unknown[]).filter(isNode);
    case "rcall":
      return [args[1], ...(args[2] as unknown[])].filter(isNode);
    case "map":
      return (args as unknown[][]).flat().filter(isNode);
    case "!_":
    case "-_":
      return [args];
    default:
      return Array.isArray(args) ? args.filter(isNode) : [];
  }
}

// ---- the environment ---------------------------------------------------------------------------

// dateutil.ParseString's layouts that JavaScript's Date parses the same way.
const DATE_LAYOUTS = [
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, // RFC 3339
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, // "2006-01-02T15:04:05" (read as UTC, as Go does)
  /^\d{4}-\d{2}-\d{2}$/,
];

function parseDate(input: unknown): Date {
  if (typeof input === "string") {
    const text = DATE_LAYOUTS[1].test(input) ? `${input}Z` : input;
    if (DATE_LAYOUTS.some((layout) => layout.test(input)) || !Number.isNaN(Date.parse(input))) {
      const at = Date.parse(text);
      if (!Number.isNaN(at)) return new Date(at);
    }
  }
  if (typeof input === "bigint" || typeof input === "number") {
    // dateutil.ParseInt: seconds below 1e10, milliseconds below 1e13, nanoseconds above.
    const n = Math.trunc(Number(input));
    if (n >= 946_684_800) return new Date(n < 9_999_999_999 ? n * 1000 : n < 9_999_999_999_999 ? n : Math.floor(n / 1e6));
  }
  throw new Error(`date(): cannot read ${formatKey(input)} as a date`);
}

const environment = new Environment({ homogeneousAggregateLiterals: false })
  .registerVariable("event", "map")
  .registerVariable("async", "map")
  .registerVariable("vars", "map")
  .registerFunction("lowercase(string): string", (s: string) => s.toLowerCase())
  .registerFunction("uppercase(string): string", (s: string) => s.toUpperCase())
  .registerFunction("b64decode(string): string", (s: string) => Buffer.from(s, "base64").toString("utf8"))
  .registerFunction("json_parse(string): dyn", (s: string) => {
    try {
      const parsed: unknown = JSON.parse(s);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
    } catch {
      return {};
    }
  })
  .registerFunction("date(dyn): google.protobuf.Timestamp", parseDate)
  .registerFunction("now(): google.protobuf.Timestamp", () => new Date(current.now))
  .registerFunction("now_plus(string): google.protobuf.Timestamp", (d: string) => new Date(current.now + parseDuration(d)))
  .registerFunction("now_minus(string): google.protobuf.Timestamp", (d: string) => new Date(current.now - parseDuration(d)));

// exprenv/overloads.go declares ==, !=, <, <=, >, >=, + over (any, any) with type guards off, so
// Inngest accepts `null > 0` or `"id-" + 1` at sync. cel-js's checker needs an overload for each
// pair of types; these throw, and inngestCall decides (zero values for null, Go's concatenation…).
const CEL_TYPES = ["int", "uint", "double", "string", "bool", "null", "bytes", "list", "map", "google.protobuf.Timestamp", "google.protobuf.Duration"];
for (const op of ["==", "!=", "<", "<=", ">", ">=", "+"]) {
  for (const left of CEL_TYPES) {
    for (const right of CEL_TYPES) {
      if (left === right) continue;
      try {
        environment.registerOperator(`${left} ${op} ${right}: ${op === "+" ? "dyn" : "bool"}`, () => {
          throw new Error(`no such overload: ${left} ${op} ${right}`);
        });
      } catch {
        // cel-js already defines this pair (e.g. int < double).
      }
    }
  }
}

// ---- compiling and validating ------------------------------------------------------------------

function display(source: string): string {
  return source.replace(/[\r\n\t]/g, " ");
}

function reasonOf(err: unknown): string {
  const e = err as CelError;
  const summary = e?.summary ?? (err instanceof Error ? err.message.split("\n")[0] : String(err));
  const column = e?.range ? ` at column ${e.range.start + 1}` : "";
  return `${summary}${column}`;
}

interface Compiled {
  evaluate: (vars: ExpressionVariables, now: number) => unknown;
}

const MACROS = new Set(["has", "all", "exists", "exists_one", "map", "filter"]);
const LOGIC = new Set(["?:", "&&", "||", "!_", "==", "!=", "<", "<=", ">", ">=", "[]", "in", ".", "id", "value", "list", "map"]);
const TYPE_CONVERSIONS = new Set(["int", "uint", "double"]);

/** validation.go with DefaultRestrictiveValidationPolicy: no macros, no arithmetic, no functions but int/uint/double. */
function restrictiveViolation(node: CelNode): string | null {
  if (node.op === "call" || node.op === "rcall") {
    const name: string = node.args[0];
    if (MACROS.has(name)) return `macros are disallowed (uses '${name}')`;
    if (!TYPE_CONVERSIONS.has(name)) return `function calls are disallowed (uses '${name}')`;
  } else if (node.op === "-_" && node.args?.op === "value") {
    return null; // a negative literal
  } else if (!LOGIC.has(node.op)) {
    return `function calls are disallowed (uses '${node.op.replace("_", "")}')`;
  }
  for (const child of childrenOf(node)) {
    const violation = restrictiveViolation(child);
    if (violation) return violation;
  }
  return null;
}

function parseChecked(source: unknown): { ast?: CelNode; run?: (ctx: object) => unknown; reason?: string } {
  if (typeof source !== "string") return { reason: `an expression must be a string, not ${source === null ? "null" : typeof source}` };
  if (source.trim() === "") return { reason: "it is empty" };
  let parsed: ReturnType<typeof environment.parse>;
  try {
    parsed = environment.parse(source);
  } catch (err) {
    return { reason: reasonOf(err) };
  }
  const checked = parsed.check();
  if (!checked.valid) return { reason: reasonOf(checked.error) };
  return { ast: parsed.ast as unknown as CelNode, run: parsed as (ctx: object) => unknown };
}

/** Why Inngest would reject this expression at sync, in one line, or null when it accepts it. */
export function validateExpression(source: unknown, policy: ValidationPolicy = "default"): string | null {
  const { ast, reason } = parseChecked(source);
  if (reason) return reason;
  return policy === "cancel" ? restrictiveViolation(ast!) : null;
}

const CACHE_SIZE = 512;
const cache = new Map<string, Compiled>();

function compile(source: string): Compiled {
  const cached = cache.get(source);
  if (cached) return cached;
  const { ast, run, reason } = parseChecked(source);
  if (reason) throw new ExpressionError(`invalid expression "${display(String(source))}": ${reason}`);
  instrument(ast!);
  const compiled: Compiled = {
    evaluate(vars, now) {
      const previous = current;
      current = { vars, now };
      try {
        return run!({});
      } finally {
        current = previous;
      }
    },
  };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(source, compiled);
  return compiled;
}

function describeType(value: unknown): string {
  const kind = kindOf(value);
  return kind === "other" ? typeof value : kind;
}

/**
 * A trigger `expression`, a waitForEvent/cancelOn `if`, a batch `if`: compiled once (an ExpressionError
 * when Inngest would reject it), evaluated many times. `now` is what now() reads (epoch ms).
 */
export function compileCondition(source: string): (vars: ExpressionVariables, now?: number) => ConditionResult {
  const compiled = compile(source);
  return (vars, now = Date.now()) => {
    let result: unknown;
    try {
      result = compiled.evaluate(vars, now);
    } catch (err) {
      return { matched: false, error: `expression "${display(source)}" errored: ${reasonOf(err)}` };
    }
    if (result === true || result === false || result === UNKNOWN) return { matched: result === true };
    return { matched: false, error: `expression "${display(source)}" returned ${describeType(result)} ${formatKey(result)}, not a boolean` };
  };
}

/** A key (concurrency, throttle, rateLimit, debounce, batch, singleton), `idempotency` or `priority.run`. */
export function compileValue(source: string): (vars: ExpressionVariables, now?: number) => ValueResult {
  const compiled = compile(source);
  return (vars, now = Date.now()) => {
    try {
      const value = compiled.evaluate(vars, now);
      return { value: value === UNKNOWN ? false : value };
    } catch (err) {
      return { value: undefined, error: `expression "${display(source)}" errored: ${reasonOf(err)}` };
    }
  };
}

// ---- the API runtime/run.ts and runtime/orchestrator.ts use today --------------------------------

/** Compiles once (an ExpressionError when Inngest would reject the expression); true only for a boolean true. */
export function compileExpression(source: string): (vars: Record<string, unknown>) => boolean {
  const condition = compileCondition(source);
  return (vars) => condition(vars).matched;
}

export function evaluateExpression(source: string, vars: Record<string, unknown>): boolean {
  return compileCondition(source)(vars).matched;
}
