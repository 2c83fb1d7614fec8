// The step ID a call site uses, when it is a compile-time string.
import { Node } from "ts-morph";
import { declarationOf, unwrap } from "./syntax";

/** The expression that carries the ID: the argument itself, or the `id` of an options object. */
export function idExpressionOf(idArgument: Node | undefined): Node | undefined {
  if (!idArgument) return undefined;
  const node = unwrap(idArgument);
  if (Node.isObjectLiteralExpression(node)) {
    const id = node.getProperty("id");
    if (id && Node.isPropertyAssignment(id)) return id.getInitializer();
    if (id && Node.isShorthandPropertyAssignment(id)) return id.getNameNode();
    return undefined;
  }
  return node;
}

export function staticStepId(idArgument: Node | undefined): string | undefined {
  const expression = idExpressionOf(idArgument);
  if (!expression) return undefined;
  const node = unwrap(expression);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isIdentifier(node)) {
    const declaration = declarationOf(node);
    if (declaration && Node.isVariableDeclaration(declaration)) {
      const list = declaration.getParent();
      const init = declaration.getInitializer();
      if (Node.isVariableDeclarationList(list) && list.getDeclarationKind() === "const" && init && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init))) {
        return init.getLiteralValue();
      }
    }
  }
  return undefined;
}

/** A short description of a step call for messages: `step.run("send-email")`. */
export function describeStep(toolsText: string, tool: string, idArgument: Node | undefined): string {
  const id = staticStepId(idArgument);
  return id !== undefined ? `${toolsText}.${tool}("${id}")` : `${toolsText}.${tool}(…)`;
}
