// Loads a user's module inside the app host, then collects every exported Inngest function.
// TypeScript is compiled file by file with esbuild: as CommonJS through the require hook, or, when
// the module has top-level await (or is ESM-only JavaScript), as ESM through Node's loader hooks.
import { createRequire, register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describeLoadFailure, ModuleLoadError } from "./module-load-error";
import type { StackMapper } from "./stack-mapper";
import { SDK_SPECIFIER, type EsmHooksData } from "./typescript-esm-hooks";
import { isTypeScriptFile, type ModuleFormat } from "./typescript-compile";
import { TypeScriptRequireHook } from "./typescript-require-hook";

export interface ModuleLoaderOptions {
  /** The esbuild to compile with (an absolute path). */
  esbuild: string;
  /** The bundled ESM loader hooks (dist/typescript-esm-hooks.mjs). */
  esmHooks: string;
  /** Where each compiled file's source map is kept, for mapping stacks. */
  sourceMaps?: string;
  mapper?: StackMapper;
}

export interface LoadedModule {
  exports: Record<string, unknown>;
  /** How the module was loaded: its `inngest` is the SDK's CommonJS or its ESM build accordingly. */
  format: ModuleFormat;
}

/** Codes with which require() refuses a module that only ESM can load. */
const NEEDS_ESM = new Set(["ERR_REQUIRE_ESM", "ERR_REQUIRE_ASYNC_MODULE"]);

export class ModuleLoader {
  private readonly requireHook: TypeScriptRequireHook;
  private esmHooksRegistered = false;

  constructor(private readonly options: ModuleLoaderOptions) {
    this.requireHook = new TypeScriptRequireHook(createRequire(options.esbuild)(options.esbuild) as typeof import("esbuild"), options.sourceMaps);
    this.requireHook.install();
  }

  /** Loads the module; throws a ModuleLoadError whose message is one line. */
  async load(modulePath: string): Promise<LoadedModule> {
    const absolute = path.resolve(modulePath);
    try {
      if (isTypeScriptFile(absolute) && this.requireHook.findTopLevelAwait(absolute)) return { exports: await this.importAsEsm(absolute), format: "esm" };
      try {
        const exports = createRequire(absolute)(absolute) as Record<string, unknown>;
        // Node 20.19+ can require() ESM: such a module imports the SDK's ESM build.
        return { exports, format: Object.prototype.toString.call(exports) === "[object Module]" ? "esm" : "cjs" };
      } catch (err) {
        if (!NEEDS_ESM.has((err as { code?: string })?.code ?? "")) throw err;
        return { exports: await this.importAsEsm(absolute), format: "esm" };
      }
    } catch (err) {
      throw new ModuleLoadError(describeLoadFailure(err, absolute, this.options.mapper));
    } finally {
      this.requireHook.forgetCompiledAhead();
    }
  }

  /** `serve` from the `inngest/node` the module resolves: the same build (CommonJS or ESM) its functions come from. */
  async serveOf(loaded: LoadedModule, modulePath: string): Promise<unknown> {
    if (loaded.format === "cjs") return (createRequire(modulePath)("inngest/node") as { serve: unknown }).serve;
    this.registerEsmHooks();
    return ((await import(SDK_SPECIFIER + pathToFileURL(modulePath).href)) as { serve: unknown }).serve;
  }

  private async importAsEsm(absolute: string): Promise<Record<string, unknown>> {
    this.registerEsmHooks();
    return (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  }

  /** Only for a module that loads as ESM: hooks put every later import() through Node's loader thread. */
  private registerEsmHooks(): void {
    if (this.esmHooksRegistered) return;
    const data: EsmHooksData = { esbuild: this.options.esbuild, sourceMaps: this.options.sourceMaps };
    register(pathToFileURL(this.options.esmHooks).href, { data });
    this.esmHooksRegistered = true;
  }
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
