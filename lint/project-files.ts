// Which files a `stepwise lint` path means, and which tsconfig.json each file is linted with.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";

const LINTABLE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "out", ".git", ".stepwise", "coverage"]);

export function isLintable(file: string): boolean {
  return LINTABLE.test(file) && !/\.d\.(ts|mts|cts)$/.test(file);
}

/** The nearest tsconfig.json at or above `dir`. */
export function nearestTsconfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The files of a directory: those its tsconfig includes there, else every lintable file below it. */
export function filesOfDirectory(dir: string, tsconfig: string | undefined): string[] {
  const absolute = path.resolve(dir);
  const fromConfig = tsconfig ? tsconfigFiles(tsconfig).filter((f) => f.startsWith(absolute + path.sep) && isLintable(f)) : [];
  return (fromConfig.length > 0 ? fromConfig : walk(absolute)).sort();
}

/** The files a tsconfig.json includes (outside node_modules). */
export function tsconfigFiles(tsconfig: string): string[] {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) return [];
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig));
  return parsed.fileNames.map((f) => path.resolve(f)).filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`));
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...walk(full));
    } else if (entry.isFile() && isLintable(entry.name)) files.push(full);
  }
  return files;
}

export function isDirectory(p: string): boolean {
  return statSync(p).isDirectory();
}
