// Everything the rules share about one source file, computed once per lint of that file.
//
// Every question here is answered by walking up from a node (its depth) or by a map built in one
// pass, never by scanning the file again per function or per step, so a lint grows linearly with
// the size of the file.
import { Node, SyntaxKind, type NewExpression, type SourceFile } from "ts-morph";
import { ExternalCalls } from "./external-calls";
import { Nondeterminism } from "./nondeterminism";
import { PromiseFlow } from "./promise-flow";
import { ReferenceIndex } from "./reference-index";
import { SideEffects } from "./side-effects";
import { staticStepId } from "./step-ids";
import { StepToolsIndex, type InngestFunction, type StepCall } from "./step-tools";
import { ValueOrigins } from "./value-origins";
import { functionDeclarationOf, isFunctionLike, isInside, returnedExpressions, unwrap, type FunctionLike } from "./syntax";

/** A step call a handler reaches: its own, or one in a helper it calls (`via` is that call, in the handler). */
export interface ReachedStepCall {
  stepCall: StepCall;
  via?: Node;
}

export class FileAnalysis {
  readonly steps: StepToolsIndex;
  readonly references: ReferenceIndex;
  private readonly stepCallByCallback = new Map<Node, StepCall>();
  private readonly scopeFunctions = new Set<Node>();
  private readonly stepBearing = new Map<Node, boolean>();
  private readonly calledOutsideSteps = new Map<Node, boolean>();
  private readonly reachedCache = new Map<Node, ReachedStepCall[]>();
  private stepCallsByFunction?: Map<InngestFunction, StepCall[]>;
  private usedStepIds?: Set<string>;
  private newExpressionsCache?: NewExpression[];
  private promiseFlowCache?: PromiseFlow;
  private nondeterminismCache?: Nondeterminism;
  private sideEffectsCache?: SideEffects;
  private externalCallsCache?: ExternalCalls;
  private valueOriginsCache?: ValueOrigins;

  constructor(readonly sourceFile: SourceFile) {
    this.steps = new StepToolsIndex(sourceFile);
    this.references = new ReferenceIndex(sourceFile);
    for (const stepCall of this.steps.stepCalls) {
      if (stepCall.callback && !this.stepCallByCallback.has(stepCall.callback)) this.stepCallByCallback.set(stepCall.callback, stepCall);
    }
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

  get externalCalls(): ExternalCalls {
    return (this.externalCallsCache ??= new ExternalCalls(this));
  }

  get valueOrigins(): ValueOrigins {
    return (this.valueOriginsCache ??= new ValueOrigins(this));
  }

  get functions(): InngestFunction[] {
    return this.steps.functions;
  }

  get stepCalls(): StepCall[] {
    return this.steps.stepCalls;
  }

  /** Every `new …` expression of the file, in document order. */
  get newExpressions(): NewExpression[] {
    return (this.newExpressionsCache ??= this.sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression));
  }

  /** 1-based line of the start of `node` (its first token), from the file's line map. */
  lineOf(node: Node): number {
    return this.sourceFile.compilerNode.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  }

  /** The step calls written inside `fn`'s handler (nested ones included), in document order. */
  stepCallsIn(fn: InngestFunction): StepCall[] {
    if (!this.stepCallsByFunction) {
      this.stepCallsByFunction = new Map(this.functions.map((f) => [f, []]));
      for (const stepCall of this.stepCalls) {
        const owner = this.functionContaining(stepCall.call);
        if (owner) this.stepCallsByFunction.get(owner)!.push(stepCall);
      }
    }
    return this.stepCallsByFunction.get(fn) ?? [];
  }

  /** The Inngest function whose handler `node` is written in. */
  functionContaining(node: Node): InngestFunction | undefined {
    for (let current = node.getParent(); current; current = current.getParent()) {
      if (isFunctionLike(current)) {
        const fn = this.steps.functionOfHandler(current);
        if (fn) return fn;
      }
    }
    return undefined;
  }

  /** The step call whose callback `node` runs inside, when there is one. */
  enclosingStepCall(node: Node): StepCall | undefined {
    for (let current = node.getParent(); current; current = current.getParent()) {
      if (isFunctionLike(current)) {
        const stepCall = this.stepCallByCallback.get(current);
        if (stepCall) return stepCall;
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
      if (this.stepCallByCallback.has(current)) return false;
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
    const scope = fn.getParent()?.getFirstAncestor((a) => isFunctionLike(a)) ?? fn.getSourceFile();
    const outside = this.references
      .referencesWithin(nameNode, scope)
      .some((use) => this.enclosingStepCall(use) === undefined && !this.isStepCallbackArgument(use));
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
    return this.stepCallByCallback.has(fn);
  }

  /** True when calling `fn` runs steps: its body calls a step tool, directly or through local helpers. */
  isStepBearing(fn: FunctionLike, depth = 0): boolean {
    const known = this.stepBearing.get(fn);
    if (known !== undefined) return known;
    if (depth > 4 || this.stepCallByCallback.has(fn)) return false;
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

  /**
   * The step calls a run of `fn` reaches: those written inside it and, through the helpers it
   * calls (outside step callbacks), theirs — each helper call site once.
   */
  reachedStepCalls(fn: FunctionLike, visiting = new Set<Node>()): ReachedStepCall[] {
    const cached = this.reachedCache.get(fn);
    if (cached) return cached;
    if (visiting.has(fn)) return [];
    visiting.add(fn);
    const reached: ReachedStepCall[] = [];
    fn.forEachDescendant((node) => {
      if (!Node.isCallExpression(node)) return;
      const stepCall = this.steps.stepCallOf(node);
      if (stepCall) {
        reached.push({ stepCall });
        return;
      }
      const callee = unwrap(node.getExpression());
      if (!Node.isIdentifier(callee)) return;
      const helper = functionDeclarationOf(callee);
      if (!helper || helper === fn || helper.getSourceFile() !== this.sourceFile || isInside(helper, fn)) return;
      if (!this.isStepBearing(helper) || this.enclosingStepCall(node)) return;
      for (const inner of this.reachedStepCalls(helper, visiting)) reached.push({ stepCall: inner.stepCall, via: node });
    });
    visiting.delete(fn);
    this.reachedCache.set(fn, reached);
    return reached;
  }

  /** A step ID not yet used by a literal step ID in this file. */
  uniqueStepId(base: string): string {
    const used = (this.usedStepIds ??= new Set(this.stepCalls.map((s) => staticStepId(s.idArgument)).filter((id): id is string => id !== undefined)));
    const slug = base.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "step";
    if (!used.has(slug)) return slug;
    for (let i = 2; ; i++) if (!used.has(`${slug}-${i}`)) return `${slug}-${i}`;
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
