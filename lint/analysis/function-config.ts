// What a `createFunction(config, handler)` call says about the function: its ID, the events that
// trigger it, whether it optimizes parallelism, and which argument is the handler. Read from the
// compiler's syntax tree alone, so the CodeLens locator and the typed analysis share one reading.
import { ts } from "ts-morph";

export interface FunctionConfig {
  /** The user's function ID (`post-payment-flow`) when it is a literal. */
  id?: string;
  /** Event names of the `triggers` (or inngest 3's trigger argument) that are literals; crons are left out. */
  triggerEvents: string[];
  /** False only with `optimizeParallelism: false`; the 4.x SDK optimizes by default. */
  optimizedParallelism: boolean;
}

export function readFunctionConfig(call: ts.CallExpression): FunctionConfig {
  const [options, second] = call.arguments;
  const config = options && isObjectLiteral(options) ? stripParentheses(options) as ts.ObjectLiteralExpression : undefined;
  const triggers = config ? property(config, "triggers") : undefined;
  // inngest 3's three-argument form: createFunction(options, trigger, handler).
  const triggerSource = triggers ?? (call.arguments.length >= 3 ? second : undefined);
  const optimize = config ? property(config, "optimizeParallelism") : undefined;
  return {
    id: config ? literalProperty(config, "id") : undefined,
    triggerEvents: triggerEvents(triggerSource),
    optimizedParallelism: !(optimize && optimize.kind === ts.SyntaxKind.FalseKeyword),
  };
}

/** The argument that holds the handler: the last one, when there are at least two. */
export function handlerArgument(call: ts.CallExpression): ts.Expression | undefined {
  return call.arguments.length > 1 ? call.arguments[call.arguments.length - 1] : undefined;
}

function isObjectLiteral(node: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(stripParentheses(node));
}

function stripParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return stripParentheses(p.initializer);
  }
  return undefined;
}

function literalProperty(object: ts.ObjectLiteralExpression, name: string): string | undefined {
  const value = property(object, name);
  return value && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) ? value.text : undefined;
}

function triggerEvents(node: ts.Expression | undefined): string[] {
  if (!node) return [];
  const value = stripParentheses(node);
  const items = ts.isArrayLiteralExpression(value) ? [...value.elements] : [value];
  return items.flatMap((item) => {
    const trigger = stripParentheses(item);
    if (!ts.isObjectLiteralExpression(trigger)) return [];
    const event = literalProperty(trigger, "event");
    return event ? [event] : [];
  });
}
