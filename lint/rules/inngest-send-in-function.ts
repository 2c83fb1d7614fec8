import { sendToStepSendEventFix } from "../fixes/send-to-step-send-event";
import { defineRule } from "../rule";
import { clientSends } from "./unawaited-send";

export const inngestSendInFunction = defineRule({
  id: "inngest-send-in-function",
  severity: "warning",
  description: "Inside an Inngest function, send events with step.sendEvent: inngest.send() outside a step runs again on every re-invocation and is not retried as a step.",
  messages: {
    send: "{call} inside an Inngest function runs again on every re-invocation and sends the events again — use step.sendEvent(\"id\", payload), which is memoized and retried",
  },
  fixes: ["Use step.sendEvent"],
  check({ file, report }) {
    for (const send of clientSends(file)) {
      if (!file.runsOnEveryInvocation(send)) continue;
      const fix = sendToStepSendEventFix(file, send);
      report({ node: send, messageId: "send", data: { call: `${send.getExpression().getText()}()` }, fixes: fix ? [fix] : [] });
    }
  },
});
