// Fix: put `await` in front of a floating promise (replacing `void`), making the function async when it is not.
import { Node, SyntaxKind, type VoidExpression } from "ts-morph";
import type { FixProposal, OffsetEdit } from "../rule";
import { enclosingFunction, type FunctionLike } from "../analysis/syntax";

export function addAwaitFix(expression: Node, voided?: VoidExpression): FixProposal | undefined {
  const fn = enclosingFunction(expression);
  if (!fn) return undefined;
  const asyncEdits = makeAsyncEdits(fn);
  if (!asyncEdits) return undefined;
  const edits: OffsetEdit[] = voided
    ? [{ start: voided.getStart(), end: voided.getExpression().getStart(), newText: "await " }]
    : [{ start: expression.getStart(), end: expression.getStart(), newText: "await " }];
  return { title: "Add await", edits: [...asyncEdits, ...edits] };
}

/** Edits that make `fn` async: none when it already is, undefined when it cannot safely be. */
export function makeAsyncEdits(fn: FunctionLike): OffsetEdit[] | undefined {
  if (fn.isAsync()) return [];
  const returnType = fn.getReturnTypeNode();
  if (returnType && !returnType.getText().startsWith("Promise")) return undefined;
  if (Node.isArrowFunction(fn)) return [{ start: fn.getStart(), end: fn.getStart(), newText: "async " }];
  const keyword = fn.getFirstChildByKind(SyntaxKind.FunctionKeyword);
  if (keyword) return [{ start: keyword.getStart(), end: keyword.getStart(), newText: "async " }];
  if (Node.isMethodDeclaration(fn)) return [{ start: fn.getNameNode().getStart(), end: fn.getNameNode().getStart(), newText: "async " }];
  return undefined;
}
