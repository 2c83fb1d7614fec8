// Human-readable findings, one a line, then a summary: `src/fn.ts:12:5  error  … [unawaited-step]`.
import type { LintDiagnostic } from "../diagnostic";

export function formatText(diagnostics: LintDiagnostic[], displayPath: (file: string) => string = (f) => f): string {
  if (diagnostics.length === 0) return "stepwise lint: no problems found\n";
  const lines = diagnostics.map((d) => `${displayPath(d.file)}:${d.line}:${d.column}  ${d.severity.padEnd(7)}  ${d.message}  [${d.rule}]`);
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const fixable = diagnostics.filter((d) => d.fixes?.length).length;
  lines.push(
    "",
    `${plural(diagnostics.length, "problem")} (${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${count("info")} info)` +
      (fixable ? `; ${fixable} with a fix in the editor or --format json` : ""),
  );
  return `${lines.join("\n")}\n`;
}
