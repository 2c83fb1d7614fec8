// Finds the Inngest functions of a file and every expression that holds the SDK's step tools:
// the handler's context (`ctx.step`, `{ step: s }`), parameters typed with the SDK's own types
// (`GetStepTools<typeof inngest>`, `Context`), helpers that are handed them, and the ambient
// `step` and `group` that inngest 4 exports from its root (`import { step } from "inngest"`).
// A variable that merely happens to be called `step` is not step tools.
import { Node, SyntaxKind, type CallExpression, type ObjectBindingPattern, type SourceFile, type ts } from "ts-morph";
import { handlerArgument, readFunctionConfig } from "./function-config";
import { isInngestClient } from "./inngest-client";
import { isInngestDeclaration, isInngestModule, stepToolsDeclaredBySdk, type StepToolShape } from "./inngest-sdk";
import { functionDeclarationOf, isFunctionLike, unwrap, valueSymbolOf, type FunctionLike } from "./syntax";
import path from "node:path";

type Role = { kind: "context" } | { kind: "step" } | { kind: "group" } | { kind: "tool"; path: string };

export interface InngestFunction {
  /** The `inngest.createFunction(...)` call. */
  createCall: CallExpression;
  handler: FunctionLike;
  /** The `id` from the function's config, when it is a literal. */
  id?: string;
  /** Event names of its triggers that are literals. */
  triggerEvents: string[];
  /** False only with `optimizeParallelism: false`; the 4.x SDK optimizes by default. */
  optimizedParallelism: boolean;
}

export interface StepCall {
  call: CallExpression;
  /** Dotted tool name below `step`: `run`, `sleep`, `ai.infer`… */
  tool: string;
  /** The expression that holds the step tools (`step`, `ctx.step`, `s`…). */
  toolsExpression: Node;
  /** The first argument, for tools that take a step ID. */
  idArgument?: Node;
  /** The function a `run`/`ai.wrap` step executes, when it is inline or a local function. */
  callback?: FunctionLike;
}

export interface GroupParallelCall {
  call: CallExpression;
  callback?: FunctionLike;
  raceMode: boolean;
}

const TYPE_ROLES: Record<string, Role["kind"]> = {
  GetStepTools: "step",
  GroupTools: "group",
  Context: "context",
  BaseContext: "context",
  GetFunctionInput: "context",
};

export class StepToolsIndex {
  readonly functions: InngestFunction[] = [];
  /** Functions other than handlers that receive step tools, a context or group tools. */
  readonly helpers = new Set<FunctionLike>();
  readonly stepCalls: StepCall[] = [];
  readonly groupParallelCalls: GroupParallelCall[] = [];
  /** Every call expression of the file, in document order. */
  readonly calls: CallExpression[];
  private readonly roles = new Map<ts.Symbol, Role>();
  private readonly tools: Map<string, StepToolShape>;
  private readonly stepCallByNode = new Map<ts.Node, StepCall>();
  private readonly groupParallelByNode = new Map<ts.Node, GroupParallelCall>();
  private readonly functionByHandler = new Map<ts.Node, InngestFunction>();
  /** Step calls made through the SDK's ambient `step` (imported from "inngest"), whose enclosing function becomes a helper. */
  private readonly ambientStepCalls: StepCall[] = [];
  private readonly ambientSymbols = new Set<ts.Symbol>();

  constructor(readonly sourceFile: SourceFile) {
    this.tools = new Map(stepToolsDeclaredBySdk(path.dirname(sourceFile.getFilePath())).map((t) => [t.path, t]));
    this.collectAmbientImports();
    const calls = (this.calls = sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression));
    for (const call of calls) this.collectFunction(call);
    for (const parameter of sourceFile.getDescendantsOfKind(SyntaxKind.Parameter)) this.collectTypedParameter(parameter);
    this.propagate(calls);
    for (const call of calls) {
      const stepCall = this.describeStepCall(call);
      if (stepCall) {
        this.stepCalls.push(stepCall);
        this.stepCallByNode.set(call.compilerNode, stepCall);
        if (this.isAmbient(stepCall.toolsExpression)) this.ambientStepCalls.push(stepCall);
      }
      const parallel = this.describeGroupParallel(call);
      if (parallel) {
        this.groupParallelCalls.push(parallel);
        this.groupParallelByNode.set(call.compilerNode, parallel);
      }
    }
    this.collectAmbientHelpers();
  }

  stepCallOf(call: Node): StepCall | undefined {
    return this.stepCallByNode.get(call.compilerNode);
  }

  groupParallelOf(call: Node): GroupParallelCall | undefined {
    return this.groupParallelByNode.get(call.compilerNode);
  }

  /** The Inngest function whose handler `fn` is. */
  functionOfHandler(fn: Node): InngestFunction | undefined {
    return this.functionByHandler.get(fn.compilerNode);
  }

  isHandler(fn: Node): boolean {
    return this.functionByHandler.has(fn.compilerNode);
  }

  isStepTools(expr: Node): boolean {
    return this.roleOf(expr)?.kind === "step";
  }

  isGroupTools(expr: Node): boolean {
    return this.roleOf(expr)?.kind === "group";
  }

  isContext(expr: Node): boolean {
    return this.roleOf(expr)?.kind === "context";
  }

  /** Every function whose body runs as part of an Inngest function's handler: handlers and helpers. */
  scopes(): FunctionLike[] {
    return [...this.functions.map((f) => f.handler), ...this.helpers];
  }

  /** `import { step, group } from "inngest"` (or `import * as sdk from "inngest"`): the SDK's ambient tools. */
  private collectAmbientImports(): void {
    for (const declaration of this.sourceFile.getImportDeclarations()) {
      if (!isInngestModule(declaration.getModuleSpecifierValue()) || declaration.isTypeOnly()) continue;
      for (const specifier of declaration.getNamedImports()) {
        const imported = specifier.getName();
        if (specifier.isTypeOnly() || (imported !== "step" && imported !== "group")) continue;
        const local = specifier.getAliasNode() ?? specifier.getNameNode();
        const symbol = local.getSymbol()?.compilerSymbol;
        if (!symbol) continue;
        this.roles.set(symbol, { kind: imported });
        this.ambientSymbols.add(symbol);
      }
      const namespace = declaration.getNamespaceImport();
      const symbol = namespace?.getSymbol()?.compilerSymbol;
      if (symbol) {
        this.roles.set(symbol, { kind: "context" });
        this.ambientSymbols.add(symbol);
      }
    }
  }

  private isAmbient(toolsExpression: Node): boolean {
    let root = unwrap(toolsExpression);
    while (Node.isPropertyAccessExpression(root)) root = unwrap(root.getExpression());
    const symbol = Node.isIdentifier(root) ? valueSymbolOf(root) : undefined;
    return symbol !== undefined && this.ambientSymbols.has(symbol);
  }

  /** A function that calls the ambient step tools runs them for whichever handler calls it: it is a helper. */
  private collectAmbientHelpers(): void {
    for (const stepCall of this.ambientStepCalls) {
      let outermost: FunctionLike | undefined;
      for (let current = stepCall.call.getParent(); current; current = current.getParent()) {
        if (!isFunctionLike(current)) continue;
        if (this.isHandler(current) || this.helpers.has(current)) {
          outermost = undefined;
          break;
        }
        outermost = current;
      }
      if (outermost) this.helpers.add(outermost);
    }
  }

  private collectFunction(call: CallExpression): void {
    const callee = unwrap(call.getExpression());
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "createFunction") return;
    if (!isInngestClient(callee.getExpression()) && !this.declaredByInngest(callee.getNameNode())) return;
    const handlerNode = handlerArgument(call.compilerNode);
    const args = call.getArguments();
    const last = handlerNode ? unwrap(args[args.length - 1]) : undefined;
    const handler = isFunctionLike(last) ? last : last ? functionDeclarationOf(last) : undefined;
    if (!handler) return;
    const fn: InngestFunction = { createCall: call, handler, ...readFunctionConfig(call.compilerNode) };
    this.functions.push(fn);
    this.functionByHandler.set(handler.compilerNode, fn);
    const context = handler.getParameters()[0];
    if (context) this.bindName(context.getNameNode(), { kind: "context" });
  }

  /** Type-based check for calls on clients the cheap checks could not place (e.g. a factory's result). */
  private declaredByInngest(name: Node): boolean {
    const declaration = name.getSymbol()?.getDeclarations()[0];
    return declaration !== undefined && isInngestDeclaration(declaration);
  }

  private collectTypedParameter(parameter: import("ts-morph").ParameterDeclaration): void {
    const typeNode = parameter.getTypeNode();
    if (!typeNode) return;
    const reference: Node = typeNode;
    if (Node.isTypeReference(reference)) {
      const typeName = reference.getTypeName();
      const nameNode = Node.isQualifiedName(typeName) ? typeName.getRight() : typeName;
      const kind = TYPE_ROLES[nameNode.getText()];
      if (!kind) return;
      const symbol = nameNode.getSymbol();
      const target = symbol?.isAlias() ? symbol.getAliasedSymbol() ?? symbol : symbol;
      const declaration = target?.getDeclarations()[0];
      // An unresolvable SDK type (no node_modules) still counts by name.
      if (declaration && !isInngestDeclaration(declaration)) return;
      this.bindName(parameter.getNameNode(), { kind } as Role);
      const fn = parameter.getParent();
      if (isFunctionLike(fn) && !this.isHandler(fn)) this.helpers.add(fn);
    }
  }

  /** Carries roles through `const s = ctx.step`, `const { step } = ctx` and helper arguments, to a fixpoint. */
  private propagate(calls: CallExpression[]): void {
    const declarations = this.sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration);
    for (let round = 0; round < 4; round++) {
      const before = this.roles.size;
      for (const declaration of declarations) {
        const init = declaration.getInitializer();
        const role = init ? this.roleOf(init) : undefined;
        if (role) this.bindName(declaration.getNameNode(), role);
      }
      for (const call of calls) {
        const args = call.getArguments();
        const argRoles = args.map((a) => this.roleOf(a) ?? this.objectLiteralRole(a));
        if (!argRoles.some(Boolean)) continue;
        const callee = unwrap(call.getExpression());
        const fn = isFunctionLike(callee) ? callee : functionDeclarationOf(callee);
        if (!fn || this.isHandler(fn)) continue;
        const parameters = fn.getParameters();
        argRoles.forEach((role, i) => {
          const parameter = parameters[i];
          if (!role || !parameter) return;
          const arg = unwrap(args[i]);
          const name = parameter.getNameNode();
          if (Node.isObjectBindingPattern(name) && Node.isObjectLiteralExpression(arg)) this.bindFromLiteral(name, arg);
          else this.bindName(name, role);
          this.helpers.add(fn);
        });
      }
      if (this.roles.size === before) break;
    }
  }

  private objectLiteralRole(expr: Node): Role | undefined {
    const literal = unwrap(expr);
    if (!Node.isObjectLiteralExpression(literal)) return undefined;
    const step = literal.getProperty("step");
    if (!step) return undefined;
    const value = Node.isShorthandPropertyAssignment(step) ? step.getNameNode() : Node.isPropertyAssignment(step) ? step.getInitializer() : undefined;
    return value && this.roleOf(value)?.kind === "step" ? { kind: "context" } : undefined;
  }

  private bindFromLiteral(pattern: ObjectBindingPattern, literal: import("ts-morph").ObjectLiteralExpression): void {
    for (const element of pattern.getElements()) {
      const key = element.getPropertyNameNode()?.getText() ?? element.getName();
      const property = literal.getProperty(key);
      const value = property && Node.isShorthandPropertyAssignment(property) ? property.getNameNode() : property && Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
      const role = value ? this.roleOf(value) : undefined;
      if (role) this.bindName(element.getNameNode(), role);
    }
  }

  private bindName(name: Node, role: Role): void {
    if (Node.isIdentifier(name)) {
      const symbol = name.getSymbol()?.compilerSymbol;
      if (symbol && !this.roles.has(symbol)) this.roles.set(symbol, role);
      return;
    }
    if (!Node.isObjectBindingPattern(name)) return;
    for (const element of name.getElements()) {
      const key = element.getPropertyNameNode()?.getText() ?? element.getName();
      const inner = element.getNameNode();
      if (role.kind === "context") {
        if (key === "step") this.bindName(inner, { kind: "step" });
        else if (key === "group") this.bindName(inner, { kind: "group" });
      } else if (role.kind === "step") {
        if (this.tools.has(key)) this.bindName(inner, { kind: "tool", path: key });
      }
    }
  }

  private roleOf(expr: Node): Role | undefined {
    const target = unwrap(expr);
    if (Node.isIdentifier(target)) {
      const symbol = valueSymbolOf(target);
      return symbol ? this.roles.get(symbol) : undefined;
    }
    if (Node.isPropertyAccessExpression(target)) {
      const name = target.getName();
      if (name !== "step" && name !== "group") return undefined;
      return this.roleOf(target.getExpression())?.kind === "context" ? { kind: name } : undefined;
    }
    return undefined;
  }

  private describeStepCall(call: CallExpression): StepCall | undefined {
    const callee = unwrap(call.getExpression());
    let toolPath: string | undefined;
    let toolsExpression: Node | undefined;
    if (Node.isIdentifier(callee)) {
      const role = this.roleOf(callee);
      if (role?.kind === "tool") {
        toolPath = role.path;
        toolsExpression = callee;
      }
    } else {
      const names: string[] = [];
      let current: Node = callee;
      while (Node.isPropertyAccessExpression(current) && names.length < 3) {
        names.unshift(current.getName());
        current = unwrap(current.getExpression());
        if (this.roleOf(current)?.kind === "step") {
          toolPath = names.join(".");
          toolsExpression = current;
          break;
        }
      }
    }
    const shape = toolPath ? this.tools.get(toolPath) : undefined;
    if (!shape || !toolsExpression) return undefined;
    const args = call.getArguments();
    let callback: FunctionLike | undefined;
    if ((shape.path === "run" || shape.path === "ai.wrap") && args[1]) {
      const fn = unwrap(args[1]);
      callback = isFunctionLike(fn) ? fn : functionDeclarationOf(fn);
    }
    return { call, tool: shape.path, toolsExpression, idArgument: shape.takesId ? args[0] : undefined, callback };
  }

  private describeGroupParallel(call: CallExpression): GroupParallelCall | undefined {
    const callee = unwrap(call.getExpression());
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "parallel") return undefined;
    if (!this.isGroupTools(callee.getExpression())) return undefined;
    const args = call.getArguments().map(unwrap);
    const callbackNode = args.find((a) => isFunctionLike(a));
    const options = args.find((a) => Node.isObjectLiteralExpression(a));
    let raceMode = true; // group.parallel defaults to race mode
    if (options && Node.isObjectLiteralExpression(options)) {
      const mode = options.getProperty("mode");
      const value = mode && Node.isPropertyAssignment(mode) ? unwrap(mode.getInitializerOrThrow()) : undefined;
      if (value && !(Node.isStringLiteral(value) && value.getLiteralValue() === "race")) raceMode = false;
    }
    return { call, callback: isFunctionLike(callbackNode) ? callbackNode : undefined, raceMode };
  }
}
