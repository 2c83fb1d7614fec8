import { Node } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import { declarationOf, functionDeclarationOf, isFunctionLike, promiseCombinatorOf, returnedExpressions, unwrap } from "../analysis/syntax";
import { wrapRaceInGroupFix } from "../fixes/wrap-race-in-group";
import { defineRule } from "../rule";

export const promiseRaceWithoutGroup = defineRule({
  id: "promise-race-without-group",
  severity: "warning",
  description: "With optimized parallelism (the SDK's default), Promise.race/any over steps waits for every step; race inside group.parallel({ mode: \"race\" }).",
  messages: {
    race: "Promise.{combinator}() over steps waits for all of them with optimized parallelism (the default) — run it inside group.parallel({ mode: \"race\" }, …) or set optimizeParallelism: false",
  },
  fixes: ['Wrap in group.parallel({ mode: "race" })'],
  check({ file, report }) {
    for (const fn of file.functions) {
      if (!fn.optimizedParallelism) continue;
      fn.handler.forEachDescendant((node) => {
        const combinator = Node.isCallExpression(node) ? promiseCombinatorOf(node) : undefined;
        if (!Node.isCallExpression(node) || (combinator !== "race" && combinator !== "any")) return;
        if (insideRaceGroup(file, node)) return;
        const carriers = node.getArguments().map((a) => stepCarrying(file, a, 0));
        if (!carriers.some((c) => c !== "none")) return;
        const fix = carriers.every((c) => c !== "by-reference") ? wrapRaceInGroupFix(file, node) : undefined;
        report({ node, messageId: "race", data: { combinator }, fixes: fix ? [fix] : [] });
      });
    }
  },
});

function insideRaceGroup(file: FileAnalysis, node: Node): boolean {
  for (let current = node.getParent(); current; current = current.getParent()) {
    if (!isFunctionLike(current)) continue;
    const call = current.getParent();
    const group = call && Node.isCallExpression(call) ? file.steps.groupParallelOf(call) : undefined;
    if (group && group.raceMode && group.callback === current) return true;
  }
  return false;
}

/**
 * Whether an expression holds step promises: made right there ("inline"), or made earlier and
 * reached through a variable ("by-reference"), in which case wrapping the race alone would not help.
 */
function stepCarrying(file: FileAnalysis, expression: Node, depth: number): "none" | "inline" | "by-reference" {
  if (depth > 6) return "none";
  const node = unwrap(expression);
  if (Node.isCallExpression(node)) {
    if (file.steps.stepCallOf(node) || file.stepBearingCallee(node)) return "inline";
    const callee = unwrap(node.getExpression());
    if (Node.isPropertyAccessExpression(callee) && ["map", "flatMap"].includes(callee.getName())) {
      const callback = unwrap(node.getArguments()[0] ?? callee);
      const fn = isFunctionLike(callback) ? callback : functionDeclarationOf(callback);
      if (fn && returnedExpressions(fn).some((r) => stepCarrying(file, r, depth + 1) !== "none")) return "inline";
    }
    if (Node.isPropertyAccessExpression(callee) && ["then", "catch", "finally"].includes(callee.getName())) return stepCarrying(file, callee.getExpression(), depth + 1);
    return "none";
  }
  if (Node.isArrayLiteralExpression(node)) {
    const kinds = node.getElements().map((e) => stepCarrying(file, Node.isSpreadElement(e) ? e.getExpression() : e, depth + 1));
    return kinds.includes("by-reference") ? "by-reference" : kinds.includes("inline") ? "inline" : "none";
  }
  if (Node.isIdentifier(node)) {
    const declaration = declarationOf(node);
    const init = declaration && Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
    return init && stepCarrying(file, init, depth + 1) !== "none" ? "by-reference" : "none";
  }
  return "none";
}
