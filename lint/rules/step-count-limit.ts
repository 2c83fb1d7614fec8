import { Node } from "ts-morph";
import { staticTripCount } from "../analysis/static-values";
import type { StepCall } from "../analysis/step-tools";
import { isFunctionLike, isLoop } from "../analysis/syntax";
import type { Rule } from "../rule";

export const MAX_STEPS_PER_RUN = 1000;

export const stepCountLimit: Rule = {
  id: "step-count-limit",
  severity: "info",
  description: "Advisory: a function whose statically known number of steps exceeds 1,000 fails at run time; fan out with step.sendEvent instead.",
  messages: {
    tooMany: "this function runs at least {count} steps ({detail}); a run may have at most 1,000 — split the work with step.sendEvent (fan-out)",
  },
  fixes: [],
  check({ file, report }) {
    for (const fn of file.functions) {
      let total = 0;
      let largest: { call: StepCall; times: number } | undefined;
      for (const stepCall of file.stepCallsIn(fn)) {
        if (file.enclosingStepCall(stepCall.call)) continue;
        const times = timesRun(stepCall.call, fn.handler);
        total += times;
        if (!largest || times > largest.times) largest = { call: stepCall, times };
      }
      if (total <= MAX_STEPS_PER_RUN || !largest) continue;
      const detail = largest.times > 1 ? `step.${largest.call.tool} on this line runs ${largest.times.toLocaleString("en-US")} times` : "counted over its call sites";
      report({ node: largest.call.call, messageId: "tooMany", data: { count: total.toLocaleString("en-US"), detail } });
    }
  },
};

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
