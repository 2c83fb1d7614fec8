// Builds the .vsix for one platform: a folder of its own is staged with exactly what the package
// ships — the minified bundles, the manifest, the marketplace README and icon, esbuild's JavaScript
// API and the one esbuild binary for that platform (brotli-compressed) — and vsce packages it.
//
//   npm run package                                    this machine's platform, into the repository root
//   node --import tsx packaging/package-vsix.ts --target darwin-arm64 --target win32-x64 --out-dir /tmp/vsix
//   node --import tsx packaging/package-vsix.ts --all-targets --out-dir /tmp/vsix
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createVSIX } from "@vscode/vsce";
import { esbuildPlatformPackage, lockedPackage } from "./esbuild-platform-package";
import { PACKED_SUFFIX, packExecutable } from "./packed-executable";
import { hostTarget, isVsixTarget, VSIX_TARGETS, type VsixTarget } from "./vsix-targets";

const REPO_ROOT = path.resolve(__dirname, "..");

/** Fetched platform packages and compressed binaries, kept between runs. */
export const PACKAGING_CACHE = path.join(os.tmpdir(), "stepwise-packaging-cache");

export interface PackagedVsix {
  target: VsixTarget;
  file: string;
  bytes: number;
}

/** `stepwise-<target>-<version>.vsix`, vsce's own name for a platform-specific package. */
export function vsixFileName(target: VsixTarget): string {
  return `stepwise-${target}-${manifest().version}.vsix`;
}

/** Packages the extension for `target` into `outFile`. `log` receives vsce's file listing and progress. */
export async function packageVsix(target: VsixTarget, outFile: string, log: (line: string) => void = () => {}): Promise<PackagedVsix> {
  const stage = mkdtempSync(path.join(os.tmpdir(), `stepwise-vsix-${target}-`));
  try {
    await stageExtension(stage, target);
    mkdirSync(path.dirname(outFile), { recursive: true });
    await withConsole(log, () => createVSIX({ cwd: stage, packagePath: outFile, target, allowMissingRepository: true }));
    return { target, file: outFile, bytes: statSync(outFile).size };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

async function stageExtension(stage: string, target: VsixTarget): Promise<void> {
  execFileSync(process.execPath, [path.join(REPO_ROOT, "build.mjs"), "--vsix", stage], { stdio: "inherit" });

  const esbuildVersion = lockedPackage("esbuild", REPO_ROOT).version;
  // vsce takes the files it ships from node_modules through `npm list --production`, so the staged
  // manifest depends on esbuild alone; the rest of the dependencies are inside dist/extension.js.
  const { devDependencies: _dev, scripts: _scripts, bin: _bin, ...shipped } = manifest();
  writeFileSync(path.join(stage, "package.json"), `${JSON.stringify({ ...shipped, dependencies: { esbuild: esbuildVersion } }, null, 2)}\n`);
  copyFileSync(path.join(REPO_ROOT, "marketplace", "README.md"), path.join(stage, "README.md"));
  copyFileSync(path.join(REPO_ROOT, "LICENSE"), path.join(stage, "LICENSE"));
  copyFileSync(path.join(REPO_ROOT, ".vscodeignore"), path.join(stage, ".vscodeignore"));
  mkdirSync(path.join(stage, "marketplace"));
  copyFileSync(path.join(REPO_ROOT, "marketplace", "icon.png"), path.join(stage, "marketplace", "icon.png"));

  const esbuild = path.join(REPO_ROOT, "node_modules", "esbuild");
  const stagedEsbuild = path.join(stage, "node_modules", "esbuild");
  mkdirSync(path.join(stagedEsbuild, "lib"), { recursive: true });
  for (const file of ["package.json", "LICENSE.md", "lib/main.js"]) copyFileSync(path.join(esbuild, file), path.join(stagedEsbuild, file));

  const { esbuildPackage, binary } = VSIX_TARGETS[target];
  const platformPackage = esbuildPlatformPackage(esbuildPackage, { repoRoot: REPO_ROOT, cacheDir: PACKAGING_CACHE });
  const stagedPlatform = path.join(stage, "node_modules", esbuildPackage);
  cpSync(platformPackage, stagedPlatform, { recursive: true, filter: (source) => path.resolve(source) !== path.resolve(platformPackage, binary) });
  await packExecutable(path.join(platformPackage, binary), path.join(stagedPlatform, binary + PACKED_SUFFIX), PACKAGING_CACHE);
}

function manifest(): Record<string, unknown> & { version: string } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
}

/** vsce reports through console.log/console.warn; route both to `log` while it runs. */
async function withConsole<T>(log: (line: string) => void, run: () => Promise<T>): Promise<T> {
  const { log: originalLog, warn: originalWarn } = console;
  console.log = console.warn = (...args: unknown[]) => log(args.map(String).join(" "));
  try {
    return await run();
  } finally {
    console.log = originalLog;
    console.warn = originalWarn;
  }
}

function parseArguments(argv: string[]): { targets: VsixTarget[]; outDir?: string } {
  const targets: VsixTarget[] = [];
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === "--all-targets") targets.push(...(Object.keys(VSIX_TARGETS) as VsixTarget[]));
    else if (argument === "--target" && isVsixTarget(argv[i + 1] ?? "")) targets.push(argv[++i] as VsixTarget);
    else if (argument === "--out-dir" && argv[i + 1]) outDir = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argument}${argument === "--target" ? ` ${argv[i + 1] ?? ""}` : ""} — use --target <${Object.keys(VSIX_TARGETS).join("|")}>, --all-targets, --out-dir <folder>`);
  }
  return { targets, outDir };
}

async function main(): Promise<void> {
  const { targets, outDir } = parseArguments(process.argv.slice(2));
  if (targets.length === 0) {
    const host = hostTarget();
    if (!host) throw new Error(`no .vsix is built for ${process.platform}-${process.arch} — pass --target <${Object.keys(VSIX_TARGETS).join("|")}>`);
    targets.push(host);
  }
  const dir = outDir ?? REPO_ROOT;
  if (!outDir) {
    // The e2e test installs the one stepwise-*.vsix in the repository root: drop earlier builds.
    for (const old of readdirSync(dir).filter((f) => /^stepwise-.*\.vsix$/.test(f))) rmSync(path.join(dir, old));
  }
  for (const target of targets) {
    const packaged = await packageVsix(target, path.join(dir, vsixFileName(target)), (line) => process.stdout.write(`${line}\n`));
    const shown = packaged.file.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), packaged.file) : packaged.file;
    console.log(`${shown}: ${packaged.bytes.toLocaleString("en")} bytes (${(packaged.bytes / 1e6).toFixed(2)} MB)`);
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`package-vsix: ${error.message}`);
    process.exit(1);
  });
}
