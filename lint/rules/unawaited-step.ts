import { Node, type CallExpression, type ExpressionStatement } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import type { PromiseFate } from "../analysis/promise-flow";
import { describeStep } from "../analysis/step-ids";
import { climbWrappers, isFunctionLike, promiseCombinatorOf, returnedExpressions, unwrap, type FunctionLike } from "../analysis/syntax";
import { addAwaitFix } from "../fixes/add-await";
import { awaitPromiseAllFix, forEachToPromiseAllFix, gatherIntoPromiseAllFix } from "../fixes/gather-promise-all";
import { defineRule, type FixProposal } from "../rule";

export const unawaitedStep = defineRule({
  id: "unawaited-step",
  severity: "error",
  description: "A step's promise must reach await, return or Promise.all/allSettled/race/any; otherwise the function can finish before the step runs.",
  messages: {
    floating: "{step} is not awaited: its promise never reaches await, return or Promise.all/allSettled/race/any, so the function can finish without it",
    voided: "{step} is discarded with void, so the function can finish without it — await it or gather it into Promise.all",
    dropped: "{step} is returned to {method}(), which drops the promise — use await Promise.all(items.map(…))",
    droppedCallback: "the callback given to {method}() runs steps, but {method}() drops the promise it returns, so the function can finish without them — use await Promise.all(items.map(…))",
    inStructure: "{step} is put in {container} that is {how} as a whole, and nothing awaits the promise inside it, so the function can finish without the step — await the step where it is made, or gather the promises with Promise.all",
    neverUsed: "{step} is stored in a variable that is never awaited, returned or gathered by Promise.all/allSettled/race/any",
  },
  fixes: ["Add await", "Gather these steps into Promise.all", "Use await Promise.all(… .map(…)) instead of forEach", "Await them all with Promise.all"],
  check({ file, report }) {
    const lost: Array<{ source: Node; fate: Exclude<PromiseFate, { kind: "consumed" }> }> = [];
    for (const source of promiseSources(file)) {
      const fate = isFunctionLike(source) ? file.promiseFlow.fateOfCallbackResult(source) : file.promiseFlow.fateOf(source);
      if (fate.kind !== "consumed") lost.push({ source, fate });
    }
    const floatingStatements = new Set(lost.flatMap(({ fate }) => (fate.kind === "floating" ? [fate.statement] : [])));
    const reported = new Set<Node>();
    for (const { source, fate } of lost) {
      const fixes: FixProposal[] = [];
      let node: Node = source;
      if (fate.kind === "floating") {
        node = unwrap(fate.expression);
        if (fate.nesting === 1) fixes.push(...defined(awaitPromiseAllFix(node)));
        else if (fate.nesting === 0) fixes.push(...defined(addAwaitFix(node), gatherIntoPromiseAllFix(consecutive(fate.statement, floatingStatements))));
      } else if (fate.kind === "voided") {
        node = unwrap(fate.voidExpression.getExpression());
        fixes.push(...defined(addAwaitFix(node, fate.voidExpression)));
      } else if (fate.kind === "dropped-by-callback") {
        node = fate.call;
        if (fate.method === "forEach") fixes.push(...defined(forEachToPromiseAllFix(fate.call)));
      } else if (fate.kind === "in-structure") {
        const awaitedArray = fate.how === "awaited" ? awaitedArrayLiteral(fate.container) : undefined;
        if (awaitedArray) fixes.push(...defined(awaitPromiseAllFix(awaitedArray, true)));
        else if (isDirectlyInLiteral(source)) fixes.push(...defined(addAwaitFix(source)));
      } else if (fate.declaration && fate.declaration.getInitializer() === source && isOnlyDeclared(fate.declaration.getName(), fate.declaration)) {
        fixes.push(...defined(addAwaitFix(source)));
      }
      if (reported.has(node)) continue;
      reported.add(node);
      const step = isFunctionLike(source) ? "" : describePromise(file, fate.kind === "floating" || fate.kind === "voided" ? node : source);
      if (fate.kind === "dropped-by-callback") {
        report({ node, messageId: isFunctionLike(source) ? "droppedCallback" : "dropped", data: isFunctionLike(source) ? { method: fate.method } : { step, method: fate.method }, fixes });
      } else if (fate.kind === "in-structure") {
        const container = Node.isArrayLiteralExpression(fate.container) ? "an array" : "an object";
        report({ node, messageId: "inStructure", data: { step, container, how: fate.how }, fixes });
      } else {
        report({ node, messageId: fate.kind === "floating" ? "floating" : fate.kind === "voided" ? "voided" : "neverUsed", data: { step }, fixes });
      }
    }
  },
});

/**
 * Every promise that carries steps: step tools, calls of step-running helpers and IIFEs,
 * group.parallel, and step-running callbacks handed to another function (`items.forEach(async (x) => …)`).
 */
function promiseSources(file: FileAnalysis): Array<CallExpression | FunctionLike> {
  const sources: Array<CallExpression | FunctionLike> = file.stepCalls.map((s) => s.call);
  for (const scope of file.steps.scopes()) {
    scope.forEachDescendant((node) => {
      if (Node.isCallExpression(node) && file.stepBearingCallee(node) && file.runsOnEveryInvocation(node)) sources.push(node);
      else if (isFunctionLike(node) && isCallbackArgument(node) && file.runsOnEveryInvocation(node) && returnsStepPromise(file, node)) sources.push(node);
    });
  }
  sources.push(...file.steps.groupParallelCalls.map((g) => g.call));
  return [...new Set(sources)];
}

/** `xs.forEach(async (x) => …)`: a function passed as an argument (not called right there, not a step's own callback). */
function isCallbackArgument(fn: FunctionLike): boolean {
  const { node, parent } = climbWrappers(fn);
  return parent !== undefined && Node.isCallExpression(parent) && parent.getExpression() !== node;
}

/** The callback's result is a promise that carries steps: it is async (or returns something) and runs steps. */
function returnsStepPromise(file: FileAnalysis, fn: FunctionLike): boolean {
  const { parent } = climbWrappers(fn);
  if (file.isStepCallback(fn) || (parent && file.steps.groupParallelOf(parent))) return false;
  return (fn.isAsync() || returnedExpressions(fn).length > 0) && file.isStepBearing(fn);
}

/** `await [step.run(…), step.run(…)]`: the array literal that is awaited as a whole. */
function awaitedArrayLiteral(container: Node): Node | undefined {
  const { parent } = climbWrappers(container);
  return Node.isArrayLiteralExpression(container) && parent !== undefined && Node.isAwaitExpression(parent) ? container : undefined;
}

/** `{ saved: step.run(…) }`, `[step.run(…)]`: `await` can go right in front of the call. */
function isDirectlyInLiteral(source: Node): boolean {
  const { parent } = climbWrappers(source);
  return parent !== undefined && (Node.isPropertyAssignment(parent) || Node.isArrayLiteralExpression(parent));
}

function describePromise(file: FileAnalysis, node: Node): string {
  const call = unwrap(node);
  if (!Node.isCallExpression(call)) return call.getText().slice(0, 40);
  const stepCall = file.steps.stepCallOf(call);
  if (stepCall) return describeStep(stepCall.toolsExpression.getText(), stepCall.tool, stepCall.idArgument);
  const combinator = promiseCombinatorOf(call);
  if (combinator) return `Promise.${combinator}(…) over steps`;
  const callee = unwrap(call.getExpression());
  return Node.isIdentifier(callee) || Node.isPropertyAccessExpression(callee) ? `${callee.getText()}(…), which runs steps,` : "this call, which runs steps,";
}

/** The run of adjacent floating statements around `statement`, for the Promise.all fix. */
function consecutive(statement: ExpressionStatement, floating: Set<ExpressionStatement>): ExpressionStatement[] {
  const run = [statement];
  for (let s = statement.getPreviousSibling(); s && Node.isExpressionStatement(s) && floating.has(s); s = s.getPreviousSibling()) run.unshift(s);
  for (let s = statement.getNextSibling(); s && Node.isExpressionStatement(s) && floating.has(s); s = s.getNextSibling()) run.push(s);
  return run;
}

function isOnlyDeclared(name: string, declaration: Node): boolean {
  const scope = declaration.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a));
  return (scope?.getText().match(new RegExp(`\\b${name}\\b`, "g")) ?? []).length === 1;
}

function defined(...fixes: Array<FixProposal | undefined>): FixProposal[] {
  return fixes.filter((f): f is FixProposal => f !== undefined);
}
