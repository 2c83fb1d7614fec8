// Bundles the CLI, the app host's child entry (and the ESM loader hooks it registers for modules
// with top-level await), the stdio debug adapter, the VS Code extension and the ESLint plugin.
// `esbuild`, `ts-morph` and `typescript` stay external: they are loaded from node_modules at run
// time. `node build.mjs cli eslint-plugin` builds only the named bundles.
import { build } from "esbuild";
import { existsSync } from "node:fs";

const entries = [
  { in: "cli/main.ts", out: "cli", banner: "#!/usr/bin/env node" },
  { in: "runtime/app-host-child.ts", out: "app-host-child" },
  { in: "runtime/typescript-esm-hooks.ts", out: "typescript-esm-hooks", format: "esm" },
  { in: "extension/extension.ts", out: "extension" },
  { in: "eslint-plugin/index.ts", out: "eslint-plugin" },
].filter((e) => existsSync(e.in) && (process.argv.length <= 2 || process.argv.slice(2).includes(e.out)));

await Promise.all(
  entries.map((e) =>
    build({
      entryPoints: [e.in],
      outfile: `dist/${e.out}.${e.format === "esm" ? "mjs" : "js"}`,
      bundle: true,
      platform: "node",
      target: "node20",
      format: e.format ?? "cjs",
      sourcemap: "linked",
      // The extension is one bundle (ts-morph and TypeScript inside); the CLI loads them from node_modules.
      external: e.out === "extension" ? ["vscode", "esbuild"] : ["vscode", "esbuild", "ts-morph", "typescript"],
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: "warning",
    }),
  ),
);
