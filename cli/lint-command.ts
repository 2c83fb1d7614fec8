// `stepwise lint [paths…] [--format text|json|sarif] [--project tsconfig.json]`
import { existsSync } from "node:fs";
import path from "node:path";
import type { LintDiagnostic } from "../lint/diagnostic";
import { createLintEngine, type LintEngine } from "../lint/engine";
import { formatJson } from "../lint/output/json";
import { formatSarif } from "../lint/output/sarif";
import { formatText } from "../lint/output/text";
import { filesOfDirectory, isDirectory, isLintable, nearestTsconfig } from "../lint/project-files";
import { allRules } from "../lint/rules";
import { StepwiseInputError } from "../runtime/errors";
import { parseCommandLine, stringOption, version } from "./args";

type Format = "text" | "json" | "sarif";
const FORMATS: Format[] = ["text", "json", "sarif"];

const HELP = `Usage: stepwise lint [paths…] [--format text|json|sarif] [--project tsconfig.json]

Find durable-execution mistakes in Inngest functions: unawaited steps, non-deterministic step IDs,
side effects outside steps and more. Paths default to the current directory; a directory is linted
with its own (or the nearest) tsconfig.json, else with default compiler options.

Options:
  --format <f>       text (default), json (one array of findings) or sarif (SARIF 2.1.0 for code scanning)
  --project <file>   the tsconfig.json to use for every path
  -h, --help         show this help

Exit status: 1 when any finding is an error, 0 otherwise, 2 on bad input.

Rules (docs: docs/lint-rules.md):
${allRules.map((r) => `  ${r.id.padEnd(28)} ${r.severity.padEnd(8)} ${r.description}`).join("\n")}
`;

export async function runLintCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  const line = parseCommandLine(argv, { format: { type: "string" }, project: { type: "string" } }, "lint", HELP);
  const format = (stringOption(line, "format") ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new StepwiseInputError(`--format must be one of ${FORMATS.join(", ")} (got "${format}")`);
  const project = stringOption(line, "project");
  const parsed = { paths: line.positionals.length > 0 ? line.positionals : ["."], format, project };
  const projectFile = project ? path.resolve(project) : undefined;
  if (projectFile && !existsSync(projectFile)) {
    io.stderr(`stepwise: --project ${project}: no such file\n`);
    return 2;
  }
  const filesByTsconfig = new Map<string, Set<string>>();
  for (const input of parsed.paths) {
    const absolute = path.resolve(input);
    if (!existsSync(absolute)) {
      io.stderr(`stepwise: ${input}: no such file or directory\n`);
      return 2;
    }
    const directory = isDirectory(absolute);
    if (!directory && !isLintable(absolute)) {
      io.stderr(`stepwise: ${input}: not a TypeScript or JavaScript file\n`);
      return 2;
    }
    const tsconfig = projectFile ?? nearestTsconfig(directory ? absolute : path.dirname(absolute)) ?? "";
    const files = directory ? filesOfDirectory(absolute, tsconfig || undefined) : [absolute];
    const group = filesByTsconfig.get(tsconfig) ?? new Set<string>();
    for (const f of files) group.add(f);
    filesByTsconfig.set(tsconfig, group);
  }

  const diagnostics: LintDiagnostic[] = [];
  for (const [tsconfig, files] of filesByTsconfig) {
    let engine: LintEngine;
    try {
      engine = createLintEngine(tsconfig ? { tsconfig } : {});
    } catch (err) {
      io.stderr(`stepwise: cannot read ${path.relative(process.cwd(), tsconfig)}: ${(err as Error).message.split("\n")[0]}\n`);
      return 2;
    }
    diagnostics.push(...engine.lintFiles([...files]));
  }
  diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);

  const relative = (file: string) => path.relative(process.cwd(), file).split(path.sep).join("/") || file;
  if (parsed.format === "json") io.stdout(formatJson(diagnostics, relative));
  else if (parsed.format === "sarif") io.stdout(formatSarif(diagnostics, allRules, relative, version()));
  else io.stdout(formatText(diagnostics, relative));
  return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}
