// Bundles the CLI, the app host's child entry (and the ESM loader hooks it registers for modules
// with top-level await), the stdio debug adapter, the VS Code extension and the ESLint plugin.
// `esbuild` stays external everywhere: its native binary compiles users' TypeScript in the app host.
// The CLI also loads `ts-morph` and `typescript` from node_modules; the extension bundles them.
//
//   node build.mjs              development build of every bundle into dist/, with source maps
//   node build.mjs cli …        only the named bundles (cli, app-host-child, extension, eslint-plugin…)
//   node build.mjs --vsix DIR   what the .vsix ships, into DIR/dist: the extension and the two files it
//                               loads from beside itself, minified, without source maps
import { build } from "esbuild";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

const entries = [
  { in: "cli/main.ts", out: "cli", banner: "#!/usr/bin/env node" },
  { in: "runtime/app-host-child.ts", out: "app-host-child", vsix: true },
  { in: "runtime/typescript-esm-hooks.ts", out: "typescript-esm-hooks", format: "esm", vsix: true },
  { in: "extension/main.ts", out: "extension", vsix: true },
  { in: "eslint-plugin/index.ts", out: "eslint-plugin" },
].filter((e) => existsSync(path.join(root, e.in)));

const vsixIndex = process.argv.indexOf("--vsix");
const vsixDir = vsixIndex >= 0 ? process.argv[vsixIndex + 1] : undefined;
if (vsixIndex >= 0 && !vsixDir) {
  console.error("build.mjs: --vsix needs the folder to build into, e.g. node build.mjs --vsix /tmp/stage");
  process.exit(2);
}
const production = vsixDir !== undefined;
const named = process.argv.slice(2).filter((a) => !a.startsWith("--") && a !== vsixDir);

await Promise.all(
  entries
    .filter((e) => (production ? e.vsix : named.length === 0 || named.includes(e.out)))
    .map((e) =>
      build({
        absWorkingDir: root,
        entryPoints: [e.in],
        outfile: path.join(production ? path.resolve(vsixDir, "dist") : path.join(root, "dist"), `${e.out}.${e.format === "esm" ? "mjs" : "js"}`),
        bundle: true,
        platform: "node",
        target: "node20",
        format: e.format ?? "cjs",
        sourcemap: production ? false : "linked",
        // Minified, names stay (keepNames): stack traces still say which function threw, and code
        // that compares constructor names (runtime/expression.ts) keeps working.
        minify: production,
        keepNames: production,
        external: e.out === "extension" ? ["vscode", "esbuild"] : ["vscode", "esbuild", "ts-morph", "typescript"],
        banner: e.banner ? { js: e.banner } : undefined,
        logLevel: "warning",
      }),
    ),
);
