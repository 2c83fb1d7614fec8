import { Node } from "ts-morph";
import { describeStep } from "../analysis/step-ids";
import { functionDeclarationOf, isFunctionLike, isInside, unwrap } from "../analysis/syntax";
import type { Rule } from "../rule";

export const nestedStep: Rule = {
  id: "nested-step",
  severity: "error",
  description: "A step tool must not be called inside another step's callback (directly or through a helper); steps cannot be nested.",
  messages: {
    nested: "{inner} runs inside the callback of {outer}; steps cannot be nested — call it from the handler, after the outer step",
    helper: "{call} runs steps inside the callback of {outer}; steps cannot be nested — call it from the handler",
  },
  fixes: [],
  check({ file, report }) {
    for (const outer of file.stepCalls) {
      const callback = outer.callback;
      if (!callback) continue;
      const outerText = describeStep(outer.toolsExpression.getText(), outer.tool, outer.idArgument);
      for (const inner of file.stepCalls) {
        if (inner === outer || !isInside(inner.call, callback) || file.enclosingStepCall(inner.call) !== outer) continue;
        report({ node: inner.call, messageId: "nested", data: { inner: describeStep(inner.toolsExpression.getText(), inner.tool, inner.idArgument), outer: outerText } });
      }
      callback.forEachDescendant((node) => {
        if (!Node.isCallExpression(node) || file.enclosingStepCall(node) !== outer) return;
        const isGroup = file.steps.groupParallelCalls.some((g) => g.call === node);
        const callee = unwrap(node.getExpression());
        const helper = file.steps.stepCallOf(node) ? undefined : isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
        if (!isGroup && !(helper && file.isStepBearing(helper))) return;
        if (helper && isInside(helper, callback)) return; // its own steps are reported where they are
        report({ node, messageId: "helper", data: { call: `${node.getExpression().getText()}(…)`, outer: outerText } });
      });
    }
  },
};
