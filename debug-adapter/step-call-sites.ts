// Where a file calls its steps and defines its handlers: `step.run("fast.1", …)` → line and column,
// `step.run(\`process-${i}\`, …)` → a pattern that matches `process-3`. The debugger uses it for
// stack frames and for source breakpoints. Syntax only (ts-morph's TypeScript parser, no type
// checking), the same reading of a step call as lint/'s, kept here so debug-adapter/ depends on
// runtime/ alone (DESIGN.md, "Layers").
import { readFileSync, statSync } from "node:fs";
import { ts } from "ts-morph";

/** The step tools whose first argument is the step ID (`step.ai.infer` and `step.ai.wrap` too). */
const STEP_TOOLS = new Set(["run", "sleep", "sleepUntil", "waitForEvent", "waitForSignal", "sendEvent", "invoke", "infer", "wrap"]);

/** `step.run`, `ctx.step.run`, `step.ai.infer`: the receiver is the handler's `step` (so `db.run("…")` is not a step). */
function isStepReceiver(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return /^step$|Step$/.test(node.text);
  if (ts.isPropertyAccessExpression(node)) return node.name.text === "step" || (node.name.text === "ai" && isStepReceiver(node.expression));
  return false;
}

export interface StepCallSite {
  /** The ID as written: `fast.1`, or `process-${i}` for a template. */
  idText: string;
  /** Matches every ID a run reports for this call site (the SDK's `:n` repeat suffix included). */
  pattern: RegExp;
  /** `run`, `sleep`, `waitForEvent`… */
  tool: string;
  /** 1-based position of the tool's name (`run` in `step.run`). */
  line: number;
  column: number;
  /** The ID of the `createFunction` the call sits in, when it is a literal; null in a shared helper. */
  functionId: string | null;
}

export interface HandlerSite {
  /** The user's function ID, or null when it is not a literal. */
  functionId: string | null;
  /** 1-based position of the handler (the function passed to `createFunction`). */
  line: number;
  column: number;
}

export interface FileCallSites {
  steps: StepCallSite[];
  handlers: HandlerSite[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Reads a file's step calls and handlers from its text. */
export function readCallSites(fileName: string, text: string): FileCallSites {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, /x$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const steps: StepCallSite[] = [];
  const handlers: HandlerSite[] = [];
  const position = (node: ts.Node) => {
    const at = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { line: at.line + 1, column: at.character + 1 };
  };
  const visit = (node: ts.Node, functionId: string | null) => {
    let inside = functionId;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      if (name === "createFunction") {
        inside = createFunctionId(node) ?? inside;
        // inngest 4: createFunction(options, handler); inngest 3: createFunction(options, trigger, handler).
        const handler = [...node.arguments].reverse().find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) ?? node.expression.name;
        handlers.push({ functionId: inside, ...position(handler) });
      } else if (STEP_TOOLS.has(name) && node.arguments.length > 0 && isStepReceiver(node.expression.expression)) {
        const id = stepIdOf(node.arguments[0]);
        if (id) steps.push({ ...id, tool: name, ...position(node.expression.name), functionId: inside });
      }
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, null);
  return { steps, handlers };
}

function createFunctionId(call: ts.CallExpression): string | null {
  const options = call.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return null;
  for (const p of options.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === "id" && ts.isStringLiteralLike(p.initializer)) return p.initializer.text;
  }
  return null;
}

/** The step ID argument: a string, a template (as a pattern), or `{ id: … }` (waitForEvent, invoke…). */
function stepIdOf(arg: ts.Expression): { idText: string; pattern: RegExp } | undefined {
  if (ts.isObjectLiteralExpression(arg)) {
    for (const p of arg.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "id") return stepIdOf(p.initializer);
    }
    return undefined;
  }
  if (ts.isStringLiteralLike(arg)) return { idText: arg.text, pattern: new RegExp(`^${escapeRegExp(arg.text)}(:\\d+)?$`) };
  if (ts.isTemplateExpression(arg)) {
    const parts = [escapeRegExp(arg.head.text), ...arg.templateSpans.map((s) => `.+?${escapeRegExp(s.literal.text)}`)];
    return { idText: arg.getText().slice(1, -1), pattern: new RegExp(`^${parts.join("")}(:\\d+)?$`) };
  }
  return undefined;
}

/** Call sites by file, read again when a file changes on disk. */
export class CallSiteMap {
  private readonly files = new Map<string, { mtimeMs: number; size: number; sites: FileCallSites }>();

  of(file: string): FileCallSites {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return { steps: [], handlers: [] };
    }
    const cached = this.files.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.sites;
    let sites: FileCallSites;
    try {
      sites = readCallSites(file, readFileSync(file, "utf8"));
    } catch {
      sites = { steps: [], handlers: [] };
    }
    this.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, sites });
    return sites;
  }

  /** Where a step with this ID is called: in the function itself first, else in a shared helper. */
  stepSite(file: string, stepId: string, functionId?: string): StepCallSite | undefined {
    const matching = this.of(file).steps.filter((s) => s.pattern.test(stepId));
    return matching.find((s) => s.functionId === functionId) ?? matching.find((s) => s.functionId === null) ?? matching[0];
  }

  handlerSite(file: string, functionId?: string): HandlerSite | undefined {
    const handlers = this.of(file).handlers;
    return handlers.find((h) => h.functionId === functionId) ?? (handlers.length === 1 ? handlers[0] : undefined);
  }
}
