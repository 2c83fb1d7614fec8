// Values that differ on every invocation: clocks, randomness, fresh IDs. Finds the calls that make
// them and follows a value back through variables, template literals and local helpers to one.
// Memoized step results, event data, parameters and loop indices are deterministic.
import { Node, SyntaxKind, type ts } from "ts-morph";
import type { FileAnalysis } from "./file-analysis";
import { climbWrappers, declarationOf, functionDeclarationOf, importSourceOf, isAssignmentOperator, isFunctionLike, isGlobal, returnedExpressions, unwrap } from "./syntax";

export interface NondeterministicSource {
  /** The call or `new Date()` that produces the value. */
  node: Node;
  /** How it reads in a message, e.g. `Date.now()`. */
  label: string;
  /** What a memoizing step should compute instead, and how to rebuild the value from its result. */
  memoize?: { stepBody: string; rebuild: (memoized: string) => string; name: string };
}

/** Packages whose exported functions make a fresh random ID (name-based uuid v3/v5 are deterministic). */
const RANDOM_ID_PACKAGES: Record<string, Set<string> | "any"> = {
  uuid: new Set(["v1", "v4", "v6", "v7", "default"]),
  nanoid: new Set(["nanoid", "default"]),
  "nanoid/non-secure": new Set(["nanoid"]),
  cuid: "any",
  "@paralleldrive/cuid2": new Set(["createId", "default"]),
  ulid: new Set(["ulid", "default"]),
  ulidx: new Set(["ulid"]),
  "short-uuid": new Set(["generate", "uuid"]),
  hyperid: "any",
  uid: new Set(["uid"]),
  "@lukeed/uuid": "any",
  ksuid: new Set(["randomSync", "random"]),
};

const CRYPTO_RANDOM = new Set(["randomUUID", "randomBytes", "randomInt", "getRandomValues", "pseudoRandomBytes"]);

export class Nondeterminism {
  private readonly visiting = new Set<ts.Node>();

  constructor(private readonly analysis: FileAnalysis) {}

  /** The source when `node` itself makes a non-deterministic value. */
  sourceAt(node: Node): NondeterministicSource | undefined {
    if (Node.isNewExpression(node)) {
      const ctor = unwrap(node.getExpression());
      if (Node.isIdentifier(ctor) && ctor.getText() === "Date" && isGlobal(ctor) && node.getArguments().length === 0) {
        return { node, label: "new Date()", memoize: { stepBody: "Date.now()", rebuild: (m) => `new Date(${m})`, name: "now" } };
      }
      return undefined;
    }
    if (!Node.isCallExpression(node)) return undefined;
    const callee = unwrap(node.getExpression());
    const label = `${callee.getText().replace(/\s+/g, "")}()`;
    const primitive = (name: string) => ({ node, label, memoize: { stepBody: node.getText(), rebuild: (m: string) => m, name } });
    if (Node.isIdentifier(callee)) {
      if (callee.getText() === "Date" && isGlobal(callee)) return primitive("now");
      const imported = importSourceOf(callee);
      if (imported) {
        const module = imported.module.replace(/^node:/, "");
        if (module === "crypto" && CRYPTO_RANDOM.has(imported.importedName)) return randomLike(node, label, imported.importedName);
        const names = RANDOM_ID_PACKAGES[module];
        if (names && (names === "any" || names.has(imported.importedName))) return primitive("generatedId");
        return undefined;
      }
      return undefined;
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const method = callee.getName();
      const receiver = unwrap(callee.getExpression());
      const receiverText = receiver.getText();
      const root = Node.isIdentifier(receiver) ? receiver : undefined;
      if (receiverText === "Date" && method === "now" && root && isGlobal(root)) return primitive("now");
      if (receiverText === "Math" && method === "random" && root && isGlobal(root)) return primitive("random");
      if (receiverText === "performance" && method === "now" && root && isGlobal(root)) return primitive("elapsed");
      if (receiverText === "process" && (method === "hrtime" || method === "uptime") && root && isGlobal(root)) return primitive("elapsed");
      if (receiverText === "process.hrtime" && method === "bigint") return { node, label };
      if (root && CRYPTO_RANDOM.has(method)) {
        const imported = importSourceOf(root);
        const fromCrypto = imported ? imported.module.replace(/^node:/, "") === "crypto" : receiverText === "crypto" && isGlobal(root);
        if (fromCrypto) return randomLike(node, label, method);
      }
      if (root) {
        const imported = importSourceOf(root);
        const names = imported ? RANDOM_ID_PACKAGES[imported.module] : undefined;
        if (imported && imported.importedName !== "*" && imported.importedName !== "default") return undefined;
        if (names && (names === "any" || names.has(method))) return primitive("generatedId");
      }
    }
    return undefined;
  }

  /** The source `expression`'s value depends on, if any; undefined means deterministic as far as we can tell. */
  dependsOn(expression: Node, depth = 0): NondeterministicSource | undefined {
    if (depth > 12) return undefined;
    const node = unwrap(expression);
    if (this.visiting.has(node.compilerNode)) return undefined;
    const direct = this.sourceAt(node);
    if (direct) return direct;
    if (isFunctionLike(node) || Node.isClassExpression(node)) return undefined;
    if (Node.isAwaitExpression(node)) {
      const operand = unwrap(node.getExpression());
      if (Node.isCallExpression(operand) && this.analysis.steps.stepCallOf(operand)) return undefined; // memoized
      return this.dependsOn(operand, depth + 1);
    }
    if (Node.isCallExpression(node) && this.analysis.steps.stepCallOf(node)) return undefined;
    this.visiting.add(node.compilerNode);
    try {
      if (Node.isIdentifier(node)) return this.identifierDependsOn(node, depth);
      if (Node.isCallExpression(node)) {
        const helper = functionDeclarationOf(node.getExpression());
        if (helper) {
          for (const returned of returnedExpressions(helper)) {
            const found = this.dependsOn(returned, depth + 1);
            if (found) return found;
          }
        }
      }
      for (const child of node.getChildren()) {
        if (child.getKind() === SyntaxKind.SyntaxList) {
          for (const item of child.getChildren()) {
            const found = this.dependsOn(item, depth + 1);
            if (found) return found;
          }
          continue;
        }
        if (Node.isPropertyAssignment(node) && child === node.getNameNode()) continue;
        if (Node.isPropertyAccessExpression(node) && child === node.getNameNode()) continue;
        const found = this.dependsOn(child, depth + 1);
        if (found) return found;
      }
      return undefined;
    } finally {
      this.visiting.delete(node.compilerNode);
    }
  }

  private identifierDependsOn(identifier: Node, depth: number): NondeterministicSource | undefined {
    const declaration = declarationOf(identifier);
    if (!declaration || declaration.getSourceFile().isDeclarationFile()) return undefined;
    const variable = Node.isBindingElement(declaration) ? declaration.getFirstAncestorByKind(SyntaxKind.VariableDeclaration) : declaration;
    if (!variable || !Node.isVariableDeclaration(variable)) return undefined;
    const list = variable.getParent();
    const loop = list?.getParent();
    if (loop && (Node.isForOfStatement(loop) || Node.isForInStatement(loop))) return this.dependsOn(loop.getExpression(), depth + 1);
    const init = variable.getInitializer();
    const fromInit = init ? this.dependsOn(init, depth + 1) : undefined;
    if (fromInit) return fromInit;
    if (Node.isForStatement(loop)) return undefined; // a loop counter's updates keep it deterministic
    // A `let` may be reassigned: any assignment of a non-deterministic value taints it.
    const scope = variable.getFirstAncestor((a) => isFunctionLike(a)) ?? variable.getSourceFile();
    const nameNode = Node.isBindingElement(declaration) ? declaration.getNameNode() : variable.getNameNode();
    for (const use of this.analysis.references.referencesWithin(nameNode, scope)) {
      const { node: target, parent } = climbWrappers(use);
      if (!parent || !Node.isBinaryExpression(parent) || parent.getLeft() !== target || !isAssignmentOperator(parent.getOperatorToken().getKind())) continue;
      const found = this.dependsOn(parent.getRight(), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
}

function randomLike(node: Node, label: string, method: string): NondeterministicSource {
  const primitive = method === "randomUUID" || method === "randomInt";
  return primitive ? { node, label, memoize: { stepBody: node.getText(), rebuild: (m) => m, name: method === "randomUUID" ? "generatedId" : "random" } } : { node, label };
}
