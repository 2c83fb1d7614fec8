// Recognises an Inngest client (`new Inngest(...)` from the SDK) through variables and imports.
import { Node } from "ts-morph";
import { isInngestDeclaration, isInngestModule } from "./inngest-sdk";
import { declarationOf, importSourceOf, unwrap } from "./syntax";

/** True when `expr` is an Inngest client; unresolvable names count when they are spelled like one. */
export function isInngestClient(expr: Node, depth = 0): boolean {
  const target = unwrap(expr);
  if (!Node.isIdentifier(target)) {
    if (Node.isPropertyAccessExpression(target)) return /^(inngest|inngestClient)$/.test(target.getName()) && depth === 0;
    return false;
  }
  const declaration = declarationOf(target);
  if (!declaration) return /^(inngest|inngestClient|client)$/.test(target.getText());
  if (isInngestDeclaration(declaration)) return false;
  if (Node.isVariableDeclaration(declaration) || Node.isParameterDeclaration(declaration) || Node.isPropertyDeclaration(declaration)) {
    const typeNode = declaration.getTypeNode();
    if (typeNode && Node.isTypeReference(typeNode)) {
      const typeName = typeNode.getTypeName();
      if (isInngestClass(Node.isQualifiedName(typeName) ? typeName.getRight() : typeName)) return true;
    }
    const init = declaration.getInitializer();
    if (init) {
      const value = unwrap(init);
      if (Node.isNewExpression(value)) return isInngestClass(value.getExpression());
      if (Node.isIdentifier(value) && depth < 3) return isInngestClient(value, depth + 1);
    }
  }
  return false;
}

function isInngestClass(expr: Node): boolean {
  const target = unwrap(expr);
  if (Node.isQualifiedName(target.getParent() ?? target) && Node.isIdentifier(target)) {
    const namespace = (target.getParent() as import("ts-morph").QualifiedName).getLeft();
    const source = Node.isIdentifier(namespace) ? importSourceOf(namespace) : undefined;
    if (source) return isInngestModule(source.module) && target.getText() === "Inngest";
  }
  if (Node.isIdentifier(target)) {
    const source = importSourceOf(target);
    if (source) return isInngestModule(source.module) && (source.importedName === "Inngest" || source.importedName === "default");
    const declaration = declarationOf(target);
    return declaration ? isInngestDeclaration(declaration) : target.getText() === "Inngest";
  }
  if (Node.isPropertyAccessExpression(target) && target.getName() === "Inngest") {
    const namespace = unwrap(target.getExpression());
    const source = Node.isIdentifier(namespace) ? importSourceOf(namespace) : undefined;
    return source !== undefined && isInngestModule(source.module);
  }
  return false;
}
