import { staticJsonSize } from "../analysis/static-values";
import { describeStep } from "../analysis/step-ids";
import type { StepCall } from "../analysis/step-tools";
import { returnedExpressions } from "../analysis/syntax";
import { defineRule } from "../rule";
import { timesRun } from "./step-count-limit";

export const MAX_STEP_OUTPUT_BYTES = 4 * 1024 * 1024;

export const stepOutputSize = defineRule({
  id: "step-output-size",
  severity: "info",
  description: "Advisory: a step may return at most 4 MB, and a run's step output together at most 4 MB by default; a step that returns a whole file or every row of a table can pass that — return a reference (e.g. a storage key) instead.",
  messages: {
    single: "{step} returns about {size}; a step may return at most 4 MB — return a reference (e.g. a storage key) instead",
    total: "the steps of this function return about {size} in all (here {step} × {times}); a run's step output may total at most 4 MB by default — return references instead",
    wholeContent: "{step} returns the whole content read by {source}, which can pass the 4 MB a step may return (and the 4 MB a run's steps may return together by default) — store it and return a reference (a key or URL) instead",
    wholeCollection: "{step} returns every row of {source}, which nothing bounds and can pass the 4 MB a step may return — return only what later steps need (IDs, a count), page through it, or store it and return a reference",
  },
  fixes: [],
  check({ file, report }) {
    for (const fn of file.functions) {
      let total = 0;
      let largest: { call: StepCall; bytes: number; times: number } | undefined;
      for (const stepCall of file.stepCallsIn(fn)) {
        if (!stepCall.callback) continue;
        const returned = returnedExpressions(stepCall.callback);
        const step = describeStep(stepCall.toolsExpression.getText(), stepCall.tool, stepCall.idArgument);
        const bytes = Math.max(0, ...returned.map((r) => staticJsonSize(r) ?? 0));
        if (bytes > MAX_STEP_OUTPUT_BYTES) {
          report({ node: stepCall.call, messageId: "single", data: { step, size: formatBytes(bytes) } });
          continue;
        }
        const content = firstDefined(returned, (r) => file.valueOrigins.wholeContent(r));
        if (content) {
          report({ node: stepCall.call, messageId: "wholeContent", data: { step, source: content.label } });
          continue;
        }
        const listing = firstDefined(returned, (r) => file.valueOrigins.unboundedListing(r));
        if (listing) {
          report({ node: stepCall.call, messageId: "wholeCollection", data: { step, source: listing.label } });
          continue;
        }
        if (bytes === 0) continue;
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
});

function firstDefined<T, R>(items: T[], map: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const result = map(item);
    if (result !== undefined) return result;
  }
  return undefined;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
