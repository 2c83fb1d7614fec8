// The ESLint plugin's view of the lint engine: one warm engine per tsconfig.json (the nearest to
// the file, as `stepwise lint` picks it), and the last file's findings, so the plugin's rules —
// which ESLint runs one after another on the same text — lint each file once.
import path from "node:path";
import type { LintDiagnostic } from "../lint/diagnostic";
import { createLintEngine, type LintEngine } from "../lint/engine";
import { isLintable, nearestTsconfig, tsconfigFiles } from "../lint/project-files";

const engines = new Map<string, LintEngine>();
let last: { file: string; text: string; diagnostics: LintDiagnostic[] } | undefined;

/** Every finding of every rule for `text`, read as the file `fileName` (ESLint's `context.filename`). */
export function diagnosticsFor(fileName: string, text: string, cwd: string): LintDiagnostic[] {
  const file = lintableName(fileName, cwd);
  if (last && last.file === file && last.text === text) return last.diagnostics;
  const diagnostics = engineFor(file).lintText(file, text);
  last = { file, text, diagnostics };
  return diagnostics;
}

function engineFor(file: string): LintEngine {
  const tsconfig = nearestTsconfig(path.dirname(file)) ?? "";
  let engine = engines.get(tsconfig);
  if (!engine) {
    engine = createLintEngine(tsconfig ? { tsconfig } : {});
    // ESLint hands over one file at a time; with the project's files added up front, each file's
    // text is already there and the type checker is built once, as `stepwise lint` builds it.
    if (tsconfig) engine.addFiles(tsconfigFiles(tsconfig).filter(isLintable));
    engines.set(tsconfig, engine);
  }
  return engine;
}

/** ESLint names text without a file `<input>` (and blocks of other files `README.md/0.ts`): give the engine a TypeScript name. */
function lintableName(fileName: string, cwd: string): string {
  const absolute = path.resolve(cwd, fileName);
  return isLintable(absolute) ? absolute : path.join(path.dirname(absolute), `${path.basename(absolute).replace(/[^\w.-]/g, "_")}.ts`);
}
