// Where a file defines Inngest functions: each `createFunction({ id, triggers }, handler)` call
// with its ID, trigger event names and position. Syntax only (no type checking), so it is cheap
// enough for CodeLens and F5 on every keystroke.
import { ts } from "ts-morph";

export interface LocatedFunction {
  /** The user's function ID (`post-payment-flow`), or null when it is not a literal. */
  id: string | null;
  triggerEvents: string[];
  /** 1-based position of the `createFunction` call. */
  line: number;
  column: number;
}

export function locateFunctions(fileName: string, text: string): LocatedFunction[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: LocatedFunction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "createFunction") {
      const [options, second] = node.arguments;
      const config = options && ts.isObjectLiteralExpression(options) ? options : undefined;
      const id = config ? literalProperty(config, "id") : null;
      const triggers = config ? property(config, "triggers") : undefined;
      // inngest 3's three-argument form: createFunction(options, trigger, handler).
      const triggerSource = triggers ?? (node.arguments.length >= 3 ? second : undefined);
      const position = source.getLineAndCharacterOfPosition(node.expression.name.getStart(source));
      found.push({ id, triggerEvents: triggerEvents(triggerSource), line: position.line + 1, column: position.character + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

function literalProperty(object: ts.ObjectLiteralExpression, name: string): string | null {
  const value = property(object, name);
  return value && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) ? value.text : null;
}

function triggerEvents(node: ts.Expression | undefined): string[] {
  if (!node) return [];
  const items = ts.isArrayLiteralExpression(node) ? [...node.elements] : [node];
  return items.flatMap((item) => {
    if (!ts.isObjectLiteralExpression(item)) return [];
    const event = literalProperty(item, "event");
    return event ? [event] : [];
  });
}
