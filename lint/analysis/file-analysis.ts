// Everything the rules share about one source file, computed once per lint of that file.
import { Node, type SourceFile } from "ts-morph";
import { Nondeterminism } from "./nondeterminism";
import { PromiseFlow } from "./promise-flow";
import { SideEffects } from "./side-effects";
import { StepToolsIndex, type InngestFunction, type StepCall } from "./step-tools";
import { functionDeclarationOf, isFunctionLike, returnedExpressions, unwrap, type FunctionLike } from "./syntax";

export class FileAnalysis {
  readonly steps: StepToolsIndex;
  private readonly stepCallbacks = new Set<Node>();
  private readonly scopeFunctions = new Set<Node>();
  private readonly stepBearing = new Map<Node, boolean>();
  private readonly calledOutsideSteps = new Map<Node, boolean>();
  private promiseFlowCache?: PromiseFlow;
  private nondeterminismCache?: Nondeterminism;
  private sideEffectsCache?: SideEffects;

  constructor(readonly sourceFile: SourceFile) {
    this.steps = new StepToolsIndex(sourceFile);
    for (const stepCall of this.steps.stepCalls) if (stepCall.callback) this.stepCallbacks.add(stepCall.callback);
    for (const scope of this.steps.scopes()) this.scopeFunctions.add(scope);
  }

  get promiseFlow(): PromiseFlow {
    return (this.promiseFlowCache ??= new PromiseFlow(this));
  }

  get nondeterminism(): Nondeterminism {
    return (this.nondeterminismCache ??= new Nondeterminism(this));
  }

  get sideEffects(): SideEffects {
    return (this.sideEffectsCache ??= new SideEffects(this));
  }

  get functions(): InngestFunction[] {
    return this.steps.functions;
  }

  get stepCalls(): StepCall[] {
    return this.steps.stepCalls;
  }

  /** The step call whose callback `node` runs inside, when there is one. */
  enclosingStepCall(node: Node): StepCall | undefined {
    for (let current = node.getParent(); current; current = current.getParent()) {
      if (isFunctionLike(current) && this.stepCallbacks.has(current)) {
        return this.steps.stepCalls.find((s) => s.callback === current);
      }
    }
    return undefined;
  }

  /** The handler or helper whose code `node` belongs to (through nested closures), when it is one. */
  enclosingScope(node: Node): FunctionLike | undefined {
    for (let current = node.getParent(); current; current = current.getParent()) {
      if (isFunctionLike(current) && this.scopeFunctions.has(current)) return current;
    }
    return undefined;
  }

  /**
   * True for code that runs on every invocation of a handler: inside a handler or helper, outside
   * any step callback, and not in a local function that is only ever called from inside steps.
   */
  runsOnEveryInvocation(node: Node): boolean {
    for (let current = node.getParent(); current; current = current.getParent()) {
      if (!isFunctionLike(current)) continue;
      if (this.scopeFunctions.has(current)) return true;
      if (this.stepCallbacks.has(current)) return false;
      if (!this.isCalledOutsideSteps(current)) return false;
    }
    return false;
  }

  /** For a named local function: is any use of its name outside a step callback? Inline callbacks count as used. */
  private isCalledOutsideSteps(fn: FunctionLike): boolean {
    const nameNode = Node.isFunctionDeclaration(fn) ? fn.getNameNode() : bindingNameOf(fn);
    if (!nameNode) return true;
    const cached = this.calledOutsideSteps.get(fn);
    if (cached !== undefined) return cached;
    const symbol = nameNode.getSymbol()?.compilerSymbol;
    const scope = fn.getParent()?.getFirstAncestor((a) => isFunctionLike(a)) ?? fn.getSourceFile();
    let outside = false;
    scope.forEachDescendant((candidate, traversal) => {
      if (outside) return traversal.stop();
      if (!Node.isIdentifier(candidate) || candidate === nameNode || candidate.getText() !== nameNode.getText()) return;
      if (candidate.getSymbol()?.compilerSymbol !== symbol) return;
      const inStep = this.enclosingStepCall(candidate) !== undefined || this.isStepCallbackArgument(candidate);
      if (!inStep) outside = true;
    });
    this.calledOutsideSteps.set(fn, outside);
    return outside;
  }

  /** `step.run("id", save)`: the name is passed as the step's callback. */
  private isStepCallbackArgument(identifier: Node): boolean {
    const call = identifier.getParent();
    if (!call || !Node.isCallExpression(call)) return false;
    const stepCall = this.steps.stepCallOf(call);
    return stepCall !== undefined && call.getArguments()[1] === identifier;
  }

  isStepCallback(fn: Node): boolean {
    return this.stepCallbacks.has(fn);
  }

  /** True when calling `fn` runs steps: its body calls a step tool, directly or through local helpers. */
  isStepBearing(fn: FunctionLike, depth = 0): boolean {
    const known = this.stepBearing.get(fn);
    if (known !== undefined) return known;
    if (depth > 4 || this.stepCallbacks.has(fn)) return false;
    this.stepBearing.set(fn, false);
    let found = false;
    fn.forEachDescendant((node, traversal) => {
      if (found) return traversal.stop();
      if (!Node.isCallExpression(node)) return;
      if (this.steps.stepCallOf(node)) {
        found = true;
        return traversal.stop();
      }
      const callee = unwrap(node.getExpression());
      const helper = isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
      if (helper && helper !== fn && this.isStepBearing(helper, depth + 1)) found = true;
    });
    this.stepBearing.set(fn, found);
    return found;
  }

  /** The function a call runs when that function runs steps (an IIFE or a local helper). */
  stepBearingCallee(call: Node): FunctionLike | undefined {
    if (!Node.isCallExpression(call) || this.steps.stepCallOf(call)) return undefined;
    const callee = unwrap(call.getExpression());
    const fn = isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
    if (!fn || !this.isStepBearing(fn)) return undefined;
    // A synchronous helper that returns nothing hands back no promise; its own floating steps are reported inside it.
    return fn.isAsync() || returnedExpressions(fn).length > 0 ? fn : undefined;
  }
}

function bindingNameOf(fn: FunctionLike): Node | undefined {
  const parent = fn.getParent();
  if (parent && Node.isVariableDeclaration(parent) && parent.getInitializer() === fn) {
    const name = parent.getNameNode();
    return Node.isIdentifier(name) ? name : undefined;
  }
  return undefined;
}
