// The folder of the @esbuild/<platform> package a .vsix ships. npm installs only this machine's
// (the others are optional dependencies for other platforms), so another platform's package is
// fetched with `npm pack` and accepted only if its SHA-512 is the integrity package-lock.json pins.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export interface PlatformPackageOptions {
  repoRoot: string;
  /** Where fetched packages are unpacked and kept between runs. */
  cacheDir: string;
}

/** The unpacked package `name` at the version package-lock.json pins for it. */
export function esbuildPlatformPackage(name: string, options: PlatformPackageOptions): string {
  const locked = lockedPackage(name, options.repoRoot);
  const installed = path.join(options.repoRoot, "node_modules", name);
  if (versionAt(installed) === locked.version) return installed;

  const unpacked = path.join(options.cacheDir, `${name.replace("/", "+")}@${locked.version}`);
  if (versionAt(unpacked) === locked.version) return unpacked;

  mkdirSync(options.cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(options.cacheDir, "fetch-"));
  try {
    const spec = `${name}@${locked.version}`;
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const packed = JSON.parse(
      execFileSync(npm, ["pack", spec, "--json", "--silent", "--pack-destination", work], { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" }),
    ) as { filename: string }[];
    const tarball = path.join(work, packed[0].filename);
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    if (integrity !== locked.integrity) {
      throw new Error(`${spec} from the registry has integrity ${integrity}, but package-lock.json pins ${locked.integrity} — run npm install to update the lock file, or check the registry`);
    }
    execFileSync("tar", ["-xzf", tarball, "-C", work], { stdio: ["ignore", "ignore", "pipe"] });
    rmSync(unpacked, { recursive: true, force: true });
    renameSync(path.join(work, "package"), unpacked);
    return unpacked;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The version and integrity package-lock.json records for `name` (a dependency of esbuild's). */
export function lockedPackage(name: string, repoRoot: string): { version: string; integrity: string } {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; integrity?: string }> };
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`package-lock.json has no ${name} — run npm install so the lock file lists esbuild's platform packages`);
  return { version: entry.version, integrity: entry.integrity };
}

function versionAt(dir: string): string | undefined {
  const manifest = path.join(dir, "package.json");
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version : undefined;
}
