// One Stepwise rule as an ESLint rule: the same metadata (message templates by message ID, in
// ESLint's `{{name}}` form), and findings from the same engine on the file's text, reported with
// their message ID and data. A rule's fixes become ESLint suggestions — they change what the
// function does, so they are offered, never applied by `eslint --fix`.
import type { Rule as ESLintRule } from "eslint";
import { docsUrlFor, type Position } from "../lint/diagnostic";
import type { Rule } from "../lint/rule";
import { diagnosticsFor } from "./engine-cache";

export function toEslintRule(rule: Rule): ESLintRule.RuleModule {
  return {
    meta: {
      type: rule.severity === "info" ? "suggestion" : "problem",
      docs: { description: rule.description, url: docsUrlFor(rule.id), recommended: true },
      messages: Object.fromEntries(Object.entries(rule.messages).map(([id, template]) => [id, template.replace(/\{(\w+)\}/g, "{{$1}}")])),
      hasSuggestions: rule.fixes.length > 0,
      schema: [],
    },
    create(context) {
      return {
        Program() {
          const { sourceCode } = context;
          const indexOf = (p: Position) => sourceCode.getIndexFromLoc({ line: p.line, column: p.column - 1 });
          for (const finding of diagnosticsFor(context.filename, sourceCode.text, context.cwd)) {
            if (finding.rule !== rule.id) continue;
            context.report({
              loc: { start: { line: finding.line, column: finding.column - 1 }, end: { line: finding.endLine, column: finding.endColumn - 1 } },
              messageId: finding.messageId,
              data: finding.data ? Object.fromEntries(Object.entries(finding.data).map(([k, v]) => [k, String(v)])) : undefined,
              suggest: finding.fixes?.map((fix) => ({
                desc: fix.title,
                fix: (fixer) => fix.edits.map((edit) => fixer.replaceTextRange([indexOf(edit.start), indexOf(edit.end)], edit.newText)),
              })),
            });
          }
        },
      };
    },
  };
}
