// Fix: move a non-deterministic value (or a side effect) into its own `step.run`, so it is computed
// once and memoized. A value inside a statement is hoisted into a `const` before it; a variable's
// whole initializer, or a bare statement, is wrapped in place.
import { Node, SyntaxKind } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import type { NondeterministicSource } from "../analysis/nondeterminism";
import { climbWrappers, enclosingFunction, enclosingStatement, indentationOf, isLoop } from "../analysis/syntax";
import type { FixProposal } from "../rule";
import { contextMember } from "./context-reference";

export function memoizeInStepFix(analysis: FileAnalysis, source: NondeterministicSource): FixProposal | undefined {
  const memoize = source.memoize;
  const fn = enclosingFunction(source.node);
  if (!memoize || !fn || !fn.isAsync() || !analysis.runsOnEveryInvocation(source.node)) return undefined;
  const step = contextMember(analysis, source.node, "step");
  if (!step) return undefined;
  const stepId = uniqueStepId(analysis, memoize.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  const memoizedCall = `await ${step.text}.run("${stepId}", () => ${memoize.stepBody})`;
  const title = `Move ${source.label} into its own step.run("${stepId}")`;
  const { node: outer, parent } = climbWrappers(source.node);
  if (parent && Node.isVariableDeclaration(parent) && parent.getInitializer() === outer) {
    return { title, edits: [...step.edits, { start: source.node.getStart(), end: source.node.getEnd(), newText: memoize.rebuild(memoizedCall) }] };
  }
  const statement = enclosingStatement(source.node);
  const statementFn = statement ? enclosingFunction(statement) : undefined;
  if (!statement || statementFn !== fn || hasLoopBetween(source.node, statement)) return undefined;
  const name = uniqueName(fn, memoize.name);
  const indent = indentationOf(statement);
  return {
    title,
    edits: [
      ...step.edits,
      { start: statement.getStart(), end: statement.getStart(), newText: `const ${name} = ${memoizedCall};\n${indent}` },
      { start: source.node.getStart(), end: source.node.getEnd(), newText: memoize.rebuild(name) },
    ],
  };
}

/**
 * Wraps an awaited call in a step where it stands: `await sendEmail(x);` becomes
 * `await step.run("…", () => sendEmail(x));`, and `const user = await db.find(id)` becomes
 * `const user = await step.run("…", () => db.find(id))`.
 */
export function wrapInStepFix(analysis: FileAnalysis, call: Node, idHint: string): FixProposal | undefined {
  const statement = enclosingStatement(call);
  if (!statement) return undefined;
  const fn = enclosingFunction(call);
  const step = contextMember(analysis, call, "step");
  if (!fn || !fn.isAsync() || !step) return undefined;
  if (Node.isExpressionStatement(statement)) {
    let expression = statement.getExpression();
    if (Node.isAwaitExpression(expression)) expression = expression.getExpression();
    if (expression !== call) return undefined;
    const stepId = uniqueStepId(analysis, idHint);
    return {
      title: `Wrap in step.run("${stepId}")`,
      edits: [...step.edits, { start: statement.getStart(), end: statement.getEnd(), newText: `await ${step.text}.run("${stepId}", () => ${call.getText()});` }],
    };
  }
  const { node: awaited, parent: declaration } = climbWrappers(call.getParentOrThrow());
  const awaitExpression = call.getParent();
  if (!awaitExpression || !Node.isAwaitExpression(awaitExpression) || awaited !== awaitExpression || !declaration || !Node.isVariableDeclaration(declaration)) return undefined;
  if (!Node.isVariableStatement(statement) || enclosingFunction(statement) !== fn) return undefined;
  const stepId = uniqueStepId(analysis, idHint);
  return {
    title: `Wrap in step.run("${stepId}")`,
    edits: [...step.edits, { start: call.getStart(), end: call.getEnd(), newText: `${step.text}.run("${stepId}", () => ${call.getText()})` }],
  };
}

/** A step ID not yet used by a literal step ID in this file. */
export function uniqueStepId(analysis: FileAnalysis, base: string): string {
  return analysis.uniqueStepId(base);
}

/** A variable name no identifier in `scope` uses (property names like `Date.now` do not count). */
function uniqueName(scope: Node, base: string): string {
  const used = new Set(
    scope
      .getDescendantsOfKind(SyntaxKind.Identifier)
      .filter((id) => {
        const parent = id.getParent();
        return !(parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id);
      })
      .map((id) => id.getText()),
  );
  const taken = (name: string) => used.has(name);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}${i}`)) return `${base}${i}`;
}

function hasLoopBetween(node: Node, statement: Node): boolean {
  for (let current = node.getParent(); current && current !== statement; current = current.getParent()) {
    if (isLoop(current)) return true;
  }
  return false;
}
