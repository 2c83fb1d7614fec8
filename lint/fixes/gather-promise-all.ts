// Fix: gather consecutive floating step statements into one `await Promise.all([...])`,
// and turn `items.forEach(cb)` into `await Promise.all(items.map(cb))`.
import { Node, type CallExpression, type ExpressionStatement } from "ts-morph";
import type { FixProposal } from "../rule";
import { enclosingFunction, indentationOf, unwrap } from "../analysis/syntax";
import { makeAsyncEdits } from "./add-await";

export function gatherIntoPromiseAllFix(statements: ExpressionStatement[]): FixProposal | undefined {
  if (statements.length < 2) return undefined;
  const fn = enclosingFunction(statements[0]);
  const asyncEdits = fn ? makeAsyncEdits(fn) : undefined;
  if (!asyncEdits) return undefined;
  const first = statements[0];
  const last = statements[statements.length - 1];
  const indent = indentationOf(first);
  const items = statements.map((s) => `${indent}  ${unwrapVoid(s.getExpression()).getText()},`).join("\n");
  return {
    title: `Gather these ${statements.length} steps into Promise.all`,
    edits: [...asyncEdits, { start: first.getStart(), end: last.getEnd(), newText: `await Promise.all([\n${items}\n${indent}]);` }],
  };
}

export function forEachToPromiseAllFix(forEachCall: CallExpression): FixProposal | undefined {
  const statement = forEachCall.getParent();
  if (!statement || !Node.isExpressionStatement(statement)) return undefined;
  const callee = forEachCall.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const fn = enclosingFunction(forEachCall);
  const asyncEdits = fn ? makeAsyncEdits(fn) : undefined;
  if (!asyncEdits) return undefined;
  const name = callee.getNameNode();
  return {
    title: "Use await Promise.all(… .map(…)) instead of forEach",
    edits: [
      ...asyncEdits,
      { start: forEachCall.getStart(), end: forEachCall.getStart(), newText: "await Promise.all(" },
      { start: name.getStart(), end: name.getEnd(), newText: "map" },
      { start: forEachCall.getEnd(), end: forEachCall.getEnd(), newText: ")" },
    ],
  };
}

/**
 * `ids.map(async (id) => …);` → `await Promise.all(ids.map(async (id) => …));`, and
 * `await [step.run(…), step.run(…)]` → `await Promise.all([step.run(…), step.run(…)])`.
 */
export function awaitPromiseAllFix(arrayOfPromises: Node, alreadyAwaited = false): FixProposal | undefined {
  const fn = enclosingFunction(arrayOfPromises);
  const asyncEdits = fn ? makeAsyncEdits(fn) : undefined;
  if (!asyncEdits) return undefined;
  return {
    title: "Await them all with Promise.all",
    edits: [
      ...asyncEdits,
      { start: arrayOfPromises.getStart(), end: arrayOfPromises.getStart(), newText: alreadyAwaited ? "Promise.all(" : "await Promise.all(" },
      { start: arrayOfPromises.getEnd(), end: arrayOfPromises.getEnd(), newText: ")" },
    ],
  };
}

function unwrapVoid(expression: Node): Node {
  const inner = unwrap(expression);
  return Node.isVoidExpression(inner) ? inner.getExpression() : inner;
}
