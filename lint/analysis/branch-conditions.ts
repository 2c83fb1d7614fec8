// Whether a value decides which way a handler goes: it (or a variable it is stored in, or one
// computed from it) appears in the condition of an if, a loop, a ?: or a switch that runs on every
// invocation. A read outside a step that does so makes the handler non-deterministic: the next
// invocation may read something else and take another path past the steps already memoized.
import { Node } from "ts-morph";
import type { FileAnalysis } from "./file-analysis";
import { isFunctionLike } from "./syntax";

/** The condition `value` decides, when it decides one. */
export function conditionDecidedBy(analysis: FileAnalysis, value: Node, depth = 0): Node | undefined {
  if (depth > 2) return undefined;
  let current: Node = value;
  for (let parent = current.getParent(); parent; current = parent, parent = parent.getParent()) {
    if (isConditionOf(parent, current)) return analysis.runsOnEveryInvocation(current) ? current : undefined;
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === current) return conditionThroughVariable(analysis, parent, depth);
    // Through a callback inside the condition (`if (items.some((i) => i.owner === owner.id))`), not out of a step's.
    if (isFunctionLike(parent) && (analysis.isStepCallback(parent) || analysis.steps.isHandler(parent))) return undefined;
    if (Node.isStatement(parent) || Node.isBlock(parent) || Node.isSourceFile(parent)) return undefined;
  }
  return undefined;
}

/** `const owner = await …; if (owner.plan !== "pro")`, also through `const { plan } = await …`. */
function conditionThroughVariable(analysis: FileAnalysis, declaration: import("ts-morph").VariableDeclaration, depth: number): Node | undefined {
  const scope = declaration.getFirstAncestor((a) => isFunctionLike(a)) ?? declaration.getSourceFile();
  const name = declaration.getNameNode();
  const names = Node.isIdentifier(name) ? [name] : name.getDescendants().filter((n) => Node.isIdentifier(n) && Node.isBindingElement(n.getParent()!) && (n.getParent() as import("ts-morph").BindingElement).getNameNode() === n);
  for (const bound of names) {
    for (const read of analysis.references.referencesWithin(bound, scope)) {
      if (analysis.enclosingStepCall(read)) continue; // a condition inside a step runs once, memoized
      const condition = conditionDecidedBy(analysis, read, depth + 1);
      if (condition) return condition;
    }
  }
  return undefined;
}

function isConditionOf(statement: Node, child: Node): boolean {
  if (Node.isIfStatement(statement) || Node.isWhileStatement(statement) || Node.isDoStatement(statement) || Node.isSwitchStatement(statement)) return statement.getExpression() === child;
  if (Node.isForStatement(statement)) return statement.getCondition() === child;
  if (Node.isConditionalExpression(statement)) return statement.getCondition() === child;
  return false;
}

