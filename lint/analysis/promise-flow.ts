// Where a promise ends up: awaited, returned, gathered by Promise.all/allSettled/race/any, or lost.
// Follows it through variables, arrays, objects, spreads, `.then/.catch/.finally`, callbacks
// (`map` keeps it, `forEach` drops it), IIFEs and local helpers that receive it.
import { Node, SyntaxKind, type CallExpression, type ExpressionStatement, type ts, type VariableDeclaration, type VoidExpression } from "ts-morph";
import type { FileAnalysis } from "./file-analysis";
import { climbWrappers, functionDeclarationOf, isFunctionLike, promiseCombinatorOf, unwrap, type FunctionLike } from "./syntax";

export type PromiseFate =
  | { kind: "consumed" }
  | { kind: "floating"; statement: ExpressionStatement; expression: Node }
  | { kind: "voided"; voidExpression: VoidExpression }
  | { kind: "dropped-by-callback"; method: string; call: CallExpression }
  /** Stored in a variable (or handed to a parameter) that no read consumes. */
  | { kind: "never-used"; declaration?: VariableDeclaration };

const CONSUMED: PromiseFate = { kind: "consumed" };
const NOT_A_READ: PromiseFate = { kind: "never-used" };
const CALLBACK_DROPS_RESULT = new Set(["forEach", "filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex"]);
const CALLBACK_KEEPS_RESULT = new Set(["map", "flatMap"]);
const CARRIES_ARGUMENT = new Set(["Object.values", "Object.entries", "Array.from", "Array.of"]);

export class PromiseFlow {
  private readonly visitingVariables = new Set<ts.Symbol>();

  constructor(private readonly analysis: FileAnalysis) {}

  fateOf(expression: Node, depth = 0): PromiseFate {
    if (depth > 40) return CONSUMED;
    const { node, parent } = climbWrappers(expression);
    if (!parent) return CONSUMED;
    if (Node.isAwaitExpression(parent) || Node.isYieldExpression(parent)) return CONSUMED;
    if (Node.isExpressionStatement(parent)) return { kind: "floating", statement: parent, expression: node };
    if (Node.isVoidExpression(parent)) return { kind: "voided", voidExpression: parent };
    if (Node.isReturnStatement(parent)) {
      const fn = parent.getFirstAncestor((a) => isFunctionLike(a)) as FunctionLike | undefined;
      return fn ? this.fateOfResult(fn, depth) : CONSUMED;
    }
    if (isFunctionLike(parent) && Node.isArrowFunction(parent) && parent.getBody() === node) return this.fateOfResult(parent, depth);
    if (Node.isConditionalExpression(parent)) return parent.getCondition() === node ? CONSUMED : this.fateOf(parent, depth + 1);
    if (Node.isBinaryExpression(parent)) {
      const operator = parent.getOperatorToken().getKind();
      if (operator === SyntaxKind.EqualsToken && parent.getRight() === node) {
        const target = unwrap(parent.getLeft());
        return Node.isIdentifier(target) ? this.fateOfVariable(target, depth) : CONSUMED;
      }
      if (operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.AmpersandAmpersandToken) {
        return this.fateOf(parent, depth + 1);
      }
      if (operator === SyntaxKind.CommaToken) return parent.getRight() === node ? this.fateOf(parent, depth + 1) : { kind: "floating", statement: parent.getFirstAncestorByKindOrThrow(SyntaxKind.ExpressionStatement), expression: node };
      return CONSUMED;
    }
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
      const name = parent.getNameNode();
      return Node.isIdentifier(name) ? this.fateOfVariable(name, depth) : CONSUMED;
    }
    if (Node.isArrayLiteralExpression(parent) || Node.isSpreadElement(parent)) return this.fateOf(parent, depth + 1);
    if (Node.isPropertyAssignment(parent) || Node.isShorthandPropertyAssignment(parent)) {
      const literal = parent.getParent();
      return literal && Node.isObjectLiteralExpression(literal) ? this.fateOf(literal, depth + 1) : CONSUMED;
    }
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) {
      const name = parent.getName();
      const call = parent.getParent();
      const isCallee = call && Node.isCallExpression(call) && call.getExpression() === parent;
      if (isCallee && (name === "then" || name === "catch" || name === "finally")) return this.fateOf(call, depth + 1);
      return CONSUMED;
    }
    if (Node.isCallExpression(parent) && parent.getExpression() !== node) return this.fateAsArgument(parent, node, depth);
    if (Node.isForOfStatement(parent) && parent.getExpression() === node) {
      const initializer = parent.getInitializer();
      const declaration = Node.isVariableDeclarationList(initializer) ? initializer.getDeclarations()[0] : undefined;
      const name = declaration?.getNameNode();
      return name && Node.isIdentifier(name) ? this.fateOfVariable(name, depth) : CONSUMED;
    }
    return CONSUMED;
  }

  /** A function returned the promise: whoever receives the function's result decides. */
  private fateOfResult(fn: FunctionLike, depth: number): PromiseFate {
    if (this.analysis.steps.isHandler(fn) || this.analysis.isStepCallback(fn)) return CONSUMED;
    const { node, parent } = climbWrappers(fn);
    if (!parent) return CONSUMED;
    if (Node.isCallExpression(parent) && parent.getExpression() === node) return this.fateOf(parent, depth + 1); // IIFE
    if (Node.isCallExpression(parent)) {
      const callee = unwrap(parent.getExpression());
      const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
      if (method && CALLBACK_DROPS_RESULT.has(method)) return { kind: "dropped-by-callback", method, call: parent };
      if (method && (CALLBACK_KEEPS_RESULT.has(method) || method === "then" || method === "catch" || method === "finally")) return this.fateOf(parent, depth + 1);
      if (callee.getText() === "Array.from") return this.fateOf(parent, depth + 1);
      if (this.analysis.steps.groupParallelOf(parent)) return this.fateOf(parent, depth + 1);
    }
    return CONSUMED;
  }

  private fateAsArgument(call: CallExpression, argument: Node, depth: number): PromiseFate {
    if (promiseCombinatorOf(call)) return this.fateOf(call, depth + 1);
    const callee = unwrap(call.getExpression());
    if (CARRIES_ARGUMENT.has(callee.getText())) return this.fateOf(call, depth + 1);
    if (Node.isPropertyAccessExpression(callee)) {
      const name = callee.getName();
      const receiver = unwrap(callee.getExpression());
      if ((name === "push" || name === "unshift") && Node.isIdentifier(receiver)) return this.fateOfVariable(receiver, depth);
      if (name === "concat") return this.fateOf(call, depth + 1);
    }
    if (this.analysis.steps.stepCallOf(call)) return CONSUMED;
    const fn = isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
    if (!fn) return CONSUMED;
    const index = call.getArguments().indexOf(argument as never);
    const parameter = fn.getParameters()[index];
    const name = parameter?.getNameNode();
    if (!name || !Node.isIdentifier(name) || parameter.isRestParameter()) return CONSUMED;
    // A helper that never awaits the promise drops it; that is reported where the promise was made.
    return this.fateOfVariable(name, depth);
  }

  /** A variable holds the promise: it is consumed when any read of the variable is. */
  private fateOfVariable(name: Node, depth: number): PromiseFate {
    const symbol = name.getSymbol();
    if (!symbol) return CONSUMED;
    const declaration = symbol.getValueDeclaration();
    const neverUsed: PromiseFate = { kind: "never-used", declaration: declaration && Node.isVariableDeclaration(declaration) ? declaration : undefined };
    if (this.visitingVariables.has(symbol.compilerSymbol)) return neverUsed;
    this.visitingVariables.add(symbol.compilerSymbol);
    try {
      const scope = (declaration ?? name).getFirstAncestor((a) => isFunctionLike(a)) ?? name.getSourceFile();
      const reads = this.analysis.references.referencesWithin(name, scope);
      return reads.some((read) => this.fateOfRead(read, depth + 1).kind === "consumed") ? CONSUMED : neverUsed;
    } finally {
      this.visitingVariables.delete(symbol.compilerSymbol);
    }
  }

  private fateOfRead(reference: Node, depth: number): PromiseFate {
    const parent = reference.getParent();
    if (!parent) return CONSUMED;
    if (Node.isBinaryExpression(parent) && parent.getLeft() === reference && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      return NOT_A_READ;
    }
    if (Node.isVariableDeclaration(parent) && parent.getNameNode() === reference) return NOT_A_READ;
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === reference) {
      const name = parent.getName();
      const call = parent.getParent();
      const isCallee = call && Node.isCallExpression(call) && call.getExpression() === parent;
      if (name === "length" || (isCallee && (name === "push" || name === "unshift"))) return NOT_A_READ;
      if (isCallee && name === "forEach") return CONSUMED;
      if (isCallee) return this.fateOf(call, depth);
      return this.fateOf(parent, depth);
    }
    if (Node.isElementAccessExpression(parent) && parent.getExpression() === reference) return this.fateOf(parent, depth);
    return this.fateOf(reference, depth);
  }
}
