// Fix: `inngest.send(payload)` → `step.sendEvent("send-<event>", payload)`, the durable way to send from a function.
import { Node, type CallExpression } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import { unwrap } from "../analysis/syntax";
import type { FixProposal } from "../rule";
import { contextMember } from "./context-reference";
import { uniqueStepId } from "./wrap-in-step";

export function sendToStepSendEventFix(analysis: FileAnalysis, send: CallExpression): FixProposal | undefined {
  const payload = send.getArguments()[0];
  if (!payload) return undefined;
  const step = contextMember(analysis, send, "step");
  if (!step) return undefined;
  const stepId = uniqueStepId(analysis, `send-${eventNameOf(payload) ?? "event"}`);
  return {
    title: `Use ${step.text}.sendEvent("${stepId}", …)`,
    edits: [
      ...step.edits,
      { start: send.getExpression().getStart(), end: send.getExpression().getEnd(), newText: `${step.text}.sendEvent` },
      { start: payload.getStart(), end: payload.getStart(), newText: `"${stepId}", ` },
    ],
  };
}

function eventNameOf(payload: Node): string | undefined {
  let node = unwrap(payload);
  if (Node.isArrayLiteralExpression(node)) node = node.getElements()[0] ?? node;
  if (!Node.isObjectLiteralExpression(node)) return undefined;
  const name = node.getProperty("name");
  const value = name && Node.isPropertyAssignment(name) ? name.getInitializer() : undefined;
  return value && Node.isStringLiteral(value) ? value.getLiteralValue() : undefined;
}
