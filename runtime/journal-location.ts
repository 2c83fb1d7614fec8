// Where runs are recorded, decided in one place for the CLI, the debugger and the extension:
// the folder given (relative to the base), else `.stepwise/runs` in the base — the current
// directory for the CLI, the workspace folder in VS Code, and for a debug launch the program's
// project (the nearest folder with a package.json).
import { existsSync } from "node:fs";
import path from "node:path";

export const DEFAULT_JOURNAL = path.join(".stepwise", "runs");

export function journalDirFor(options: { journal?: string; base?: string; program?: string }): string {
  const base = options.base ?? (options.program ? projectOf(options.program) : process.cwd());
  return path.resolve(base, options.journal ?? DEFAULT_JOURNAL);
}

/** The folder with the program's package.json (its own folder when there is none). */
export function projectOf(program: string): string {
  const start = path.dirname(path.resolve(program));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
