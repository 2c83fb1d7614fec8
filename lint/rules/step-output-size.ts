import { staticJsonSize } from "../analysis/static-values";
import { describeStep } from "../analysis/step-ids";
import type { StepCall } from "../analysis/step-tools";
import { returnedExpressions } from "../analysis/syntax";
import type { Rule } from "../rule";
import { timesRun } from "./step-count-limit";

export const MAX_STEP_OUTPUT_BYTES = 4 * 1024 * 1024;

export const stepOutputSize: Rule = {
  id: "step-output-size",
  severity: "info",
  description: "Advisory: a step may return at most 4 MB, and a run's step output together at most 4 MB by default; return a reference (e.g. a storage key) instead.",
  messages: {
    single: "{step} returns about {size}; a step may return at most 4 MB — return a reference (e.g. a storage key) instead",
    total: "the steps of this function return about {size} in all (here {step} × {times}); a run's step output may total at most 4 MB by default — return references instead",
  },
  fixes: [],
  check({ file, report }) {
    for (const fn of file.functions) {
      let total = 0;
      let largest: { call: StepCall; bytes: number; times: number } | undefined;
      for (const stepCall of file.stepCallsIn(fn)) {
        if (!stepCall.callback) continue;
        const bytes = Math.max(0, ...returnedExpressions(stepCall.callback).map((r) => staticJsonSize(r) ?? 0));
        if (bytes === 0) continue;
        const step = describeStep(stepCall.toolsExpression.getText(), stepCall.tool, stepCall.idArgument);
        if (bytes > MAX_STEP_OUTPUT_BYTES) {
          report({ node: stepCall.call, messageId: "single", data: { step, size: formatBytes(bytes) } });
          continue;
        }
        const times = timesRun(stepCall.call, fn.handler);
        total += bytes * times;
        if (!largest || bytes * times > largest.bytes * largest.times) largest = { call: stepCall, bytes, times };
      }
      if (total > MAX_STEP_OUTPUT_BYTES && largest) {
        const step = describeStep(largest.call.toolsExpression.getText(), largest.call.tool, largest.call.idArgument);
        report({ node: largest.call.call, messageId: "total", data: { size: formatBytes(total), step, times: largest.times } });
      }
    }
  },
};

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
