// Where a promise ends up: awaited, returned, gathered by Promise.all/allSettled/race/any, or lost.
// Follows it through variables, arrays, objects, spreads, `.then/.catch/.finally`, callbacks
// (`map` keeps it, `forEach` drops it), IIFEs and local helpers that receive it.
//
// A promise put into an array or object is `nesting` levels deep in what flows on: `await` and
// `return` do not reach into a structure (`return { saved: step.run(…) }` hands the SDK an object
// whose promise nobody awaits), only Promise.all/allSettled/race/any unwrap one level, and reading
// an element or property (`tasks.a`, `jobs[0]`, `for (const p of jobs)`) takes one level off.
import { Node, SyntaxKind, type CallExpression, type ExpressionStatement, type ts, type VariableDeclaration, type VoidExpression } from "ts-morph";
import type { FileAnalysis } from "./file-analysis";
import { climbWrappers, functionDeclarationOf, isFunctionLike, promiseCombinatorOf, unwrap, type FunctionLike } from "./syntax";

export type PromiseFate =
  | { kind: "consumed" }
  /** Left as a statement; `nesting` > 0 when what is left is an array of promises (`ids.map(async …)`). */
  | { kind: "floating"; statement: ExpressionStatement; expression: Node; nesting: number }
  | { kind: "voided"; voidExpression: VoidExpression }
  | { kind: "dropped-by-callback"; method: string; call: CallExpression }
  /** Put into an array or object that is then awaited or returned as a whole: nothing awaits the promise inside. */
  | { kind: "in-structure"; container: Node; how: "awaited" | "returned by the handler" }
  /** Stored in a variable (or handed to a parameter) that no read consumes. */
  | { kind: "never-used"; declaration?: VariableDeclaration };

/** How deep inside arrays and objects the promise is, and whether that structure is itself behind a promise (an async function's result). */
interface Flow {
  nesting: number;
  wrapped: boolean;
  /** The outermost array or object literal the promise was put into. */
  container?: Node;
}

const CONSUMED: PromiseFate = { kind: "consumed" };
const NOT_A_READ: PromiseFate = { kind: "never-used" };
const BARE: Flow = { nesting: 0, wrapped: false };
const CALLBACK_DROPS_RESULT = new Set(["forEach", "filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex"]);
const ARRAY_METHODS_KEEPING_ELEMENTS = new Set(["map", "filter", "slice", "concat", "reverse", "sort", "toReversed", "toSorted", "flat", "values"]);
const CARRIES_ARGUMENT = new Set(["Object.values", "Array.from", "Array.of"]);

export class PromiseFlow {
  private readonly visitingVariables = new Set<ts.Symbol>();
  private readonly visitingHelpers = new Set<Node>();

  constructor(private readonly analysis: FileAnalysis) {}

  /** The fate of the promise `expression` evaluates to. */
  fateOf(expression: Node): PromiseFate {
    return this.follow(expression, 0, BARE);
  }

  /** The fate of the promise a callback returns each time it is called (`items.forEach(async (x) => …)`). */
  fateOfCallbackResult(fn: FunctionLike): PromiseFate {
    return this.fateOfResult(fn, 0, BARE);
  }

  private follow(expression: Node, depth: number, flow: Flow): PromiseFate {
    if (depth > 40 || flow.nesting < 0) return CONSUMED;
    const { node, parent } = climbWrappers(expression);
    if (!parent) return CONSUMED;
    if (Node.isAwaitExpression(parent) || Node.isYieldExpression(parent)) {
      if (flow.wrapped) return this.follow(parent, depth + 1, { ...flow, wrapped: false });
      return flow.nesting === 0 ? CONSUMED : { kind: "in-structure", container: flow.container ?? node, how: "awaited" };
    }
    if (Node.isExpressionStatement(parent)) return { kind: "floating", statement: parent, expression: node, nesting: flow.nesting };
    if (Node.isVoidExpression(parent)) return { kind: "voided", voidExpression: parent };
    if (Node.isReturnStatement(parent)) {
      const fn = parent.getFirstAncestor((a) => isFunctionLike(a)) as FunctionLike | undefined;
      return fn ? this.fateOfResult(fn, depth, flow) : CONSUMED;
    }
    if (isFunctionLike(parent) && Node.isArrowFunction(parent) && parent.getBody() === node) return this.fateOfResult(parent, depth, flow);
    if (Node.isConditionalExpression(parent)) return parent.getCondition() === node ? CONSUMED : this.follow(parent, depth + 1, flow);
    if (Node.isBinaryExpression(parent)) {
      const operator = parent.getOperatorToken().getKind();
      if (operator === SyntaxKind.EqualsToken && parent.getRight() === node) {
        const target = unwrap(parent.getLeft());
        if (Node.isIdentifier(target)) return this.fateOfVariable(target, depth, flow);
        // `counts[bin] = step.run(…)`, `tasks.order = step.run(…)`: the promise goes into the variable's structure.
        const holder = Node.isElementAccessExpression(target) || Node.isPropertyAccessExpression(target) ? unwrap(target.getExpression()) : undefined;
        if (holder && Node.isIdentifier(holder) && !flow.wrapped) return this.fateOfVariable(holder, depth, { nesting: flow.nesting + 1, wrapped: false, container: flow.container ?? holder });
        return CONSUMED;
      }
      if (operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.AmpersandAmpersandToken) {
        return this.follow(parent, depth + 1, flow);
      }
      if (operator === SyntaxKind.CommaToken) {
        if (parent.getRight() === node) return this.follow(parent, depth + 1, flow);
        const statement = parent.getFirstAncestorByKind(SyntaxKind.ExpressionStatement);
        return statement ? { kind: "floating", statement, expression: node, nesting: flow.nesting } : CONSUMED;
      }
      return CONSUMED;
    }
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
      const name = parent.getNameNode();
      return Node.isIdentifier(name) ? this.fateOfVariable(name, depth, flow) : CONSUMED;
    }
    if (Node.isArrayLiteralExpression(parent)) return this.intoStructure(parent, depth, flow);
    if (Node.isSpreadElement(parent) || Node.isSpreadAssignment(parent)) {
      const outer = parent.getParent();
      if (!outer || flow.nesting === 0) return CONSUMED;
      // `[...jobs]`, `{ ...tasks }`: the elements move into the new literal, as deep as before.
      if (Node.isArrayLiteralExpression(outer) || Node.isObjectLiteralExpression(outer)) return this.follow(outer, depth + 1, flow);
      if (Node.isCallExpression(outer)) return this.asArgument(outer, parent, depth, outOf(flow));
      return CONSUMED;
    }
    if (Node.isPropertyAssignment(parent) || Node.isShorthandPropertyAssignment(parent)) {
      const literal = parent.getParent();
      return literal && Node.isObjectLiteralExpression(literal) ? this.intoStructure(literal, depth, flow) : CONSUMED;
    }
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) return this.throughMember(parent, depth, flow);
    if (Node.isElementAccessExpression(parent) && parent.getExpression() === node) {
      return flow.nesting > 0 && !flow.wrapped ? this.follow(parent, depth + 1, outOf(flow)) : CONSUMED;
    }
    if (Node.isCallExpression(parent) && parent.getExpression() !== node) return this.asArgument(parent, node, depth, flow);
    if (Node.isForOfStatement(parent) && parent.getExpression() === node) {
      if (flow.nesting === 0 || flow.wrapped) return CONSUMED;
      const initializer = parent.getInitializer();
      const declaration = Node.isVariableDeclarationList(initializer) ? initializer.getDeclarations()[0] : undefined;
      const name = declaration?.getNameNode();
      return name && Node.isIdentifier(name) ? this.fateOfVariable(name, depth, outOf(flow)) : CONSUMED;
    }
    return CONSUMED;
  }

  /** The promise becomes an element of an array or a property of an object. */
  private intoStructure(literal: Node, depth: number, flow: Flow): PromiseFate {
    if (flow.wrapped) return CONSUMED; // a structure of promises of structures: beyond what is followed
    return this.follow(literal, depth + 1, { nesting: flow.nesting + 1, wrapped: false, container: flow.container ?? literal });
  }

  /** `p.then(…)`, `tasks.a`, `jobs.length`, `jobs.map(…)`… */
  private throughMember(access: import("ts-morph").PropertyAccessExpression, depth: number, flow: Flow): PromiseFate {
    const name = access.getName();
    const call = access.getParent();
    const isCallee = call !== undefined && Node.isCallExpression(call) && call.getExpression() === access;
    if (flow.nesting === 0 || flow.wrapped) {
      if (isCallee && (name === "then" || name === "catch" || name === "finally")) return flow.wrapped ? CONSUMED : this.follow(call, depth + 1, flow);
      return CONSUMED;
    }
    if (name === "length") return NOT_A_READ;
    if (!isCallee) return this.follow(access, depth + 1, outOf(flow));
    if (name === "push" || name === "unshift") return NOT_A_READ;
    if (ARRAY_METHODS_KEEPING_ELEMENTS.has(name) && name !== "map") return this.follow(call, depth + 1, flow);
    return CONSUMED; // forEach/map over the promises: their callback decides
  }

  /** A function returned the promise (or a structure holding it): whoever receives the function's result decides. */
  private fateOfResult(fn: FunctionLike, depth: number, flow: Flow): PromiseFate {
    if (this.analysis.steps.isHandler(fn)) {
      return flow.nesting === 0 ? CONSUMED : { kind: "in-structure", container: flow.container ?? fn, how: "returned by the handler" };
    }
    if (this.analysis.isStepCallback(fn)) return CONSUMED;
    // An async function wraps a returned structure in its promise; a returned promise is adopted.
    const result: Flow = flow.nesting > 0 && fn.isAsync() ? { ...flow, wrapped: true } : flow;
    const { node, parent } = climbWrappers(fn);
    if (!parent) return CONSUMED;
    if (Node.isCallExpression(parent) && parent.getExpression() === node) return this.follow(parent, depth + 1, result); // IIFE
    if (Node.isCallExpression(parent)) {
      const callee = unwrap(parent.getExpression());
      const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
      if (method && CALLBACK_DROPS_RESULT.has(method)) return { kind: "dropped-by-callback", method, call: parent };
      if (flow.nesting > 0 || result.wrapped) return CONSUMED;
      if (method === "map" || method === "flatMap" || callee.getText() === "Array.from") return this.intoStructure(parent, depth, flow);
      if (method === "then" || method === "catch" || method === "finally") return this.follow(parent, depth + 1, flow);
      if (this.analysis.steps.groupParallelOf(parent)) return this.follow(parent, depth + 1, flow);
      return CONSUMED;
    }
    if (flow.nesting > 0) return this.fateAtCallSites(fn, depth, result);
    return CONSUMED; // a helper's own callers are followed from each call (they are promise sources too)
  }

  /** A local helper returns a structure holding the promise: follow what each of its callers does with it. */
  private fateAtCallSites(fn: FunctionLike, depth: number, flow: Flow): PromiseFate {
    const name = Node.isFunctionDeclaration(fn) ? fn.getNameNode() : variableNameOf(fn);
    if (!name || this.visitingHelpers.has(fn)) return CONSUMED;
    this.visitingHelpers.add(fn);
    try {
      let lost: PromiseFate | undefined;
      for (const use of this.analysis.references.referencesWithin(name, fn.getSourceFile())) {
        const call = use.getParent();
        if (!call || !Node.isCallExpression(call) || call.getExpression() !== use) return CONSUMED; // handed on as a value: unknown
        const fate = this.follow(call, depth + 1, { ...flow, container: undefined });
        if (fate.kind === "consumed") return CONSUMED;
        lost ??= fate.kind === "in-structure" ? { ...fate, container: flow.container ?? fate.container } : fate;
      }
      return lost ?? CONSUMED;
    } finally {
      this.visitingHelpers.delete(fn);
    }
  }

  private asArgument(call: CallExpression, argument: Node, depth: number, flow: Flow): PromiseFate {
    if (promiseCombinatorOf(call)) return flow.nesting > 0 && !flow.wrapped ? this.follow(call, depth + 1, outOf(flow)) : CONSUMED;
    const callee = unwrap(call.getExpression());
    const calleeText = callee.getText();
    if (CARRIES_ARGUMENT.has(calleeText)) return this.follow(call, depth + 1, flow);
    if (calleeText === "Object.entries") return this.intoStructure(call, depth, flow);
    if (Node.isPropertyAccessExpression(callee)) {
      const name = callee.getName();
      const receiver = unwrap(callee.getExpression());
      if ((name === "push" || name === "unshift") && Node.isIdentifier(receiver)) {
        return flow.wrapped ? CONSUMED : this.fateOfVariable(receiver, depth, { nesting: flow.nesting + 1, wrapped: false, container: flow.container ?? receiver });
      }
      if (name === "concat") return flow.nesting === 0 ? this.intoStructure(call, depth, flow) : this.follow(call, depth + 1, flow);
    }
    if (this.analysis.steps.stepCallOf(call)) return CONSUMED;
    const fn = isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
    if (!fn) return CONSUMED;
    const index = call.getArguments().indexOf(argument as never);
    const parameter = fn.getParameters()[index];
    const name = parameter?.getNameNode();
    if (!name || !Node.isIdentifier(name) || parameter.isRestParameter()) return CONSUMED;
    // A helper that never awaits the promise drops it; that is reported where the promise was made.
    return this.fateOfVariable(name, depth, flow);
  }

  /** A variable holds the promise: it is consumed when any read of the variable is. */
  private fateOfVariable(name: Node, depth: number, flow: Flow): PromiseFate {
    const symbol = name.getSymbol();
    if (!symbol) return CONSUMED;
    const declaration = symbol.getValueDeclaration();
    const neverUsed: PromiseFate = { kind: "never-used", declaration: declaration && Node.isVariableDeclaration(declaration) ? declaration : undefined };
    if (this.visitingVariables.has(symbol.compilerSymbol)) return neverUsed;
    this.visitingVariables.add(symbol.compilerSymbol);
    try {
      const declared = declaration ?? name;
      const scope = declared.getFirstAncestor((a) => isFunctionLike(a)) ?? name.getSourceFile();
      const nameNode = declaration && (Node.isVariableDeclaration(declaration) || Node.isParameterDeclaration(declaration)) ? declaration.getNameNode() : name;
      let informative: PromiseFate | undefined;
      for (const read of this.analysis.references.referencesWithin(nameNode, scope)) {
        if (read === name) continue;
        const fate = this.fateOfRead(read, depth + 1, flow);
        if (fate.kind === "consumed") return CONSUMED;
        if (!informative && (fate.kind === "in-structure" || fate.kind === "dropped-by-callback")) informative = fate;
      }
      return informative ?? neverUsed;
    } finally {
      this.visitingVariables.delete(symbol.compilerSymbol);
    }
  }

  private fateOfRead(reference: Node, depth: number, flow: Flow): PromiseFate {
    const { node, parent } = climbWrappers(reference);
    if (!parent) return CONSUMED;
    if (Node.isBinaryExpression(parent) && parent.getLeft() === node && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return NOT_A_READ;
    if (Node.isVariableDeclaration(parent) && parent.getNameNode() === node) return NOT_A_READ;
    if (flow.nesting === 0 && Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) {
      const name = parent.getName();
      const call = parent.getParent();
      const isCallee = call !== undefined && Node.isCallExpression(call) && call.getExpression() === parent;
      if (isCallee && (name === "then" || name === "catch" || name === "finally")) return this.follow(call, depth, flow);
      return CONSUMED;
    }
    return this.follow(reference, depth, flow);
  }
}

function outOf(flow: Flow): Flow {
  const nesting = flow.nesting - 1;
  return { nesting, wrapped: false, container: nesting > 0 ? flow.container : undefined };
}

function variableNameOf(fn: FunctionLike): Node | undefined {
  const parent = fn.getParent();
  if (parent && Node.isVariableDeclaration(parent) && parent.getInitializer() === fn) {
    const name = parent.getNameNode();
    return Node.isIdentifier(name) ? name : undefined;
  }
  return undefined;
}
