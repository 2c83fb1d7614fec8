// Where each step is called in a file: `step.run("fast.1", …)`, `step.sleep(\`wait-${i}\`, …)`,
// `step.waitForEvent({ id: "x" }, …)`… with the step ID as text and as a pattern (a template ID
// `process-${i}` matches `process-3`). The debugger uses it for stack frames and line breakpoints.
// Syntax only, like function-locator.ts: a run reports step IDs, this finds where they come from.
import { ts } from "ts-morph";

const STEP_TOOLS = new Set(["run", "sleep", "sleepUntil", "waitForEvent", "sendEvent", "invoke", "waitForSignal", "fetch", "infer", "wrap"]);

export interface LocatedStep {
  /** The ID as written: `fast.1`, or `process-${i}` for a template. */
  idText: string;
  /** Matches the IDs a run reports for this call site (the SDK's `:n` repeat suffix included). */
  pattern: RegExp;
  tool: string;
  /** 1-based position of the tool's name (`run` in `step.run`). */
  line: number;
  column: number;
  /** The ID of the createFunction the call sits in, when it is a literal. */
  functionId: string | null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function locateSteps(fileName: string, text: string): LocatedStep[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: LocatedStep[] = [];
  const visit = (node: ts.Node, functionId: string | null) => {
    let inside = functionId;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      if (name === "createFunction") inside = createFunctionId(node) ?? inside;
      else if (STEP_TOOLS.has(name) && node.arguments.length > 0) {
        const id = stepIdOf(node.arguments[0]);
        if (id) {
          const position = source.getLineAndCharacterOfPosition(node.expression.name.getStart(source));
          found.push({ ...id, tool: name, line: position.line + 1, column: position.character + 1, functionId: inside });
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, null);
  return found;
}

function createFunctionId(call: ts.CallExpression): string | null {
  const options = call.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return null;
  for (const p of options.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "id" && ts.isStringLiteralLike(p.initializer)) return p.initializer.text;
  }
  return null;
}

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
    const idText = arg.getText().slice(1, -1);
    return { idText, pattern: new RegExp(`^${parts.join("")}(:\\d+)?$`) };
  }
  return undefined;
}
