// Node's module.register() hooks for a module that must load as ESM (it has top-level await):
// esbuild compiles each TypeScript file to ESM with the same options as the require hook (inline
// map with the real path, the same map kept for stacks), and imports written the TypeScript way
// (`./config` or `./config.js` for config.ts) resolve. Bundled to dist/typescript-esm-hooks.mjs;
// Node runs it on its loader thread.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describeCompileFailure, isTypeScriptFile, keepSourceMap, transformOptions } from "./typescript-compile";

export interface EsmHooksData {
  /** The esbuild the app host compiles with (an absolute path). */
  esbuild: string;
  sourceMaps?: string;
}

/** `import(SDK_SPECIFIER + moduleUrl)` gives the `inngest/node` that the module itself resolves, as ESM. */
export const SDK_SPECIFIER = "stepwise-sdk-of:";

interface ResolveContext {
  parentURL?: string;
  conditions: string[];
  importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
interface LoadContext {
  format?: string | null;
  conditions: string[];
  importAttributes?: Record<string, string>;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

let esbuild: typeof import("esbuild");
let mapsFolder: string | undefined;

export function initialize(data: EsmHooksData): void {
  esbuild = createRequire(data.esbuild)(data.esbuild) as typeof import("esbuild");
  mapsFolder = data.sourceMaps;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  if (specifier.startsWith(SDK_SPECIFIER)) {
    return nextResolve("inngest/node", { ...context, parentURL: specifier.slice(SDK_SPECIFIER.length) });
  }
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const parent = context.parentURL;
    if (!parent?.startsWith("file:") || !isTypeScriptFile(fileURLToPath(parent)) || !/^\.{0,2}\//.test(specifier)) throw err;
    for (const candidate of typeScriptCandidates(specifier)) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // the next candidate
      }
    }
    throw err;
  }
}

/** What TypeScript would accept for a relative import that Node's ESM resolution does not find. */
function typeScriptCandidates(specifier: string): string[] {
  const swapped: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };
  for (const [ext, replacements] of Object.entries(swapped)) {
    if (specifier.endsWith(ext)) return replacements.map((r) => specifier.slice(0, -ext.length) + r);
  }
  const stem = specifier.replace(/\/$/, "");
  return [".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", "/index.ts", "/index.tsx", "/index.js"].map((ext) => stem + ext);
}

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith("file:")) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  if (!isTypeScriptFile(filename)) return nextLoad(url, context);
  // A .cts file stays CommonJS, as TypeScript and Node have it; platform "node" makes esbuild
  // annotate its exports (`0 && (module.exports = {...})`) so ESM can import them by name.
  const format = filename.endsWith(".cts") ? "cjs" : "esm";
  const source = await readFile(filename, "utf8");
  let result: import("esbuild").TransformResult;
  try {
    result = await esbuild.transform(source, format === "cjs" ? { ...transformOptions(filename, format), platform: "node" } : transformOptions(filename, format));
  } catch (err) {
    throw describeCompileFailure(err, filename);
  }
  return { format: format === "cjs" ? "commonjs" : "module", source: keepSourceMap(result, filename, mapsFolder), shortCircuit: true };
}
