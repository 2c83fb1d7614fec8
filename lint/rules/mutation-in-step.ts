import { Node, SyntaxKind, ts } from "ts-morph";
import { describeStep } from "../analysis/step-ids";
import { enclosingStatement, isAssignmentOperator, unwrap, valueSymbolOf } from "../analysis/syntax";
import { defineRule } from "../rule";

const MUTATING_METHODS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"]);
const COLLECTION_METHODS = new Set(["set", "add", "delete", "clear"]);

export const mutationInStep = defineRule({
  id: "mutation-in-step",
  severity: "warning",
  description: "A step callback must not assign to or mutate state declared outside it: once the step is memoized the callback is skipped and the change is lost.",
  messages: {
    assign: "{step} assigns to {names}, declared outside the step; once the step is memoized the assignment is skipped and the old value stays — return the value from the step instead",
    mutate: "{step} mutates \"{name}\" ({how}), declared outside the step; once the step is memoized this is skipped — return the value from the step instead",
  },
  fixes: [],
  check({ file, report }) {
    for (const stepCall of file.stepCalls) {
      const callback = stepCall.callback;
      if (!callback || callback.getSourceFile() !== file.sourceFile) continue;
      const step = describeStep(stepCall.toolsExpression.getText(), stepCall.tool, stepCall.idArgument);
      const outside = (target: Node): string | undefined => {
        const root = rootIdentifier(target);
        if (!root) return undefined;
        const declaration = valueSymbolOf(root)?.declarations?.[0];
        if (!declaration || declaration.getSourceFile().isDeclarationFile || (declaration.pos >= callback.getPos() && declaration.end <= callback.getEnd())) return undefined;
        if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) return undefined;
        return root.getText();
      };
      // One finding per statement, naming every outer variable it assigns (`[a, b] = …` is one mistake).
      const assignments = new Map<Node, { node: Node; names: string[] }>();
      const assigned = (node: Node, name: string) => {
        const key = enclosingStatement(node) ?? node;
        const entry = assignments.get(key) ?? { node, names: [] };
        if (!entry.names.includes(name)) entry.names.push(name);
        assignments.set(key, entry);
      };
      callback.forEachDescendant((node) => {
        if (Node.isBinaryExpression(node) && isAssignmentOperator(node.getOperatorToken().getKind())) {
          if (isDestructuringDefault(node)) return;
          for (const target of assignmentTargets(node.getLeft())) {
            const name = outside(target);
            if (name) assigned(node, name);
          }
          return;
        }
        if ((Node.isPostfixUnaryExpression(node) || Node.isPrefixUnaryExpression(node)) && isIncrement(node.getOperatorToken())) {
          const name = outside(node.getOperand());
          if (name) assigned(node, name);
          return;
        }
        if (Node.isDeleteExpression(node)) {
          const name = outside(node.getExpression());
          if (name) report({ node, messageId: "mutate", data: { step, name, how: "delete" } });
          return;
        }
        if (!Node.isCallExpression(node)) return;
        const callee = unwrap(node.getExpression());
        if (Node.isPropertyAccessExpression(callee)) {
          const method = callee.getName();
          const receiver = callee.getExpression();
          const isMutation = MUTATING_METHODS.has(method) || (COLLECTION_METHODS.has(method) && isMapOrSet(receiver));
          const name = isMutation ? outside(receiver) : undefined;
          if (name) report({ node, messageId: "mutate", data: { step, name, how: `.${method}()` } });
          if (callee.getText() === "Object.assign" && node.getArguments()[0]) {
            const target = outside(node.getArguments()[0]);
            if (target) report({ node, messageId: "mutate", data: { step, name: target, how: "Object.assign" } });
          }
        }
      });
      for (const { node, names } of assignments.values()) report({ node, messageId: "assign", data: { step, names: quotedList(names) } });
    }
  },
});

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
function quotedList(names: string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** `b = 2` inside `[a, b = 2] = …` or `({ a = 1 } = …)`: a default value of a destructuring target, not an assignment of its own. */
function isDestructuringDefault(node: Node): boolean {
  let current: Node = node;
  for (let parent = current.getParent(); parent; current = parent, parent = parent.getParent()) {
    if (Node.isArrayLiteralExpression(parent) || Node.isObjectLiteralExpression(parent) || Node.isPropertyAssignment(parent) || Node.isShorthandPropertyAssignment(parent) || Node.isSpreadElement(parent) || Node.isSpreadAssignment(parent) || Node.isParenthesizedExpression(parent)) continue;
    return Node.isBinaryExpression(parent) && parent.getLeft() === current && isAssignmentOperator(parent.getOperatorToken().getKind());
  }
  return false;
}

function isIncrement(operator: ts.SyntaxKind): boolean {
  return operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken;
}

/** The variables an assignment writes: `x`, `obj.a.b` (→ obj), and each target of a destructuring. */
function assignmentTargets(left: Node): Node[] {
  const node = unwrap(left);
  if (Node.isArrayLiteralExpression(node)) return node.getElements().flatMap((e) => assignmentTargets(Node.isSpreadElement(e) ? e.getExpression() : e));
  if (Node.isObjectLiteralExpression(node)) {
    return node.getProperties().flatMap((p) => {
      if (Node.isShorthandPropertyAssignment(p)) return [p.getNameNode()];
      if (Node.isPropertyAssignment(p)) return assignmentTargets(p.getInitializerOrThrow());
      if (Node.isSpreadAssignment(p)) return assignmentTargets(p.getExpression());
      return [];
    });
  }
  if (Node.isBinaryExpression(node)) return assignmentTargets(node.getLeft()); // a default: `[a = 1] = …`
  return [node];
}

function rootIdentifier(target: Node): Node | undefined {
  let node = unwrap(target);
  while (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) node = unwrap(node.getExpression());
  return Node.isIdentifier(node) ? node : undefined;
}

/** `set/add/delete/clear` mutate only a Map or Set (a cache client's `set` is I/O, not a mutation). */
function isMapOrSet(receiver: Node): boolean {
  const root = rootIdentifier(receiver);
  const declaration = root?.getSymbol()?.getDeclarations()[0];
  if (!declaration || !Node.isVariableDeclaration(declaration)) return false;
  const typeText = declaration.getTypeNode()?.getText() ?? "";
  const init = declaration.getInitializer();
  const initText = init ? unwrap(init).getText() : "";
  return /^(Map|Set|WeakMap|WeakSet)\b/.test(typeText) || /^new (Map|Set|WeakMap|WeakSet)\b/.test(initText);
}
