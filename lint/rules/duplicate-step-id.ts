import { Node } from "ts-morph";
import { describeStep, idExpressionOf, staticStepId } from "../analysis/step-ids";
import type { StepCall } from "../analysis/step-tools";
import { isFunctionLike, isInside, isLoop, unwrap } from "../analysis/syntax";
import { uniqueStepId } from "../fixes/wrap-in-step";
import type { Rule } from "../rule";

export const duplicateStepId: Rule = {
  id: "duplicate-step-id",
  severity: "warning",
  description: "Two call sites, or the parallel branches of one call site, must not use the same step ID in one function (a sequential loop is fine: the SDK numbers it).",
  messages: {
    twoSites: "step ID \"{id}\" is already used by {first} on line {line}; the SDK then tells them apart only by the order they run in — give this step its own ID",
    parallel: "step ID \"{id}\" is used by every parallel branch of {how}; give each branch its own ID, e.g. with the item's key or the index",
  },
  fixes: ["Rename the step ID"],
  check({ file, report }) {
    for (const fn of file.functions) {
      const calls = file.stepCallsIn(fn).filter((s) => staticStepId(s.idArgument) !== undefined);
      const byId = new Map<string, StepCall[]>();
      for (const call of calls) {
        const id = staticStepId(call.idArgument)!;
        byId.set(id, [...(byId.get(id) ?? []), call]);
      }
      for (const [id, sites] of byId) {
        sites.forEach((site, i) => {
          const first = sites.slice(0, i).find((earlier) => !mutuallyExclusive(earlier.call, site.call));
          if (first) {
            const idNode = idExpressionOf(site.idArgument)!;
            const renamed = uniqueStepId(file, id);
            const literal = unwrap(idNode);
            const fixes = Node.isStringLiteral(literal) || Node.isNoSubstitutionTemplateLiteral(literal)
              ? [{ title: `Rename the step ID to "${renamed}"`, edits: [{ start: literal.getStart() + 1, end: literal.getEnd() - 1, newText: renamed }] }]
              : [];
            report({ node: site.call, messageId: "twoSites", data: { id, first: describeStep(first.toolsExpression.getText(), first.tool, first.idArgument), line: file.lineOf(first.call) }, fixes });
            return;
          }
          const how = parallelRepetition(site, fn.handler);
          if (how) report({ node: site.call, messageId: "parallel", data: { id, how } });
        });
      }
    }
  },
};

/** Two nodes on different branches of the same if/else, ?: or switch never both run. */
function mutuallyExclusive(a: Node, b: Node): boolean {
  for (let ancestor = a.getParent(); ancestor; ancestor = ancestor.getParent()) {
    if (!isInside(b, ancestor)) continue;
    if (Node.isIfStatement(ancestor)) {
      const branchOf = (n: Node) => (isInside(n, ancestor.getThenStatement()) ? "then" : ancestor.getElseStatement() && isInside(n, ancestor.getElseStatement()!) ? "else" : "condition");
      const [x, y] = [branchOf(a), branchOf(b)];
      if (x !== y && x !== "condition" && y !== "condition") return true;
    }
    if (Node.isConditionalExpression(ancestor)) {
      const inTrue = (n: Node) => isInside(n, ancestor.getWhenTrue());
      const inFalse = (n: Node) => isInside(n, ancestor.getWhenFalse());
      if ((inTrue(a) && inFalse(b)) || (inFalse(a) && inTrue(b))) return true;
    }
    if (Node.isCaseBlock(ancestor)) {
      const clause = (n: Node) => ancestor.getClauses().findIndex((c) => isInside(n, c));
      if (clause(a) !== clause(b)) return true;
    }
    return false;
  }
  return false;
}

/** When one call site runs once per element of a concurrently awaited collection, how. */
function parallelRepetition(site: StepCall, handler: Node): string | undefined {
  for (let current = site.call.getParent(); current && current !== handler; current = current.getParent()) {
    if (isFunctionLike(current)) {
      const call = current.getParent();
      if (call && Node.isCallExpression(call) && call.getArguments().includes(current as never)) {
        const callee = unwrap(call.getExpression());
        if (Node.isPropertyAccessExpression(callee) && (callee.getName() === "map" || callee.getName() === "flatMap")) return `${callee.getText()}(…)`;
        if (callee.getText() === "Array.from") return "Array.from(…)";
      }
    }
    if (isLoop(current) && !isAwaitedWithinIteration(site.call, current)) return "a loop that starts the steps without awaiting them";
  }
  return undefined;
}

function isAwaitedWithinIteration(call: Node, loop: Node): boolean {
  for (let current = call.getParent(); current && current !== loop; current = current.getParent()) {
    if (Node.isAwaitExpression(current)) return true;
    if (Node.isVariableDeclaration(current) || Node.isExpressionStatement(current)) break;
  }
  return Node.isForOfStatement(loop) && loop.isAwaited();
}
