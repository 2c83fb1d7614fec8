// Loads a user's module inside the app host: TypeScript is compiled file by file with esbuild
// (inline source maps, each file keeping its real path so node_modules resolve from the user's
// project and breakpoints map back), then every exported Inngest function is collected.
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts"];

export class ModuleLoadError extends Error {}

/** Makes `require()` of TypeScript files work in this process, compiling with the given esbuild. */
export function installTypeScriptHook(esbuild: typeof import("esbuild")): void {
  const extensions = (Module as unknown as { _extensions: Record<string, (m: Module, f: string) => void> })._extensions;
  for (const ext of TS_EXTENSIONS) {
    extensions[ext] = (mod: Module, filename: string) => {
      const source = readFileSync(filename, "utf8");
      let code: string;
      try {
        code = esbuild.transformSync(source, {
          loader: filename.endsWith("x") ? "tsx" : "ts",
          format: "cjs",
          target: "node20",
          sourcemap: "inline",
          sourcefile: filename,
        }).code;
      } catch (err) {
        throw new ModuleLoadError(describeEsbuildError(err, filename));
      }
      (mod as unknown as { _compile: (code: string, filename: string) => void })._compile(code, filename);
    };
  }
}

function describeEsbuildError(err: unknown, filename: string): string {
  const first = (err as { errors?: Array<{ text: string; location?: { line: number; column: number } }> }).errors?.[0];
  if (!first) return `${filename}: ${(err as Error).message.split("\n")[0]}`;
  const where = first.location ? `${filename}:${first.location.line}:${first.location.column + 1}` : filename;
  return `${where}: ${first.text}`;
}

/** Loads the module (CommonJS or TypeScript through the hook; ESM-only files through import()). */
export async function loadUserModule(modulePath: string): Promise<Record<string, unknown>> {
  const absolute = path.resolve(modulePath);
  const requireFromModule = createRequire(absolute);
  try {
    return requireFromModule(absolute) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_REQUIRE_ESM") {
      return (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
    }
    if (err instanceof ModuleLoadError) throw err;
    if (err instanceof SyntaxError) {
      throw new ModuleLoadError(`${absolute}: ${err.message}`);
    }
    throw new ModuleLoadError(`${absolute} threw while loading: ${(err as Error).message ?? err}${locationOf(err, absolute)}`);
  }
}

function locationOf(err: unknown, file: string): string {
  const stack = (err as Error)?.stack ?? "";
  const line = stack.split("\n").find((l) => l.includes(file));
  const match = line?.match(/:(\d+):(\d+)\)?$/);
  return match ? ` (at ${path.basename(file)}:${match[1]})` : "";
}

export interface InngestFunctionLike {
  id(prefix?: string): string;
  opts: Record<string, unknown>;
  client: InngestClientLike;
}

export interface InngestClientLike {
  id: string;
}

const isInngestFunction = (value: unknown): value is InngestFunctionLike =>
  Object.prototype.toString.call(value) === "[object Inngest.Function]";

/** Every Inngest function the module exports: direct exports, arrays, `functions`, `default`. */
export function collectFunctions(exports: Record<string, unknown>): InngestFunctionLike[] {
  const found = new Set<InngestFunctionLike>();
  const visit = (value: unknown, depth: number) => {
    if (isInngestFunction(value)) found.add(value);
    else if (Array.isArray(value) && depth < 3) value.forEach((v) => visit(v, depth + 1));
    else if (value && typeof value === "object" && depth < 2 && !Object.prototype.toString.call(value).includes("Inngest")) {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  visit(exports, 0);
  return [...found];
}
