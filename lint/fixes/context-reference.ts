// How to name `step` or `group` at a given place in a handler: the handler's own binding
// (`step`, a renamed `s`, `ctx.step`), adding `step` to its destructuring when it is missing.
import { Node } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import type { OffsetEdit } from "../rule";

export interface ContextReference {
  text: string;
  /** Edits needed for `text` to be in scope (e.g. adding `group` to `{ event, step }`). */
  edits: OffsetEdit[];
}

export function contextMember(analysis: FileAnalysis, at: Node, member: "step" | "group"): ContextReference | undefined {
  const scope = analysis.enclosingScope(at);
  if (!scope) return undefined;
  const fn = analysis.steps.functionOfHandler(scope);
  for (const parameter of scope.getParameters()) {
    const name = parameter.getNameNode();
    if (Node.isIdentifier(name)) {
      if (member === "step" && analysis.steps.isStepTools(name)) return { text: name.getText(), edits: [] };
      if (member === "group" && analysis.steps.isGroupTools(name)) return { text: name.getText(), edits: [] };
      if (analysis.steps.isContext(name)) return { text: `${name.getText()}.${member}`, edits: [] };
      continue;
    }
    if (!Node.isObjectBindingPattern(name) || (!fn && !parameter.getTypeNode())) continue;
    const elements = name.getElements();
    const existing = elements.find((e) => (e.getPropertyNameNode()?.getText() ?? e.getName()) === member);
    if (existing) {
      const local = existing.getNameNode();
      return Node.isIdentifier(local) ? { text: local.getText(), edits: [] } : undefined;
    }
    if (!fn || parameter !== scope.getParameters()[0]) continue;
    // The name must be free in the handler before it can be added to its destructuring.
    if (new RegExp(`\\b${member}\\b`).test(scope.getBody()?.getText() ?? "")) return undefined;
    if (elements.length === 0) return { text: member, edits: [{ start: name.getStart(), end: name.getEnd(), newText: `{ ${member} }` }] };
    const last = elements[elements.length - 1];
    return { text: member, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${member}` }] };
  }
  return undefined;
}
