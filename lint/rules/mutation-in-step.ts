import { Node, SyntaxKind, type ts } from "ts-morph";
import { describeStep } from "../analysis/step-ids";
import { isAssignmentOperator, isInside, unwrap } from "../analysis/syntax";
import type { Rule } from "../rule";

const MUTATING_METHODS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"]);
const COLLECTION_METHODS = new Set(["set", "add", "delete", "clear"]);

export const mutationInStep: Rule = {
  id: "mutation-in-step",
  severity: "warning",
  description: "A step callback must not assign to or mutate state declared outside it: once the step is memoized the callback is skipped and the change is lost.",
  messages: {
    assign: "{step} assigns to \"{name}\", declared outside the step; once the step is memoized this is skipped and \"{name}\" keeps its old value — return the value from the step instead",
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
        const declaration = root.getSymbol()?.getDeclarations()[0];
        if (!declaration || declaration.getSourceFile().isDeclarationFile() || isInside(declaration, callback)) return undefined;
        if (Node.isImportSpecifier(declaration) || Node.isImportClause(declaration) || Node.isNamespaceImport(declaration)) return undefined;
        return root.getText();
      };
      callback.forEachDescendant((node) => {
        if (Node.isBinaryExpression(node) && isAssignmentOperator(node.getOperatorToken().getKind())) {
          for (const target of assignmentTargets(node.getLeft())) {
            const name = outside(target);
            if (name) report({ node, messageId: "assign", data: { step, name } });
          }
          return;
        }
        if ((Node.isPostfixUnaryExpression(node) || Node.isPrefixUnaryExpression(node)) && isIncrement(node.getOperatorToken())) {
          const name = outside(node.getOperand());
          if (name) report({ node, messageId: "assign", data: { step, name } });
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
    }
  },
};

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
