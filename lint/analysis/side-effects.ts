// I/O a handler should only do inside a step: `fetch`, the file system, databases, HTTP and
// messaging clients — recognised by where the called value comes from, through local helpers.
import { Node, type CallExpression, type ts } from "ts-morph";
import type { FileAnalysis } from "./file-analysis";
import { isInngestClient } from "./inngest-client";
import { declarationOf, functionDeclarationOf, importSourceOf, isFunctionLike, isGlobal, unwrap } from "./syntax";

export interface SideEffect {
  call: CallExpression;
  /** How it reads in a message: `fetch()`, `db.query()`, `sendWelcomeEmail() (calls fetch())`. */
  label: string;
  /** The I/O call at the bottom: `fetch()`. */
  io: string;
}

const IO_MODULES = [
  /^(node:)?(fs|fs\/promises|child_process|http|https|net|dgram|dns)$/,
  /^(axios|node-fetch|got|undici|ky|superagent|cross-fetch|isomorphic-fetch)$/,
  /^(pg|postgres|mysql|mysql2|mysql2\/promise|mongodb|mongoose|redis|ioredis|knex|kysely|better-sqlite3|sqlite3|@libsql\/client)$/,
  /^(@prisma\/client|drizzle-orm(\/.*)?|@supabase\/supabase-js|@planetscale\/database|@neondatabase\/serverless|@vercel\/postgres|@vercel\/kv|@upstash\/redis)$/,
  /^(nodemailer|resend|@sendgrid\/mail|postmark|stripe|twilio|openai|@anthropic-ai\/sdk|@slack\/web-api|@octokit\/rest|octokit|firebase-admin)$/,
  /^(@aws-sdk\/.*|@google-cloud\/.*|@azure\/.*)$/,
];

export function isIoModule(specifier: string): boolean {
  return IO_MODULES.some((pattern) => pattern.test(specifier));
}

export class SideEffects {
  /** By helper: the I/O it performs, or null. */
  private readonly helperCache = new Map<ts.Node, string | null>();

  constructor(private readonly analysis: FileAnalysis) {}

  /** The I/O `call` performs, directly or through a local helper (which is then named in the label). */
  of(call: CallExpression, depth = 0): SideEffect | undefined {
    if (this.analysis.steps.stepCallOf(call)) return undefined;
    const callee = unwrap(call.getExpression());
    const calleeText = callee.getText().replace(/\s+/g, "");
    if (Node.isIdentifier(callee) && callee.getText() === "fetch" && isGlobal(callee)) return { call, label: "fetch()", io: "fetch()" };
    const root = rootIdentifier(callee);
    if (root) {
      if (Node.isPropertyAccessExpression(callee) && isInngestClient(root)) return undefined; // the send rules cover the client
      if (this.isIoValue(root, 0)) return { call, label: `${calleeText}()`, io: `${calleeText}()` };
    }
    if (depth >= 3) return undefined;
    const helper = isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
    if (!helper || this.analysis.isStepCallback(helper) || this.analysis.steps.helpers.has(helper)) return undefined;
    const cached = this.helperCache.get(helper.compilerNode);
    if (cached !== undefined) return cached === null ? undefined : { call, label: `${calleeText}() (calls ${cached})`, io: cached };
    this.helperCache.set(helper.compilerNode, null);
    let inner: SideEffect | undefined;
    helper.forEachDescendant((node, traversal) => {
      if (inner) return traversal.stop();
      if (Node.isCallExpression(node)) inner = this.of(node, depth + 1);
    });
    if (!inner) return undefined;
    this.helperCache.set(helper.compilerNode, inner.io);
    return { call, label: `${calleeText}() (calls ${inner.io})`, io: inner.io };
  }

  /** True when `identifier` is an I/O module's export, or a client made from one (`new Pool()`, `createClient()`). */
  private isIoValue(identifier: Node, depth: number): boolean {
    if (depth > 3) return false;
    const imported = importSourceOf(identifier);
    if (imported && isIoModule(imported.module)) return true;
    const declaration = declarationOf(identifier);
    if (!declaration || !Node.isVariableDeclaration(declaration)) return false;
    const init = declaration.getInitializer();
    if (!init) return false;
    let value = unwrap(init);
    if (Node.isAwaitExpression(value)) value = unwrap(value.getExpression());
    if (Node.isNewExpression(value) || Node.isCallExpression(value)) {
      const root = rootIdentifier(value.getExpression());
      return root !== undefined && this.isIoValue(root, depth + 1);
    }
    if (Node.isIdentifier(value) || Node.isPropertyAccessExpression(value)) {
      const root = rootIdentifier(value);
      return root !== undefined && this.isIoValue(root, depth + 1);
    }
    return false;
  }
}

function rootIdentifier(expression: Node): Node | undefined {
  let current = unwrap(expression);
  while (Node.isPropertyAccessExpression(current) || Node.isElementAccessExpression(current) || Node.isCallExpression(current)) {
    current = unwrap(current.getExpression());
  }
  return Node.isIdentifier(current) ? current : undefined;
}
