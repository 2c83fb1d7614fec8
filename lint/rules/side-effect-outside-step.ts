import { wrapStatementInStepFix } from "../fixes/wrap-in-step";
import type { Rule } from "../rule";

export const sideEffectOutsideStep: Rule = {
  id: "side-effect-outside-step",
  severity: "warning",
  description: "I/O (fetch, databases, the file system, API clients) in a handler outside any step runs again on every re-invocation and is not retried on its own.",
  messages: {
    sideEffect: "{call} runs again on every re-invocation of the handler (once per step) — move it into step.run so it runs once and is retried on its own",
  },
  fixes: ["Wrap in step.run"],
  check({ file, report }) {
    for (const node of file.steps.calls) {
      if (!file.runsOnEveryInvocation(node)) continue;
      const effect = file.sideEffects.of(node);
      if (!effect) continue;
      const hint = node.getExpression().getText().split(".").slice(-1)[0].replace(/([a-z])([A-Z])/g, "$1-$2");
      const fix = wrapStatementInStepFix(file, node, hint);
      report({ node, messageId: "sideEffect", data: { call: effect.label }, fixes: fix ? [fix] : [] });
    }
  },
};
