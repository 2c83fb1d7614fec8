import { Node } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import { staticTripCount } from "../analysis/static-values";
import { describeStep } from "../analysis/step-ids";
import type { StepCall } from "../analysis/step-tools";
import { isFunctionLike, isLoop, unwrap } from "../analysis/syntax";
import { defineRule } from "../rule";

export const MAX_STEPS_PER_RUN = 1000;

export const stepCountLimit = defineRule({
  id: "step-count-limit",
  severity: "info",
  description: "Advisory: a run may have at most 1,000 steps; a function that runs more (known statically, or once per row of an unbounded read) fails at run time — fan out with step.sendEvent instead.",
  messages: {
    tooMany: "this function runs at least {count} steps ({detail}); a run may have at most 1,000 — split the work with step.sendEvent (fan-out)",
    unbounded: "{step} runs once for every item of {source}, which nothing bounds — past 1,000 items the run fails; fan out instead: send one event per item with step.sendEvent and handle each in its own function",
  },
  fixes: [],
  check({ file, report }) {
    const reportedLoops = new Set<Node>();
    for (const fn of file.functions) {
      let total = 0;
      let largest: { call: StepCall; times: number } | undefined;
      for (const stepCall of file.stepCallsIn(fn)) {
        if (file.enclosingStepCall(stepCall.call)) continue;
        const times = timesRun(stepCall.call, fn.handler);
        total += times;
        if (!largest || times > largest.times) largest = { call: stepCall, times };
        const unbounded = unboundedLoopAround(file, stepCall.call, fn.handler);
        if (unbounded && !reportedLoops.has(unbounded.loop)) {
          reportedLoops.add(unbounded.loop);
          report({ node: stepCall.call, messageId: "unbounded", data: { step: describeStep(stepCall.toolsExpression.getText(), stepCall.tool, stepCall.idArgument), source: unbounded.source } });
        }
      }
      if (total <= MAX_STEPS_PER_RUN || !largest) continue;
      const detail = largest.times > 1 ? `step.${largest.call.tool} on this line runs ${largest.times.toLocaleString("en-US")} times` : "counted over its call sites";
      report({ node: largest.call.call, messageId: "tooMany", data: { count: total.toLocaleString("en-US"), detail } });
    }
  },
});

/** How many times a call site runs per invocation: the product of the known trip counts around it. */
export function timesRun(call: Node, handler: Node): number {
  let times = 1;
  for (let current = call.getParent(); current && current !== handler; current = current.getParent()) {
    if (isLoop(current) || isFunctionLike(current)) {
      const trips = staticTripCount(current);
      if (trips !== undefined) times *= trips;
    }
  }
  return times;
}

/** The innermost loop (or array callback) around `call` that walks every row of an unbounded read. */
function unboundedLoopAround(file: FileAnalysis, call: Node, handler: Node): { loop: Node; source: string } | undefined {
  for (let current = call.getParent(); current && current !== handler; current = current.getParent()) {
    const collection = iteratedCollection(current);
    if (!collection) continue;
    const listing = file.valueOrigins.unboundedListing(collection);
    if (listing) return { loop: current, source: listing.label };
  }
  return undefined;
}

/** What a loop or an array callback walks: `for (const x of xs)`, `xs.map(cb)`, `i < xs.length`. */
function iteratedCollection(node: Node): Node | undefined {
  if (Node.isForOfStatement(node)) return node.getExpression();
  if (Node.isForStatement(node)) {
    const condition = node.getCondition();
    if (condition && Node.isBinaryExpression(condition)) {
      const bound = unwrap(condition.getRight());
      if (Node.isPropertyAccessExpression(bound) && bound.getName() === "length") return bound.getExpression();
    }
    return undefined;
  }
  if (isFunctionLike(node)) {
    const call = node.getParent();
    if (!call || !Node.isCallExpression(call) || !call.getArguments().includes(node as never)) return undefined;
    const callee = unwrap(call.getExpression());
    if (callee.getText() === "Array.from" && call.getArguments()[1] === node) return call.getArguments()[0];
    if (Node.isPropertyAccessExpression(callee) && ["map", "forEach", "flatMap"].includes(callee.getName())) return callee.getExpression();
  }
  return undefined;
}
