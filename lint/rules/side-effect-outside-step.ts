import { conditionDecidedBy } from "../analysis/branch-conditions";
import { wrapInStepFix } from "../fixes/wrap-in-step";
import { defineRule } from "../rule";

export const sideEffectOutsideStep = defineRule({
  id: "side-effect-outside-step",
  severity: "warning",
  description: "I/O in a handler outside any step — fetch, databases, the file system, API clients, and awaited writes or branch-deciding reads through the app's own services — runs again on every re-invocation and is not retried on its own.",
  messages: {
    sideEffect: "{call} runs again on every re-invocation of the handler (once per step) — move it into step.run so it runs once and is retried on its own",
    write: "{call} writes outside any step, so it happens again on every re-invocation of the handler (once per step) — move it into step.run so it happens once and is retried on its own",
    readDecides: "{call} reads outside any step and its result decides the condition on line {line}; a re-invocation may read something else and take another path past the memoized steps — read it inside step.run so the result is memoized",
  },
  fixes: ["Wrap in step.run"],
  check({ file, report }) {
    for (const node of file.steps.calls) {
      if (!file.runsOnEveryInvocation(node)) continue;
      const effect = file.sideEffects.of(node);
      const external = effect ? undefined : file.externalCalls.ofAwaited(node);
      if (!effect && !external) continue;
      const hint = node.getExpression().getText().split(".").slice(-1)[0].replace(/([a-z])([A-Z])/g, "$1-$2");
      const fix = wrapInStepFix(file, node, hint);
      const fixes = fix ? [fix] : [];
      if (effect) {
        report({ node, messageId: "sideEffect", data: { call: effect.label }, fixes });
      } else if (external!.isWrite) {
        report({ node, messageId: "write", data: { call: external!.label }, fixes });
      } else {
        const condition = conditionDecidedBy(file, node.getParentOrThrow());
        if (condition) report({ node, messageId: "readDecides", data: { call: external!.label, line: file.lineOf(condition) }, fixes });
      }
    }
  },
});
