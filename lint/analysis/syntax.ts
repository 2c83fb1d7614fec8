// Small questions about syntax that every analysis asks: unwrap, enclosing function, ancestry.
import { Node, SyntaxKind, type Expression, type ts } from "ts-morph";

export type FunctionLike =
  | import("ts-morph").ArrowFunction
  | import("ts-morph").FunctionExpression
  | import("ts-morph").FunctionDeclaration
  | import("ts-morph").MethodDeclaration;

export function isFunctionLike(node: Node | undefined): node is FunctionLike {
  return (
    node !== undefined &&
    (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node))
  );
}

/** Strips parentheses, `as`, `!`, `satisfies` and `<T>` casts. */
export function unwrap(node: Node): Node {
  let current = node;
  while (
    Node.isParenthesizedExpression(current) ||
    Node.isAsExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isSatisfiesExpression(current) ||
    Node.isTypeAssertion(current)
  ) {
    current = current.getExpression();
  }
  return current;
}

/** The nearest ancestor that is not a parenthesis or a cast, and the child it was reached from. */
export function climbWrappers(node: Node): { node: Node; parent: Node | undefined } {
  let current = node;
  let parent = current.getParent();
  while (
    parent &&
    (Node.isParenthesizedExpression(parent) ||
      Node.isAsExpression(parent) ||
      Node.isNonNullExpression(parent) ||
      Node.isSatisfiesExpression(parent) ||
      Node.isTypeAssertion(parent))
  ) {
    current = parent;
    parent = current.getParent();
  }
  return { node: current, parent };
}

export function enclosingFunction(node: Node): FunctionLike | undefined {
  let current = node.getParent();
  while (current && !isFunctionLike(current)) current = current.getParent();
  return current;
}

/** True when `node` lies within `container` (or is it). Compares the nodes' full ranges, which nest exactly. */
export function isInside(node: Node, container: Node): boolean {
  return node.getPos() >= container.getPos() && node.getEnd() <= container.getEnd() && node.getSourceFile() === container.getSourceFile();
}

export function isAsync(fn: FunctionLike): boolean {
  return fn.isAsync();
}

/** `Promise.all`-style combinator name, when `call` is `Promise.<name>(...)` on the global Promise. */
export function promiseCombinatorOf(call: Node): "all" | "allSettled" | "race" | "any" | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = unwrap(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const receiver = unwrap(callee.getExpression());
  if (!Node.isIdentifier(receiver) || receiver.getText() !== "Promise" || !isGlobal(receiver)) return undefined;
  const name = callee.getName();
  return name === "all" || name === "allSettled" || name === "race" || name === "any" ? name : undefined;
}

/** True when an identifier resolves to a global from a declaration file (or does not resolve at all). */
export function isGlobal(identifier: Node): boolean {
  const symbol = identifier.getSymbol();
  if (!symbol) return true;
  const declarations = symbol.getDeclarations();
  return declarations.length === 0 || declarations.every((d) => d.getSourceFile().isDeclarationFile());
}

/** The symbol an identifier refers to as a value: for `{ step }` shorthand, the variable `step`, not the property. */
export function valueSymbolOf(identifier: Node): ts.Symbol | undefined {
  const parent = identifier.getParent();
  if (parent && Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === identifier) {
    const checker = identifier.getProject().getTypeChecker().compilerObject;
    return checker.getShorthandAssignmentValueSymbol(parent.compilerNode) ?? undefined;
  }
  return identifier.getSymbol()?.compilerSymbol;
}

/** The compiler symbol an identifier refers to, following `import` aliases. */
export function resolvedSymbolOf(identifier: Node): ts.Symbol | undefined {
  const symbol = identifier.getSymbol();
  if (!symbol) return undefined;
  const aliased = symbol.isAlias() ? symbol.getAliasedSymbol() : undefined;
  return (aliased ?? symbol).compilerSymbol;
}

/** The declaration an identifier refers to, following import aliases; undefined for unresolved names. */
export function declarationOf(identifier: Node): Node | undefined {
  const symbol = identifier.getSymbol();
  if (!symbol) return undefined;
  const target = symbol.isAlias() ? symbol.getAliasedSymbol() ?? symbol : symbol;
  return target.getValueDeclaration() ?? target.getDeclarations()[0];
}

/** The module an identifier was imported from, when it is bound by an import in its own file. */
export function importSourceOf(identifier: Node): { module: string; importedName: string } | undefined {
  const symbol = identifier.getSymbol();
  const declaration = symbol?.getDeclarations()[0];
  if (!declaration) return undefined;
  const importDeclaration = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  if (importDeclaration) {
    const module = importDeclaration.getModuleSpecifierValue();
    if (Node.isImportSpecifier(declaration)) {
      return { module, importedName: declaration.getName() };
    }
    if (Node.isNamespaceImport(declaration)) return { module, importedName: "*" };
    if (Node.isImportClause(declaration)) return { module, importedName: "default" };
    return undefined;
  }
  // `const x = require("mod")` / `const { a } = require("mod")`
  const variable = Node.isBindingElement(declaration) ? declaration.getFirstAncestorByKind(SyntaxKind.VariableDeclaration) : declaration;
  if (variable && Node.isVariableDeclaration(variable)) {
    const init = variable.getInitializer();
    if (init && Node.isCallExpression(init) && init.getExpression().getText() === "require") {
      const arg = init.getArguments()[0];
      if (arg && Node.isStringLiteral(arg)) {
        const importedName = Node.isBindingElement(declaration) ? declaration.getPropertyNameNode()?.getText() ?? declaration.getName() : "*";
        return { module: arg.getLiteralValue(), importedName };
      }
    }
  }
  return undefined;
}

/** The variable or function a callee names, when it is a function with a body in the user's code. */
export function functionDeclarationOf(callee: Node): FunctionLike | undefined {
  const target = unwrap(callee);
  if (!Node.isIdentifier(target)) return undefined;
  const declaration = declarationOf(target);
  if (!declaration || declaration.getSourceFile().isDeclarationFile() || isInNodeModules(declaration)) return undefined;
  if (isFunctionLike(declaration)) return declaration.getBody() ? declaration : undefined;
  if (Node.isVariableDeclaration(declaration)) {
    const init = declaration.getInitializer();
    const fn = init ? unwrap(init) : undefined;
    if (isFunctionLike(fn)) return fn;
  }
  return undefined;
}

export function isInNodeModules(node: Node): boolean {
  return node.getSourceFile().getFilePath().includes("/node_modules/");
}

/** The expressions a function returns: its concise body, or the operands of its `return` statements. */
export function returnedExpressions(fn: FunctionLike): Expression[] {
  const body = fn.getBody();
  if (!body) return [];
  if (!Node.isBlock(body)) return [body as Expression];
  const results: Expression[] = [];
  body.forEachDescendant((node, traversal) => {
    if (isFunctionLike(node)) return traversal.skip();
    if (Node.isReturnStatement(node)) {
      const expr = node.getExpression();
      if (expr) results.push(expr);
    }
  });
  return results;
}

export function isAssignmentOperator(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** Statement that directly contains `node` inside a block or source file. */
export function enclosingStatement(node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current) {
    const parent: Node | undefined = current.getParent();
    if (parent && (Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent))) return current;
    if (isFunctionLike(current)) return undefined;
    current = parent;
  }
  return undefined;
}

export function isLoop(node: Node): boolean {
  return (
    Node.isForStatement(node) || Node.isForOfStatement(node) || Node.isForInStatement(node) || Node.isWhileStatement(node) || Node.isDoStatement(node)
  );
}

/** The whitespace before the first token on `node`'s line. */
export function indentationOf(node: Node): string {
  const text = node.getSourceFile().getFullText();
  const lineStart = text.lastIndexOf("\n", node.getStart() - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
