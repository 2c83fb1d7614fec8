// The plain objects the linter hands out: to the CLI formatters, to the editor, to CI.
// Lines and columns are 1-based; a column counts UTF-16 code units from the start of its line.

export type Severity = "error" | "warning" | "info";

export type RuleId =
  | "unawaited-step"
  | "nondeterministic-step-id"
  | "nondeterminism-outside-step"
  | "side-effect-outside-step"
  | "nested-step"
  | "mutation-in-step"
  | "duplicate-step-id"
  | "unawaited-send"
  | "inngest-send-in-function"
  | "promise-race-without-group"
  | "step-count-limit"
  | "step-output-size";

export interface Position {
  line: number;
  column: number;
}

/** Replace the text between `start` (inclusive) and `end` (exclusive) with `newText`. */
export interface TextEdit {
  file: string;
  start: Position;
  end: Position;
  newText: string;
}

export interface LintFix {
  title: string;
  edits: TextEdit[];
}

export interface LintDiagnostic {
  file: string;
  /** Where the offending call's callee starts. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: RuleId;
  /** Which of the rule's messages this is (`floating`, `voided`…); stable across releases, unlike the text. */
  messageId: string;
  /** The values filled into the message template, when it has any. */
  data?: Record<string, string | number>;
  severity: Severity;
  message: string;
  fixes?: LintFix[];
  docsUrl: string;
}

/** The rules' index page; each rule has its own page beside it, docs/rules/<id>.md. */
export const DOCS_BASE_URL = "https://github.com/stepwise-dev/stepwise/blob/main/docs/lint-rules.md";

export function docsUrlFor(rule: RuleId): string {
  return `https://github.com/stepwise-dev/stepwise/blob/main/docs/rules/${rule}.md`;
}
