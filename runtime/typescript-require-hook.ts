// Makes require() of TypeScript files work in the app host: esbuild compiles each file to
// CommonJS when it is required, keeping its real path so node_modules resolve from the user's
// project and the JavaScript debugger maps breakpoints back.
//
// Before the module runs, its own files are compiled ahead (the same work, only earlier) to find
// top-level await, which CommonJS cannot express: such a module then loads as ESM through the
// loader hooks (typescript-esm-hooks.ts) before any of its code has run, so nothing runs twice.
import type { TransformResult } from "esbuild";
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { describeCompileFailure, isTypeScriptFile, keepSourceMap, TopLevelAwaitError, transformOptions, TYPESCRIPT_EXTENSIONS } from "./typescript-compile";

/** esbuild writes every static import and require of its CommonJS output as `require("…")`. */
const REQUIRE_CALL = /\brequire\("((?:[^"\\\n]|\\.)+)"\)/g;

type Extensions = Record<string, (module: Module, filename: string) => void>;
type CompilingModule = Module & { _compile(code: string, filename: string): void };

export class TypeScriptRequireHook {
  /** Output compiled ahead by findTopLevelAwait, taken (once) when the file is required. */
  private readonly compiledAhead = new Map<string, string>();

  constructor(
    private readonly esbuild: typeof import("esbuild"),
    private readonly mapsFolder: string | undefined,
  ) {}

  install(): void {
    const extensions = (Module as unknown as { _extensions: Extensions })._extensions;
    for (const ext of TYPESCRIPT_EXTENSIONS) {
      extensions[ext] = (module, filename) => (module as CompilingModule)._compile(this.compile(filename), filename);
    }
  }

  /**
   * Where the first top-level await is (`file:line:col: top-level await`) in the entry or the
   * TypeScript files it imports outside node_modules, transitively; null when there is none.
   */
  findTopLevelAwait(entry: string): string | null {
    const queue = [entry];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i];
      let code: string;
      try {
        code = this.compile(file);
      } catch (err) {
        if (err instanceof TopLevelAwaitError) return err.message;
        continue; // a compile error is reported when the file is required, in load order
      }
      this.compiledAhead.set(file, code);
      const resolve = createRequire(file).resolve;
      for (const [, specifier] of code.matchAll(REQUIRE_CALL)) {
        let target: string;
        try {
          target = resolve(specifier);
        } catch {
          continue; // reported when the module requires it
        }
        if (seen.has(target) || !isTypeScriptFile(target) || target.split(path.sep).includes("node_modules")) continue;
        seen.add(target);
        queue.push(target);
      }
    }
    return null;
  }

  /** Drops what was compiled ahead and never required. */
  forgetCompiledAhead(): void {
    this.compiledAhead.clear();
  }

  private compile(filename: string): string {
    const ahead = this.compiledAhead.get(filename);
    if (ahead !== undefined) {
      this.compiledAhead.delete(filename);
      return ahead;
    }
    const source = readFileSync(filename, "utf8");
    let result: TransformResult;
    try {
      result = this.esbuild.transformSync(source, transformOptions(filename, "cjs"));
    } catch (err) {
      throw describeCompileFailure(err, filename);
    }
    return keepSourceMap(result, filename, this.mapsFolder);
  }
}
