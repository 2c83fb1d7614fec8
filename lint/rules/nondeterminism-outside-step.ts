import { Node, type CallExpression } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import type { NondeterministicSource } from "../analysis/nondeterminism";
import { functionDeclarationOf, returnedExpressions } from "../analysis/syntax";
import { memoizeInStepFix } from "../fixes/wrap-in-step";
import { defineRule } from "../rule";

export const nondeterminismOutsideStep = defineRule({
  id: "nondeterminism-outside-step",
  severity: "warning",
  description: "Clocks, randomness and fresh IDs in a handler outside any step give a different value on every re-invocation; compute them inside a step.",
  messages: {
    direct: "{source} runs again on every re-invocation of the handler and gives a different value each time — compute it inside step.run so it is memoized",
    helper: "{call} returns {source}, which runs again on every re-invocation of the handler — compute it inside step.run so it is memoized",
  },
  fixes: ["Move the value into its own step.run"],
  check({ file, report }) {
    for (const node of [...file.steps.calls, ...file.newExpressions]) {
      if (!file.runsOnEveryInvocation(node) || isStepArgument(file, node)) continue;
      const source = file.nondeterminism.sourceAt(node);
      if (source) {
        const fix = memoizeInStepFix(file, source);
        report({ node, messageId: "direct", data: { source: source.label }, fixes: fix ? [fix] : [] });
        continue;
      }
      if (!Node.isCallExpression(node)) continue;
      const helperSource = throughHelper(file, node);
      if (!helperSource) continue;
      const asSource: NondeterministicSource = {
        node,
        label: `${node.getExpression().getText()}()`,
        memoize: helperSource.memoize && helperSource.memoize.rebuild("x") === "x" ? { stepBody: node.getText(), rebuild: (m) => m, name: helperSource.memoize.name } : undefined,
      };
      const fix = memoizeInStepFix(file, asSource);
      report({ node, messageId: "helper", data: { call: asSource.label, source: helperSource.label }, fixes: fix ? [fix] : [] });
    }
  },
});

/** A local helper outside the handler whose result depends on a non-deterministic source. */
function throughHelper(file: FileAnalysis, call: CallExpression): NondeterministicSource | undefined {
  const helper = functionDeclarationOf(call.getExpression());
  if (!helper || file.enclosingScope(helper) || file.steps.helpers.has(helper) || file.isStepBearing(helper)) return undefined;
  for (const returned of returnedExpressions(helper)) {
    const source = file.nondeterminism.dependsOn(returned);
    if (source) return source;
  }
  return undefined;
}

/** Inside a step call's arguments: its ID (another rule) or values the step memoizes with it. */
function isStepArgument(file: FileAnalysis, node: Node): boolean {
  for (let current = node.getParent(); current; current = current.getParent()) {
    if (Node.isCallExpression(current) && file.steps.stepCallOf(current)) return true;
    if (Node.isBlock(current) || Node.isSourceFile(current)) return false;
  }
  return false;
}
