// What a rule is, in the manner of typescript-eslint's rules: metadata (id, severity, description,
// message templates by message ID, fix titles) and a `check` over one file's analysis that reports
// nodes with a message ID, its data and fixes. The message IDs are part of the rule's contract:
// tests, the JSON output and the ESLint plugin all name a finding by rule and message ID.
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

export type MessageData = Record<string, string | number>;

export interface Finding<MessageId extends string = string> {
  /** The offending node; the diagnostic starts where it starts (for a call: where its callee starts). */
  node: Node;
  messageId: MessageId;
  data?: MessageData;
  fixes?: FixProposal[];
}

export interface RuleContext<MessageId extends string = string> {
  readonly file: FileAnalysis;
  report(finding: Finding<MessageId>): void;
}

export interface Rule<MessageId extends string = string> {
  id: RuleId;
  severity: Severity;
  /** The one-line documentation shown in docs/rules/<id>.md and by `stepwise lint --help`. */
  description: string;
  /** Message templates by message ID; `{name}` is replaced from a finding's data. */
  messages: Record<MessageId, string>;
  /** Titles of the fixes this rule can offer. */
  fixes: string[];
  check(context: RuleContext<MessageId>): void;
}

/** Declares a rule, checking at compile time that every reported message ID is one of its messages. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
