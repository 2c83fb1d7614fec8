// SARIF 2.1.0 for code scanning (GitHub and others): one run, the rules as the driver's rules, fixes as SARIF fixes.
import { DOCS_BASE_URL, docsUrlFor, type LintDiagnostic, type Severity } from "../diagnostic";
import type { Rule } from "../rule";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

export function formatSarif(diagnostics: LintDiagnostic[], rules: readonly Rule[], relativeUri: (file: string) => string, version: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "stepwise",
            version,
            informationUri: DOCS_BASE_URL,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description },
              helpUri: docsUrlFor(r.id),
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: "file:///" } },
        results: diagnostics.map((d) => ({
          ruleId: d.rule,
          ruleIndex: ruleIndex.get(d.rule) ?? -1,
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(d.file), uriBaseId: "%SRCROOT%" },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
          ...(d.fixes
            ? {
                fixes: d.fixes.map((f) => ({
                  description: { text: f.title },
                  artifactChanges: groupByFile(f.edits).map(([file, edits]) => ({
                    artifactLocation: { uri: relativeUri(file), uriBaseId: "%SRCROOT%" },
                    replacements: edits.map((e) => ({
                      deletedRegion: { startLine: e.start.line, startColumn: e.start.column, endLine: e.end.line, endColumn: e.end.column },
                      insertedContent: { text: e.newText },
                    })),
                  })),
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function groupByFile<T extends { file: string }>(edits: T[]): Array<[string, T[]]> {
  const byFile = new Map<string, T[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return [...byFile];
}
