// Applies a fix's text edits to a file's text (the CLI and tests use it; the editor applies them itself).
import type { LintFix, Position } from "./diagnostic";

export function applyFix(text: string, fix: LintFix, file?: string): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offsetOf = (p: Position) => lineStarts[p.line - 1] + p.column - 1;
  const edits = fix.edits
    .filter((e) => file === undefined || e.file === file)
    .map((e) => ({ start: offsetOf(e.start), end: offsetOf(e.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
