import { Node, type CallExpression } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import { isInngestClient } from "../analysis/inngest-client";
import { unwrap } from "../analysis/syntax";
import { addAwaitFix } from "../fixes/add-await";
import { defineRule } from "../rule";

export const unawaitedSend = defineRule({
  id: "unawaited-send",
  severity: "error",
  description: "inngest.send() returns a promise that must be awaited (or deliberately discarded with void); left floating, the events can be lost when the request or process ends first.",
  messages: {
    floating: "{call} is not awaited, so the events can be lost when the request or process ends first — await it",
  },
  fixes: ["Add await"],
  check({ file, report }) {
    for (const send of clientSends(file)) {
      const fate = file.promiseFlow.fateOf(send);
      // `void inngest.send(…)` says "fire and forget" on purpose, as typescript-eslint's no-floating-promises reads `void`.
      if (fate.kind === "consumed" || fate.kind === "voided") continue;
      const fix = fate.kind === "floating" && unwrap(fate.expression) === send ? addAwaitFix(send) : undefined;
      report({ node: send, messageId: "floating", data: { call: `${send.getExpression().getText()}()` }, fixes: fix ? [fix] : [] });
    }
  },
});

const sendsByFile = new WeakMap<FileAnalysis, CallExpression[]>();

/** Every `client.send(...)` on an Inngest client in the file. */
export function clientSends(file: FileAnalysis): CallExpression[] {
  let sends = sendsByFile.get(file);
  if (!sends) {
    sends = file.steps.calls.filter((node) => {
      const callee = unwrap(node.getExpression());
      return Node.isPropertyAccessExpression(callee) && callee.getName() === "send" && isInngestClient(callee.getExpression());
    });
    sendsByFile.set(file, sends);
  }
  return sends;
}
