// Calls into services the linter cannot see into: a client or function imported from the app's
// own modules (`import { db } from "./db"`, `import { sendEmail } from "@/lib/email"`), one made
// from such an import (`const mailer = createMailer()`), or a dependency the handler's context
// carries (`async ({ event, step, db }) => …`, from dependencyInjectionMiddleware). Awaited outside
// a step, such a call is I/O that repeats on every re-invocation: a write (named like one: send,
// create, insert, charge, post…) happens again; a read may return something else next time.
// Imports that resolve to code in the project are read instead of guessed at.
import { Node, type CallExpression, type ts } from "ts-morph";
import type { FileAnalysis } from "./file-analysis";
import { isInngestClient } from "./inngest-client";
import { isInngestModule } from "./inngest-sdk";
import { isIoModule } from "./side-effects";
import { climbWrappers, declarationOf, functionDeclarationOf, importSourceOf, isFunctionLike, unwrap } from "./syntax";

export interface ExternalCall {
  call: CallExpression;
  /** How it reads in a message: `db.users.insert()`, `notifyOwner() (calls sendEmail())`. */
  label: string;
  /** The name that says what the call does (`insert`, `sendEmail`). */
  verb: string;
  isWrite: boolean;
}

/** A name that says the call changes something outside the process (its first camelCase word). */
const WRITE_VERB = /^(send|create|insert|update|upsert|delete|remove|destroy|post|put|patch|charge|refund|capture|publish|enqueue|write|save|store|persist|notify|email|sms|trigger|dispatch|emit|transfer|pay|payout|cancel|archive|increment|decrement|set|add|append|push|mark|record|track|deliver|issue|grant|revoke|provision|deprovision|invite|register|subscribe|unsubscribe|upload|submit|approve|reject|assign|reserve|book|ship|fulfill|refill|restock|credit|debit|invoice|bill|message|reply|comment|schedule|unschedule|close|open|lock|unlock|suspend|activate|deactivate|enable|disable|confirm|complete|finalize|execute|commit|print|apply|sync|import|export|migrate|purge|clear|reset|rotate|revert|flag)(?![a-z])/;

/** Names of calls that compute rather than fetch (validation, parsing, hashing, rendering). */
const PURE_VERB = /^(parse|safeParse|parseAsync|safeParseAsync|validate|validateAsync|decode|encode|hash|compare|verify|sign|render|format|transform|compile|serialize|deserialize|stringify|normalize|sanitize|sleep|wait|delay|toString|toJSON|json|text|arrayBuffer|blob|clone|map|filter|reduce|resolve|all|allSettled|race|any|then|catch|finally)(?![a-z])/;

/** Modules whose exports compute, never reach outside the process. */
const PURE_MODULES = /^(node:)?(path|url|util|querystring|assert|events|stream|buffer|string_decoder|zlib)$|^(zod|yup|joi|valibot|superstruct|ajv|superjson|lodash|lodash-es|lodash\/.*|ramda|remeda|date-fns|date-fns-tz|dayjs|luxon|moment|immer|clsx|classnames|ms|slugify|nanoid|uuid|cuid|ulid|@paralleldrive\/cuid2|bcrypt|bcryptjs|argon2|jsonwebtoken|jose|handlebars|mustache|react|react-dom|react-dom\/server|@react-email\/.*|marked|sanitize-html|decimal\.js|big\.js|bignumber\.js|currency\.js)$/;

/** What the handler's context holds from the SDK itself; anything else there was injected by middleware. */
const SDK_CONTEXT_KEYS = new Set(["event", "events", "step", "group", "runId", "attempt", "maxAttempts", "defer", "sessions", "requestId", "jobId", "experimentName", "variant", "logger", "publish", "realtime", "ctx", "fn", "error", "signal"]);

export class ExternalCalls {
  private readonly helperCache = new Map<ts.Node, ExternalCall | null>();
  private readonly valueCache = new Map<ts.Node, boolean>();

  constructor(private readonly analysis: FileAnalysis) {}

  /** The external call `call` is (or, through a local helper, makes) when it is awaited; undefined otherwise. */
  ofAwaited(call: CallExpression, depth = 0): ExternalCall | undefined {
    if (!isAwaited(call) || this.analysis.steps.stepCallOf(call) || this.analysis.steps.groupParallelOf(call)) return undefined;
    return this.of(call, depth);
  }

  private of(call: CallExpression, depth: number): ExternalCall | undefined {
    const callee = unwrap(call.getExpression());
    const names = calleeNames(callee);
    const verb = names[names.length - 1];
    if (!verb || PURE_VERB.test(verb)) return undefined;
    const root = rootIdentifier(callee);
    if (root && Node.isPropertyAccessExpression(callee) && isInngestClient(root)) return undefined; // the send rules cover the client
    const label = `${callee.getText().replace(/\s+/g, "")}()`;
    if (root && this.isExternalValue(root, 0)) {
      return { call, label, verb, isWrite: names.some((n) => WRITE_VERB.test(n)) };
    }
    if (depth >= 3) return undefined;
    const helper = isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
    if (!helper || this.analysis.isStepCallback(helper) || this.analysis.steps.helpers.has(helper) || this.analysis.steps.isHandler(helper)) return undefined;
    const cached = this.helperCache.get(helper.compilerNode);
    const inner = cached !== undefined ? cached ?? undefined : this.insideHelper(helper, depth);
    if (!inner) return undefined;
    return { call, label: `${label} (calls ${inner.label.replace(/ \(calls .*\)$/, "")})`, verb: inner.verb, isWrite: inner.isWrite };
  }

  /** The first awaited external call in a helper's body, writes first. */
  private insideHelper(helper: import("./syntax").FunctionLike, depth: number): ExternalCall | undefined {
    this.helperCache.set(helper.compilerNode, null);
    let found: ExternalCall | undefined;
    helper.forEachDescendant((node, traversal) => {
      if (found?.isWrite) return traversal.stop();
      if (!Node.isCallExpression(node)) return;
      const inner = this.ofAwaited(node, depth + 1);
      if (inner && (!found || inner.isWrite)) found = inner;
    });
    this.helperCache.set(helper.compilerNode, found ?? null);
    return found;
  }

  /** True when `identifier` names something outside what the linter can read (see the file comment). */
  private isExternalValue(identifier: Node, depth: number): boolean {
    if (depth > 3) return false;
    const cached = this.valueCache.get(identifier.compilerNode);
    if (cached !== undefined) return cached;
    const result = this.computeExternalValue(identifier, depth);
    this.valueCache.set(identifier.compilerNode, result);
    return result;
  }

  private computeExternalValue(identifier: Node, depth: number): boolean {
    const imported = importSourceOf(identifier);
    const declaration = declarationOf(identifier);
    if (imported) {
      if (isInngestModule(imported.module) || imported.module.startsWith("@inngest/") || PURE_MODULES.test(imported.module)) return false;
      if (isIoModule(imported.module)) return true;
      // An import the project cannot resolve is the app's own service (or one not installed here).
      if (!declaration) return true;
      // A library the project does resolve is I/O only when it is a known I/O package (above).
      if (declaration.getSourceFile().isDeclarationFile() || /[\\/]node_modules[\\/]/.test(declaration.getSourceFile().getFilePath())) return false;
      return this.isExternalDeclaration(declaration, depth);
    }
    if (!declaration || declaration.getSourceFile().isDeclarationFile()) return false; // globals: console, Math, JSON…
    return this.isExternalDeclaration(declaration, depth);
  }

  private isExternalDeclaration(declaration: Node, depth: number): boolean {
    if (Node.isBindingElement(declaration)) return this.isInjectedDependency(declaration);
    if (Node.isParameterDeclaration(declaration)) return false;
    if (!Node.isVariableDeclaration(declaration)) return false;
    const init = declaration.getInitializer();
    if (!init) return false;
    let value = unwrap(init);
    if (Node.isAwaitExpression(value)) value = unwrap(value.getExpression());
    if (Node.isNewExpression(value) || Node.isCallExpression(value)) {
      const root = rootIdentifier(value.getExpression());
      return root !== undefined && this.isExternalValue(root, depth + 1);
    }
    if (Node.isIdentifier(value) || Node.isPropertyAccessExpression(value)) {
      const root = rootIdentifier(value);
      return root !== undefined && this.isExternalValue(root, depth + 1);
    }
    return false;
  }

  /** `async ({ event, step, db }) => …`: `db` was put in the context by middleware. */
  private isInjectedDependency(element: import("ts-morph").BindingElement): boolean {
    const pattern = element.getParent();
    const parameter = pattern?.getParent();
    if (!parameter || !Node.isParameterDeclaration(parameter)) return false;
    const fn = parameter.getParent();
    if (!isFunctionLike(fn) || !this.analysis.steps.isHandler(fn) || fn.getParameters()[0] !== parameter) return false;
    const key = element.getPropertyNameNode()?.getText() ?? element.getName();
    return !SDK_CONTEXT_KEYS.has(key);
  }
}

/** `await x()`, `return await x()`, `await (x() as T)`. */
export function isAwaited(call: Node): boolean {
  const { parent } = climbWrappers(call);
  return parent !== undefined && Node.isAwaitExpression(parent);
}

/** The names along a callee: `db.insert(users).values` → insert, values; `sendEmail` → sendEmail. */
function calleeNames(callee: Node): string[] {
  const names: string[] = [];
  let current: Node = callee;
  for (let i = 0; i < 8; i++) {
    current = unwrap(current);
    if (Node.isPropertyAccessExpression(current)) {
      names.unshift(current.getName());
      current = current.getExpression();
    } else if (Node.isCallExpression(current)) {
      current = current.getExpression();
    } else if (Node.isElementAccessExpression(current)) {
      current = current.getExpression();
    } else {
      if (Node.isIdentifier(current) && names.length === 0) names.push(current.getText());
      break;
    }
  }
  return names;
}

function rootIdentifier(expression: Node): Node | undefined {
  let current = unwrap(expression);
  while (Node.isPropertyAccessExpression(current) || Node.isElementAccessExpression(current) || Node.isCallExpression(current)) {
    current = unwrap(current.getExpression());
  }
  return Node.isIdentifier(current) ? current : undefined;
}
