// Kept for the callers that import "./cel" until they move to runtime/expression.ts, which holds
// the Inngest expression adapter (full CEL through @marcbachmann/cel-js).
export { ExpressionError, compileExpression, evaluateExpression } from "./expression";
