// What is statically known about numbers, array lengths, loop trip counts and the JSON size of
// values: enough for the step-count and step-output-size advisories. Unknown stays undefined.
import { Node, SyntaxKind } from "ts-morph";
import { declarationOf, isFunctionLike, unwrap } from "./syntax";

const MAX_DEPTH = 8;

export function staticNumber(expression: Node | undefined, depth = 0): number | undefined {
  if (!expression || depth > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  if (Node.isNumericLiteral(node)) return node.getLiteralValue();
  if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.MinusToken) {
    const value = staticNumber(node.getOperand(), depth + 1);
    return value === undefined ? undefined : -value;
  }
  if (Node.isBinaryExpression(node)) {
    const left = staticNumber(node.getLeft(), depth + 1);
    const right = staticNumber(node.getRight(), depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (node.getOperatorToken().getKind()) {
      case SyntaxKind.PlusToken: return left + right;
      case SyntaxKind.MinusToken: return left - right;
      case SyntaxKind.AsteriskToken: return left * right;
      case SyntaxKind.SlashToken: return right === 0 ? undefined : left / right;
      case SyntaxKind.AsteriskAsteriskToken: return left ** right;
      default: return undefined;
    }
  }
  if (Node.isIdentifier(node)) {
    const init = constInitializer(node);
    return init ? staticNumber(init, depth + 1) : undefined;
  }
  if (Node.isPropertyAccessExpression(node) && node.getName() === "length") return staticLength(node.getExpression(), depth + 1);
  return undefined;
}

/** The number of elements of an array expression, when it is known. */
export function staticLength(expression: Node | undefined, depth = 0): number | undefined {
  if (!expression || depth > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  if (Node.isArrayLiteralExpression(node)) {
    let count = 0;
    for (const element of node.getElements()) {
      if (Node.isSpreadElement(element)) {
        const inner = staticLength(element.getExpression(), depth + 1);
        if (inner === undefined) return undefined;
        count += inner;
      } else count += 1;
    }
    return count;
  }
  if (Node.isIdentifier(node)) {
    const init = constInitializer(node);
    return init ? staticLength(init, depth + 1) : undefined;
  }
  if (Node.isNewExpression(node) || Node.isCallExpression(node)) {
    const callee = unwrap(node.getExpression());
    const args = node.getArguments();
    const calleeText = callee.getText();
    if (calleeText === "Array" && args.length === 1) return staticNumber(args[0], depth + 1);
    if (calleeText === "Array.from" && args[0]) {
      const source = unwrap(args[0]);
      if (Node.isObjectLiteralExpression(source)) {
        const length = source.getProperty("length");
        return length && Node.isPropertyAssignment(length) ? staticNumber(length.getInitializer(), depth + 1) : undefined;
      }
      return staticLength(source, depth + 1);
    }
    if (Node.isPropertyAccessExpression(callee) && ["fill", "map", "keys", "values", "entries", "reverse", "sort"].includes(callee.getName())) {
      return staticLength(callee.getExpression(), depth + 1);
    }
  }
  return undefined;
}

/** How many times the body of a loop (or of an array callback) runs, when it is known. */
export function staticTripCount(loop: Node): number | undefined {
  if (Node.isForStatement(loop)) {
    const initializer = loop.getInitializer();
    const declaration = initializer && Node.isVariableDeclarationList(initializer) ? initializer.getDeclarations()[0] : undefined;
    const start = staticNumber(declaration?.getInitializer());
    const counter = declaration?.getName();
    const condition = loop.getCondition();
    const step = incrementOf(loop.getIncrementor(), counter);
    if (start === undefined || !counter || !condition || !Node.isBinaryExpression(condition) || !step) return undefined;
    const operator = condition.getOperatorToken().getKind();
    if (unwrap(condition.getLeft()).getText() !== counter) return undefined;
    const end = staticNumber(condition.getRight());
    if (end === undefined) return undefined;
    if (operator === SyntaxKind.LessThanToken) return Math.max(0, Math.ceil((end - start) / step));
    if (operator === SyntaxKind.LessThanEqualsToken) return Math.max(0, Math.floor((end - start) / step) + 1);
    return undefined;
  }
  if (Node.isForOfStatement(loop)) return staticLength(loop.getExpression());
  if (isFunctionLike(loop)) {
    const call = loop.getParent();
    if (!call || !Node.isCallExpression(call) || !call.getArguments().includes(loop as never)) return undefined;
    const callee = unwrap(call.getExpression());
    if (callee.getText() === "Array.from" && call.getArguments()[1] === loop) return staticLength(call);
    if (Node.isPropertyAccessExpression(callee) && ["map", "forEach", "flatMap"].includes(callee.getName())) return staticLength(callee.getExpression());
  }
  return undefined;
}

function incrementOf(incrementor: Node | undefined, counter: string | undefined): number | undefined {
  if (!incrementor || !counter) return undefined;
  const node = unwrap(incrementor);
  if ((Node.isPostfixUnaryExpression(node) || Node.isPrefixUnaryExpression(node)) && node.getOperand().getText() === counter) {
    return node.getOperatorToken() === SyntaxKind.PlusPlusToken ? 1 : undefined;
  }
  if (Node.isBinaryExpression(node) && node.getLeft().getText() === counter && node.getOperatorToken().getKind() === SyntaxKind.PlusEqualsToken) {
    const step = staticNumber(node.getRight());
    return step && step > 0 ? step : undefined;
  }
  return undefined;
}

/** A lower bound on the size in bytes of the JSON a value serialises to; undefined when nothing is known. */
export function staticJsonSize(expression: Node | undefined, depth = 0): number | undefined {
  if (!expression || depth > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue().length + 2;
  if (Node.isNumericLiteral(node)) return node.getText().length;
  if (node.getKind() === SyntaxKind.TrueKeyword) return 4;
  if (node.getKind() === SyntaxKind.FalseKeyword) return 5;
  if (node.getKind() === SyntaxKind.NullKeyword) return 4;
  if (Node.isAwaitExpression(node)) return staticJsonSize(node.getExpression(), depth + 1);
  if (Node.isIdentifier(node)) {
    const init = constInitializer(node);
    return init ? staticJsonSize(init, depth + 1) : undefined;
  }
  if (Node.isArrayLiteralExpression(node)) return 2 + sum(node.getElements().map((e) => (staticJsonSize(e, depth + 1) ?? 0) + 1));
  if (Node.isObjectLiteralExpression(node)) {
    let total = 2;
    for (const property of node.getProperties()) {
      if (Node.isPropertyAssignment(property)) total += property.getName().length + 4 + (staticJsonSize(property.getInitializer(), depth + 1) ?? 0);
      else if (Node.isShorthandPropertyAssignment(property)) total += property.getName().length + 4 + (staticJsonSize(property.getNameNode(), depth + 1) ?? 0);
    }
    return total;
  }
  if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
    const callee = unwrap(node.getExpression());
    const args = node.getArguments();
    if (Node.isPropertyAccessExpression(callee)) {
      const method = callee.getName();
      const receiver = callee.getExpression();
      if (method === "repeat") {
        const unit = staticJsonSize(receiver, depth + 1);
        const times = staticNumber(args[0]);
        return unit !== undefined && times !== undefined ? (unit - 2) * times + 2 : undefined;
      }
      if (method === "alloc" && receiver.getText() === "Buffer") {
        const length = staticNumber(args[0]);
        return length === undefined ? undefined : 2 * length + 30; // {"type":"Buffer","data":[0,0,…]}
      }
      if (method === "fill") {
        const length = staticLength(receiver, depth + 1);
        const element = staticJsonSize(args[0], depth + 1) ?? 1;
        return length === undefined ? undefined : 2 + length * (element + 1);
      }
      if (method === "toString" || method === "join") return staticJsonSize(receiver, depth + 1);
    }
    if (callee.getText() === "Array.from") {
      const length = staticLength(node);
      const mapper = args[1] ? unwrap(args[1]) : undefined;
      const body = mapper && isFunctionLike(mapper) ? mapper.getBody() : undefined;
      const element = body && !Node.isBlock(body) ? staticJsonSize(body, depth + 1) ?? 1 : 4;
      return length === undefined ? undefined : 2 + length * (element + 1);
    }
  }
  if (Node.isTemplateExpression(node)) return node.getText().length;
  return undefined;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function constInitializer(identifier: Node): Node | undefined {
  const declaration = declarationOf(identifier);
  if (!declaration || !Node.isVariableDeclaration(declaration)) return undefined;
  const list = declaration.getParent();
  if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== "const") return undefined;
  return declaration.getInitializer();
}
