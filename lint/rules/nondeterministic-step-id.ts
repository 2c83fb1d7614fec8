import { idExpressionOf, describeStep } from "../analysis/step-ids";
import { memoizeInStepFix } from "../fixes/wrap-in-step";
import { defineRule } from "../rule";

export const nondeterministicStepId = defineRule({
  id: "nondeterministic-step-id",
  severity: "error",
  description: "A step ID must be the same on every invocation; one built from a clock, randomness or a fresh UUID is never memoized.",
  messages: {
    nondeterministic: "the ID of {step} depends on {source} (line {line}), which differs on every invocation, so the step is never found in memoized state — build the ID from event data, a loop index or a memoized step result",
  },
  fixes: ["Move the value into its own step.run"],
  check({ file, report }) {
    for (const stepCall of file.stepCalls) {
      const idExpression = idExpressionOf(stepCall.idArgument);
      if (!idExpression) continue;
      const source = file.nondeterminism.dependsOn(idExpression);
      if (!source) continue;
      const fix = memoizeInStepFix(file, source);
      report({
        node: stepCall.call,
        messageId: "nondeterministic",
        data: { step: describeStep(stepCall.toolsExpression.getText(), stepCall.tool, stepCall.idArgument), source: source.label, line: file.lineOf(source.node) },
        fixes: fix ? [fix] : [],
      });
    }
  },
});
