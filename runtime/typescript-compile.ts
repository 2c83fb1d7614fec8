// How the app host compiles one TypeScript file: the same esbuild options for the CommonJS
// require hook and the ESM loader hooks, an inline source map for the JavaScript debugger
// (it keeps the file's real path), and the same map left in the source-map folder for stacks.
import type { TransformOptions, TransformResult } from "esbuild";
import { writeSourceMap } from "./source-map-folder";

export const TYPESCRIPT_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];

export type ModuleFormat = "cjs" | "esm";

export const isTypeScriptFile = (file: string) => TYPESCRIPT_EXTENSIONS.some((ext) => file.endsWith(ext));

export function transformOptions(filename: string, format: ModuleFormat): TransformOptions {
  return {
    loader: filename.endsWith("x") ? "tsx" : "ts",
    format,
    target: "node20",
    sourcemap: "both",
    sourcefile: filename,
  };
}

/** Keeps the map of a compiled file where the stack mapper will look for it. */
export function keepSourceMap(result: TransformResult, filename: string, mapsFolder: string | undefined): string {
  try {
    if (mapsFolder) writeSourceMap(mapsFolder, filename, result.map);
  } catch {
    // Without its map the file still runs; its stack frames keep the compiled lines.
  }
  return result.code;
}

/** A file that cannot compile: `file:line:col: what esbuild says`. */
export class CompileError extends Error {
  override name = "CompileError";
}

/** A file with top-level await, which CommonJS cannot express: it has to load as ESM. */
export class TopLevelAwaitError extends Error {
  override name = "TopLevelAwaitError";
}

interface EsbuildFailure {
  errors?: Array<{ text: string; location?: { line: number; column: number } | null }>;
}

/** esbuild's first error as one line; top-level await in CommonJS output as its own error. */
export function describeCompileFailure(err: unknown, filename: string): CompileError | TopLevelAwaitError {
  const first = (err as EsbuildFailure).errors?.[0];
  if (!first) return new CompileError(`${filename}: ${String((err as Error).message ?? err).split("\n")[0]}`);
  const where = first.location ? `${filename}:${first.location.line}:${first.location.column + 1}` : filename;
  if (/^Top-level await is currently not supported with the "cjs" output format/.test(first.text)) {
    return new TopLevelAwaitError(`${where}: top-level await`);
  }
  return new CompileError(`${where}: ${first.text}`);
}
