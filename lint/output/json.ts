// One JSON array of diagnostics, exactly the engine's objects (paths as the caller wants them shown).
import type { LintDiagnostic } from "../diagnostic";

export function formatJson(diagnostics: LintDiagnostic[], displayPath: (file: string) => string = (f) => f): string {
  const shown = diagnostics.map((d) => ({
    ...d,
    file: displayPath(d.file),
    ...(d.fixes ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, file: displayPath(e.file) })) })) } : {}),
  }));
  return `${JSON.stringify(shown, null, 2)}\n`;
}
