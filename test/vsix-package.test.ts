// The linux-x64 .vsix as npm run package builds it: at most 6 MB, exactly the files the extension
// needs at run time (one esbuild binary, compressed), no source maps, the manifest's activation
// and trust declarations, the marketplace README — and the esbuild it ships compiles TypeScript.
// Packaging takes about a minute the first time (brotli at quality 11); later runs reuse the cache.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import zlib from "node:zlib";
import { inflatePackedExecutables } from "../packaging/packed-executable";
import { packageVsix, type PackagedVsix } from "../packaging/package-vsix";
import { hostTarget } from "../packaging/vsix-targets";
import { readVsix, type VsixArchive } from "./support/vsix-archive";

const repoRoot = path.resolve(__dirname, "..");
const SIZE_BUDGET = 6_000_000;
const ESBUILD_VERSION = (JSON.parse(readFileSync(path.join(repoRoot, "node_modules", "esbuild", "package.json"), "utf8")) as { version: string }).version;

let work: string;
let packaged: PackagedVsix;
let vsix: VsixArchive;

before(
  async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "stepwise-vsix-test-"));
    packaged = await packageVsix("linux-x64", path.join(work, "stepwise-linux-x64.vsix"));
    vsix = readVsix(packaged.file);
  },
  { timeout: 300_000 },
);

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the linux-x64 .vsix is at most 6 MB", () => {
  assert.ok(packaged.bytes <= SIZE_BUDGET, `${packaged.file} is ${packaged.bytes.toLocaleString("en")} bytes; the budget is ${SIZE_BUDGET.toLocaleString("en")}`);
});

test("the .vsix holds the three bundles, the manifest, README, licence and icon, esbuild's API and one compressed binary — nothing else", () => {
  assert.deepEqual(vsix.paths, [
    "[Content_Types].xml",
    "extension.vsixmanifest",
    "extension/LICENSE.txt",
    "extension/dist/app-host-child.js",
    "extension/dist/extension.js",
    "extension/dist/typescript-esm-hooks.mjs",
    "extension/marketplace/icon.png",
    "extension/node_modules/@esbuild/linux-x64/bin/esbuild.br",
    "extension/node_modules/@esbuild/linux-x64/package.json",
    "extension/node_modules/esbuild/LICENSE.md",
    "extension/node_modules/esbuild/lib/main.js",
    "extension/node_modules/esbuild/package.json",
    "extension/package.json",
    "extension/readme.md",
  ]);
});

test("the bundles are minified and carry no source map reference", () => {
  for (const bundle of ["extension.js", "app-host-child.js", "typescript-esm-hooks.mjs"]) {
    const text = vsix.text(`extension/dist/${bundle}`);
    // (TypeScript, inside extension.js, mentions sourceMappingURL itself; esbuild's link is the last line.)
    assert.ok(!/\/\/# sourceMappingURL=\S+\s*$/.test(text), `${bundle} ends with a link to a source map the package does not ship`);
    // An unminified bundle opens each module with a comment naming its file, e.g. `// runtime/run.ts`.
    const moduleComments = text.match(/^\/\/ (runtime|extension|lint|debug-adapter|packaging|node_modules)\/\S+$/gm) ?? [];
    assert.deepEqual(moduleComments.slice(0, 3), [], `${bundle} is not minified`);
  }
});

test("the packaged manifest activates on demand, declares limited support for untrusted workspaces and depends on esbuild alone", () => {
  const manifest = JSON.parse(vsix.text("extension/package.json")) as Record<string, unknown>;
  assert.deepEqual(manifest.activationEvents, [
    "onDebugResolve:stepwise",
    "onDebugDynamicConfigurations:stepwise",
    "onLanguage:typescript",
    "onLanguage:javascript",
    "onLanguage:typescriptreact",
    "onLanguage:javascriptreact",
    "onView:stepwise.runs",
    // The Dev Server page's "Debug in VS Code" link (vscode://stepwise.stepwise/replay?…).
    "onUri",
  ]);
  assert.deepEqual(manifest.capabilities, {
    untrustedWorkspaces: {
      supported: "limited",
      description:
        "In Restricted Mode Stepwise only lints: debugging runs your functions, and VS Code allows no debugging until you trust the folder. The journal folder is taken from your user settings only.",
      restrictedConfigurations: ["stepwise.journal"],
    },
  });
  assert.equal(manifest.main, "./dist/extension.js");
  assert.equal(manifest.icon, "marketplace/icon.png");
  assert.deepEqual(manifest.dependencies, { esbuild: ESBUILD_VERSION });
  assert.equal(manifest.devDependencies, undefined);
  assert.equal(manifest.scripts, undefined);
});

test("the package's README is the marketplace README, not the developer README", () => {
  assert.equal(vsix.text("extension/readme.md"), readFileSync(path.join(repoRoot, "marketplace", "README.md"), "utf8"));
});

test("the package is marked for linux-x64 only", () => {
  assert.match(vsix.text("extension.vsixmanifest"), /<Identity [^>]*TargetPlatform="linux-x64"/);
});

test("the icon is a 128×128 PNG", () => {
  const png = vsix.read("extension/marketplace/icon.png");
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
});

test("the compressed binary inflates to esbuild's linux-x64 binary, byte for byte", () => {
  const binary = zlib.brotliDecompressSync(vsix.read("extension/node_modules/@esbuild/linux-x64/bin/esbuild.br"));
  assert.ok(binary.equals(readFileSync(path.join(repoRoot, "node_modules", "@esbuild", "linux-x64", "bin", "esbuild"))));
});

test("installed and inflated as on first activation, the packaged esbuild compiles TypeScript", { skip: hostTarget() !== "linux-x64" && "runs linux-x64 code" }, async () => {
  const extensionDir = path.join(work, "installed", "extension");
  for (const entry of vsix.paths.filter((p) => p.startsWith("extension/"))) {
    const file = path.join(work, "installed", entry);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, vsix.read(entry));
  }
  const inflated = await inflatePackedExecutables(path.join(extensionDir, "node_modules", "@esbuild"));
  assert.deepEqual(inflated, [path.join(extensionDir, "node_modules", "@esbuild", "linux-x64", "bin", "esbuild")]);
  // Resolved from the installed folder (under the temp dir), as the app host resolves it.
  const script = `const esbuild = require(${JSON.stringify(path.join(extensionDir, "node_modules", "esbuild"))});
process.stdout.write(esbuild.version + "\\n" + esbuild.transformSync("const n: number = 1", { loader: "ts" }).code);`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: extensionDir, encoding: "utf8", timeout: 60_000 });
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, `${ESBUILD_VERSION}\nconst n = 1;\n`);
});
