// What a rule is: metadata plus a `check` over one file's analysis, reporting nodes with messages and fixes.
import type { Node } from "ts-morph";
import type { RuleId, Severity } from "./diagnostic";
import type { FileAnalysis } from "./analysis/file-analysis";

/** A text edit by character offsets in the file being linted. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FixProposal {
  title: string;
  edits: OffsetEdit[];
}

export interface Finding {
  /** The offending node; the diagnostic starts where it starts (for a call: where its callee starts). */
  node: Node;
  messageId: string;
  data?: Record<string, string | number>;
  fixes?: FixProposal[];
}

export interface RuleContext {
  readonly file: FileAnalysis;
  report(finding: Finding): void;
}

export interface Rule {
  id: RuleId;
  severity: Severity;
  /** The one-line documentation shown in docs/lint-rules.md and by `stepwise lint --help`. */
  description: string;
  /** Message templates by id; `{name}` is replaced from a finding's data. */
  messages: Record<string, string>;
  /** Titles of the fixes this rule can offer. */
  fixes: string[];
  check(context: RuleContext): void;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
