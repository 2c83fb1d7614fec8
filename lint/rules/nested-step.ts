import { Node } from "ts-morph";
import { describeStep } from "../analysis/step-ids";
import { functionDeclarationOf, isFunctionLike, isInside, unwrap } from "../analysis/syntax";
import { defineRule } from "../rule";

export const nestedStep = defineRule({
  id: "nested-step",
  severity: "error",
  description: "A step tool must not be called inside another step's callback (directly or through a helper); steps cannot be nested.",
  messages: {
    nested: "{inner} runs inside the callback of {outer}; steps cannot be nested — call it from the handler, after the outer step",
    helper: "{call} runs steps inside the callback of {outer}; steps cannot be nested — call it from the handler",
  },
  fixes: [],
  check({ file, report }) {
    for (const inner of file.stepCalls) {
      const outer = file.enclosingStepCall(inner.call);
      if (!outer || outer === inner) continue;
      const outerText = describeStep(outer.toolsExpression.getText(), outer.tool, outer.idArgument);
      report({ node: inner.call, messageId: "nested", data: { inner: describeStep(inner.toolsExpression.getText(), inner.tool, inner.idArgument), outer: outerText } });
    }
    for (const outer of file.stepCalls) {
      const callback = outer.callback;
      if (!callback) continue;
      const outerText = describeStep(outer.toolsExpression.getText(), outer.tool, outer.idArgument);
      callback.forEachDescendant((node) => {
        if (!Node.isCallExpression(node) || file.enclosingStepCall(node) !== outer) return;
        const isGroup = file.steps.groupParallelOf(node) !== undefined;
        const callee = unwrap(node.getExpression());
        const helper = file.steps.stepCallOf(node) ? undefined : isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
        if (!isGroup && !(helper && file.isStepBearing(helper))) return;
        if (helper && isInside(helper, callback)) return; // its own steps are reported where they are
        report({ node, messageId: "helper", data: { call: `${node.getExpression().getText()}(…)`, outer: outerText } });
      });
    }
  },
});
