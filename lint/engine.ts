// The lint engine: a warm ts-morph project that lints files from disk, and re-lints one file from
// in-memory text on every (debounced) keystroke. Used by the VS Code extension and `stepwise lint`.
//
//   const engine = createLintEngine({ tsconfig: "/ws/tsconfig.json" }); // or {} for default options
//   engine.lintFiles(["/ws/src/inngest/functions.ts"]);                 // LintDiagnostic[]
//   engine.lintText("/ws/src/inngest/functions.ts", unsavedText);        // LintDiagnostic[]
//
// Every diagnostic is a plain object of this stable shape (1-based lines and columns; `line` is
// where the offending call's callee starts; edits replace [start, end) in `file`):
//
//   { file, line, column, endLine, endColumn,
//     rule: "unawaited-step" | "nondeterministic-step-id" | …,  messageId: "floating" | …, data?,
//     severity: "error" | "warning" | "info", message, docsUrl,
//     fixes?: [{ title, edits: [{ file, start: { line, column }, end: { line, column }, newText }] }] }
//
// It never throws on broken or half-typed code: a rule that fails on a file is skipped for that
// file and the failure is kept in `internalErrors`.
import path from "node:path";
import { existsSync } from "node:fs";
import { Node, Project, ts, type CompilerOptions, type SourceFile } from "ts-morph";
import { FileAnalysis } from "./analysis/file-analysis";
import { readFunctionsOf, type InngestFunctionsReading } from "./analysis/function-sites";
import { docsUrlFor, type LintDiagnostic, type LintFix, type Position, type RuleId } from "./diagnostic";
import { formatMessage, type Finding, type OffsetEdit, type Rule } from "./rule";
import { allRules } from "./rules";

export interface LintEngineOptions {
  /** A tsconfig.json whose compiler options the project uses (its file list is not loaded up front). */
  tsconfig?: string;
  /** Compiler options when there is no tsconfig.json. */
  compilerOptions?: CompilerOptions;
  /** The rules to run; all of them by default. */
  rules?: readonly Rule[];
}

export interface InternalError {
  file: string;
  /** The rule that failed, or the step that did: the file's analysis, or reading its functions. */
  rule: RuleId | "analysis" | "read-functions";
  message: string;
}

export const DEFAULT_COMPILER_OPTIONS: CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  noEmit: true,
  jsx: ts.JsxEmit.Preserve,
};

export class LintEngine {
  readonly rules: readonly Rule[];
  readonly internalErrors: InternalError[] = [];
  private readonly project: Project;

  constructor(options: LintEngineOptions = {}) {
    this.rules = options.rules ?? allRules;
    this.project = options.tsconfig
      ? new Project({ tsConfigFilePath: options.tsconfig, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true })
      : new Project({ compilerOptions: options.compilerOptions ?? DEFAULT_COMPILER_OPTIONS, skipFileDependencyResolution: true });
  }

  /** Lints files as they are on disk (re-reading any this project already holds). Missing files are skipped. */
  lintFiles(filePaths: string[]): LintDiagnostic[] {
    const files: SourceFile[] = [];
    for (const filePath of filePaths) {
      const absolute = path.resolve(filePath);
      if (!existsSync(absolute)) continue;
      const existing = this.project.getSourceFile(absolute);
      if (existing) {
        existing.refreshFromFileSystemSync();
        files.push(existing);
      } else {
        files.push(this.project.addSourceFileAtPath(absolute));
      }
    }
    return files.flatMap((file) => this.lintSourceFile(file));
  }

  /** Re-lints one file from in-memory text (e.g. an unsaved editor buffer). */
  lintText(fileName: string, text: string): LintDiagnostic[] {
    return this.lintSourceFile(this.setText(fileName, text));
  }

  /** Reads a file's Inngest functions and step call sites from in-memory text (see readInngestFunctions). */
  readFunctions(fileName: string, text: string): InngestFunctionsReading {
    const sourceFile = this.setText(fileName, text);
    try {
      return readFunctionsOf(new FileAnalysis(sourceFile));
    } catch (err) {
      this.internalErrors.push({ file: sourceFile.getFilePath(), rule: "read-functions", message: (err as Error).stack ?? String(err) });
      return { functions: [], stepCalls: [] };
    }
  }

  /** Lints several in-memory files after adding them all, so the type checker is built once. */
  lintTexts(files: Array<{ fileName: string; text: string }>): Map<string, LintDiagnostic[]> {
    const sourceFiles = files.map((f) => this.setText(f.fileName, f.text));
    return new Map(sourceFiles.map((sf, i) => [files[i].fileName, this.lintSourceFile(sf)]));
  }

  /** Drops a file from the project (e.g. when its editor closes and the file was never saved). */
  forgetFile(fileName: string): void {
    const file = this.project.getSourceFile(path.resolve(fileName));
    if (file) this.project.removeSourceFile(file);
  }

  /** The project's source file, for callers that want to run TypeScript's own diagnostics on it. */
  sourceFile(fileName: string): SourceFile | undefined {
    return this.project.getSourceFile(path.resolve(fileName));
  }

  /** Adds files from disk without linting them, so that linting them one by one later (ESLint's way) does not rebuild the type checker for each. */
  addFiles(filePaths: string[]): void {
    for (const filePath of filePaths) this.project.addSourceFileAtPathIfExists(path.resolve(filePath));
  }

  /** The file with this text; an unchanged file is kept as it is, which keeps the type checker the project has built. */
  private setText(fileName: string, text: string): SourceFile {
    const absolute = path.resolve(fileName);
    const existing = this.project.getSourceFile(absolute);
    if (existing && existing.getFullText() === text) return existing;
    return this.project.createSourceFile(absolute, text, { overwrite: true });
  }

  private lintSourceFile(sourceFile: SourceFile): LintDiagnostic[] {
    const filePath = sourceFile.getFilePath();
    let analysis: FileAnalysis;
    try {
      analysis = new FileAnalysis(sourceFile);
    } catch (err) {
      this.internalErrors.push({ file: filePath, rule: "analysis", message: (err as Error).stack ?? String(err) });
      return [];
    }
    const diagnostics: LintDiagnostic[] = [];
    for (const rule of this.rules) {
      const findings: Finding[] = [];
      try {
        rule.check({ file: analysis, report: (finding) => findings.push(finding) });
      } catch (err) {
        this.internalErrors.push({ file: filePath, rule: rule.id, message: (err as Error).stack ?? String(err) });
        continue;
      }
      for (const finding of findings) diagnostics.push(toDiagnostic(sourceFile, rule, finding));
    }
    return dedupe(diagnostics).sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  }
}

export function createLintEngine(options: LintEngineOptions = {}): LintEngine {
  return new LintEngine(options);
}

function toDiagnostic(sourceFile: SourceFile, rule: Rule, finding: Finding): LintDiagnostic {
  const file = sourceFile.getFilePath();
  const { start, end } = highlightedRange(finding.node);
  const from = position(sourceFile, start);
  const to = position(sourceFile, end);
  const fixes: LintFix[] | undefined = finding.fixes?.length
    ? finding.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e) => toTextEdit(sourceFile, file, e)) }))
    : undefined;
  const diagnostic: LintDiagnostic = {
    file,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    rule: rule.id,
    messageId: finding.messageId,
    severity: rule.severity,
    message: formatMessage(rule.messages[finding.messageId] ?? finding.messageId, finding.data),
    docsUrl: docsUrlFor(rule.id),
  };
  if (finding.data && Object.keys(finding.data).length > 0) diagnostic.data = finding.data;
  if (fixes) diagnostic.fixes = fixes;
  return diagnostic;
}

/** A call is underlined along its callee (`step.run`), anything else along its whole text. */
function highlightedRange(node: Node): { start: number; end: number } {
  if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    return { start: callee.getStart(), end: callee.getEnd() };
  }
  return { start: node.getStart(), end: node.getEnd() };
}

/** From the compiler's line map (a binary search), not ts-morph's getLineAndColumnAtPos, which counts lines from the top. */
function position(sourceFile: SourceFile, offset: number): Position {
  const { line, character } = sourceFile.compilerNode.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

function toTextEdit(sourceFile: SourceFile, file: string, edit: OffsetEdit) {
  return { file, start: position(sourceFile, edit.start), end: position(sourceFile, edit.end), newText: edit.newText };
}

function dedupe(diagnostics: LintDiagnostic[]): LintDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.rule}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
