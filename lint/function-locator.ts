// Where a file defines Inngest functions: each `createFunction({ id, triggers }, handler)` call
// with its ID, trigger event names and position. Syntax only (no type checking), so it is cheap
// enough for CodeLens and F5 on every keystroke. The typed reading, with step call sites, is
// readInngestFunctions in inngest-functions.ts.
import { ts } from "ts-morph";
import { readFunctionConfig } from "./analysis/function-config";

export interface LocatedFunction {
  /** The user's function ID (`post-payment-flow`), or null when it is not a literal. */
  id: string | null;
  triggerEvents: string[];
  /** 1-based position of the `createFunction` call. */
  line: number;
  column: number;
  /** 1-based line where the call (config and handler) ends. */
  endLine: number;
}

export function locateFunctions(fileName: string, text: string): LocatedFunction[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: LocatedFunction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "createFunction") {
      const config = readFunctionConfig(node);
      const position = source.getLineAndCharacterOfPosition(node.expression.name.getStart(source));
      const end = source.getLineAndCharacterOfPosition(node.getEnd());
      found.push({ id: config.id ?? null, triggerEvents: config.triggerEvents, line: position.line + 1, column: position.character + 1, endLine: end.line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
