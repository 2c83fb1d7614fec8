import { Node } from "ts-morph";
import type { FileAnalysis, ReachedStepCall } from "../analysis/file-analysis";
import { describeStep, idExpressionOf, staticStepId } from "../analysis/step-ids";
import type { StepCall } from "../analysis/step-tools";
import { isFunctionLike, isInside, isLoop, unwrap } from "../analysis/syntax";
import { uniqueStepId } from "../fixes/wrap-in-step";
import { defineRule, type FixProposal } from "../rule";

export const duplicateStepId = defineRule({
  id: "duplicate-step-id",
  severity: "warning",
  description: "Two call sites, or the parallel branches of one call site, must not use the same step ID in one run — across the handler and the helpers it calls (a sequential loop is fine: the SDK numbers it).",
  messages: {
    twoSites: "step ID \"{id}\" is already used by {first} on line {line}; the SDK then tells them apart only by the order they run in — give this step its own ID",
    acrossHelper: "step ID \"{id}\" is also used by {first} on line {line}, and {fn} runs both (through {helper}() on line {helperLine}); step IDs must be unique across everything a run calls — give this step its own ID",
    parallel: "step ID \"{id}\" is used by every parallel branch of {how}; give each branch its own ID, e.g. with the item's key or the index",
  },
  fixes: ["Rename the step ID"],
  check({ file, report }) {
    const reported = new Set<string>();
    for (const fn of file.functions) {
      const byId = new Map<string, ReachedStepCall[]>();
      for (const site of file.reachedStepCalls(fn.handler)) {
        const id = staticStepId(site.stepCall.idArgument);
        if (id === undefined) continue;
        const sites = byId.get(id);
        if (sites) sites.push(site);
        else byId.set(id, [site]);
      }
      for (const [id, unordered] of byId) {
        // In the order a run reaches them: a helper's steps where the handler calls the helper.
        const sites = unordered.map((site, i) => ({ ...site, i })).sort((a, b) => anchor(a).getPos() - anchor(b).getPos() || a.i - b.i);
        sites.forEach((site, i) => {
          const key = `${site.stepCall.call.getPos()}:${id}`;
          if (reported.has(key)) return;
          const first = sites.slice(0, i).find((earlier) => earlier.stepCall !== site.stepCall && !mutuallyExclusive(earlier, site));
          if (first) {
            reported.add(key);
            const data = { id, first: describeStep(first.stepCall.toolsExpression.getText(), first.stepCall.tool, first.stepCall.idArgument), line: file.lineOf(first.stepCall.call) };
            const via = site.via ?? first.via;
            const fixes = renameFix(file, site.stepCall, id);
            if (via && Node.isCallExpression(via)) {
              report({ node: site.stepCall.call, messageId: "acrossHelper", data: { ...data, fn: fn.id ? `function "${fn.id}"` : "this function", helper: via.getExpression().getText(), helperLine: file.lineOf(via) }, fixes });
            } else {
              report({ node: site.stepCall.call, messageId: "twoSites", data, fixes });
            }
            return;
          }
          if (site.via) return;
          const how = parallelRepetition(site.stepCall, fn.handler);
          if (how) {
            reported.add(key);
            report({ node: site.stepCall.call, messageId: "parallel", data: { id, how } });
          }
        });
      }
    }
  },
});

/** Where in the handler a reached step runs: the step call itself, or the handler's call of the helper that runs it. */
function anchor(site: ReachedStepCall): Node {
  return site.via ?? site.stepCall.call;
}

function renameFix(file: FileAnalysis, stepCall: StepCall, id: string): FixProposal[] {
  const literal = unwrap(idExpressionOf(stepCall.idArgument)!);
  if (!Node.isStringLiteral(literal) && !Node.isNoSubstitutionTemplateLiteral(literal)) return [];
  const renamed = uniqueStepId(file, id);
  return [{ title: `Rename the step ID to "${renamed}"`, edits: [{ start: literal.getStart() + 1, end: literal.getEnd() - 1, newText: renamed }] }];
}

/** Two reached steps on different branches of the same if/else, ?: or switch never both run. */
function mutuallyExclusive(a: ReachedStepCall, b: ReachedStepCall): boolean {
  // Through the same helper call, the steps' own places decide; otherwise where the handler reaches each.
  return a.via !== undefined && a.via === b.via ? onExclusiveBranches(a.stepCall.call, b.stepCall.call) : onExclusiveBranches(anchor(a), anchor(b));
}

function onExclusiveBranches(a: Node, b: Node): boolean {
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
