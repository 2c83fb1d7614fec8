// What the installed `inngest` SDK declares: the names of its step tools, read from its own .d.ts,
// and how to tell that a declaration belongs to the SDK.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ts, type Node } from "ts-morph";

/** A step tool: a method of `step` (`run`, `ai.infer`…) and whether its first argument is a step ID. */
export interface StepToolShape {
  /** Dotted path below the step tools object, e.g. `run` or `ai.infer`. */
  path: string;
  takesId: boolean;
}

/** Used when the SDK cannot be found next to the code being linted. */
const FALLBACK_TOOLS: StepToolShape[] = [
  "run", "sleep", "sleepUntil", "waitForEvent", "sendEvent", "invoke", "waitForSignal", "sendSignal",
  "ai.infer", "ai.wrap", "realtime.publish",
].map((p) => ({ path: p, takesId: true }));

/** `step.fetch(url)` is durable (a step), but takes no ID. */
const STEP_FETCH: StepToolShape = { path: "fetch", takesId: false };

const toolsBySdkDir = new Map<string, StepToolShape[]>();

export function isInngestDeclaration(node: Node): boolean {
  return /[\\/]node_modules[\\/]inngest[\\/]/.test(node.getSourceFile().getFilePath());
}

export function isInngestModule(specifier: string): boolean {
  return specifier === "inngest" || specifier.startsWith("inngest/");
}

/** The step tools of the SDK installed for `fromDir`, from `createStepTools`'s declared return type. */
export function stepToolsDeclaredBySdk(fromDir: string): StepToolShape[] {
  const sdkDir = findSdkDir(fromDir);
  if (!sdkDir) return [...FALLBACK_TOOLS, STEP_FETCH];
  const cached = toolsBySdkDir.get(sdkDir);
  if (cached) return cached;
  const tools = readStepTools(sdkDir) ?? [...FALLBACK_TOOLS, STEP_FETCH];
  toolsBySdkDir.set(sdkDir, tools);
  return tools;
}

function findSdkDir(fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, "node_modules", "inngest");
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readStepTools(sdkDir: string): StepToolShape[] | undefined {
  const file = ["components/InngestStepTools.d.ts", "components/InngestStepTools.d.cts"]
    .map((f) => path.join(sdkDir, f))
    .find((f) => existsSync(f));
  if (!file) return undefined;
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  let returned: ts.TypeLiteralNode | undefined;
  const visit = (node: ts.Node): void => {
    if (returned) return;
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === "createStepTools" && node.type && ts.isFunctionTypeNode(node.type)) {
      if (ts.isTypeLiteralNode(node.type.type)) returned = node.type.type;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!returned) return undefined;
  const tools: StepToolShape[] = [];
  const collect = (literal: ts.TypeLiteralNode, prefix: string): void => {
    for (const member of literal.members) {
      if (!ts.isPropertySignature(member) || !member.type || !member.name) continue;
      const name = `${prefix}${member.name.getText(source)}`;
      if (ts.isFunctionTypeNode(member.type)) {
        const first = member.type.parameters[0];
        const takesId = first?.type !== undefined && first.type.getText(source) === "StepOptionsOrId";
        if (takesId) tools.push({ path: name, takesId });
      } else if (ts.isTypeLiteralNode(member.type)) {
        collect(member.type, `${name}.`);
      }
    }
  };
  collect(returned, "");
  if (!tools.some((t) => t.path === "run")) return undefined;
  return [...tools, STEP_FETCH];
}
