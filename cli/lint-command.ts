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

interface LintArgs {
  paths: string[];
  format: Format;
  project?: string;
  help: boolean;
}

export async function runLintCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  const parsed = parseLintArgs(argv);
  if (typeof parsed === "string") {
    io.stderr(`stepwise: ${parsed} (see stepwise lint --help)\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(HELP);
    return 0;
  }
  const projectFile = parsed.project ? path.resolve(parsed.project) : undefined;
  if (projectFile && !existsSync(projectFile)) {
    io.stderr(`stepwise: --project ${parsed.project}: no such file\n`);
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
  else if (parsed.format === "sarif") io.stdout(formatSarif(diagnostics, allRules, relative, stepwiseVersion()));
  else io.stdout(formatText(diagnostics, relative));
  return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

/** The parsed arguments, or a one-line complaint. */
function parseLintArgs(argv: string[]): LintArgs | string {
  const args: LintArgs = { paths: [], format: "text", help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      args.help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      args.paths.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name !== "--format" && name !== "--project") return `unknown option ${name} for "stepwise lint"`;
    const value = inline ?? argv[++i];
    if (value === undefined || value === "") return `${name} needs a value`;
    if (name === "--format") {
      if (!FORMATS.includes(value as Format)) return `--format must be one of ${FORMATS.join(", ")} (got "${value}")`;
      args.format = value as Format;
    } else args.project = value;
  }
  if (args.paths.length === 0) args.paths.push(".");
  return args;
}

function stepwiseVersion(): string {
  try {
    return (require("../package.json") as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}
