// Every platform's .vsix packages, within the 6 MB budget, with the one esbuild binary built for
// that platform. Other platforms' @esbuild packages are fetched from the npm registry (checked
// against package-lock.json), so this runs apart from npm test:
//
//   npm run test:vsix-targets      (CI runs it; the packages are written to a temp folder and removed)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import zlib from "node:zlib";
import { packageVsix } from "../../packaging/package-vsix";
import { VSIX_TARGETS, type VsixTarget } from "../../packaging/vsix-targets";
import { readVsix } from "../support/vsix-archive";

const SIZE_BUDGET = 6_000_000;
const work = mkdtempSync(path.join(os.tmpdir(), "stepwise-vsix-targets-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** What the start of an executable says about the platform it runs on. */
function executableKind(binary: Buffer): string {
  if (binary.readUInt32BE(0) === 0x7f454c46) {
    return `ELF machine 0x${binary.readUInt16LE(18).toString(16)}`;
  }
  if (binary.readUInt32LE(0) === 0xfeedfacf) {
    return `Mach-O 64 cputype 0x${binary.readUInt32LE(4).toString(16)}`;
  }
  if (binary.toString("latin1", 0, 2) === "MZ") {
    const pe = binary.readUInt32LE(0x3c);
    assert.equal(binary.toString("latin1", pe, pe + 4), "PE\0\0");
    return `PE machine 0x${binary.readUInt16LE(pe + 4).toString(16)}`;
  }
  return `unknown ${binary.subarray(0, 4).toString("hex")}`;
}

const CASES: [VsixTarget, string, string][] = [
  ["linux-x64", "node_modules/@esbuild/linux-x64/bin/esbuild.br", "ELF machine 0x3e"],
  ["linux-arm64", "node_modules/@esbuild/linux-arm64/bin/esbuild.br", "ELF machine 0xb7"],
  ["darwin-arm64", "node_modules/@esbuild/darwin-arm64/bin/esbuild.br", "Mach-O 64 cputype 0x100000c"],
  ["darwin-x64", "node_modules/@esbuild/darwin-x64/bin/esbuild.br", "Mach-O 64 cputype 0x1000007"],
  ["win32-x64", "node_modules/@esbuild/win32-x64/esbuild.exe.br", "PE machine 0x8664"],
];

test("the cases cover every target a .vsix is built for", () => {
  assert.deepEqual(CASES.map(([target]) => target).sort(), Object.keys(VSIX_TARGETS).sort());
});

for (const [target, binary, kind] of CASES) {
  test(`the ${target} .vsix is at most 6 MB and ships one esbuild binary, built for ${target}`, { timeout: 300_000 }, async () => {
    const packaged = await packageVsix(target, path.join(work, `stepwise-${target}.vsix`));
    assert.ok(packaged.bytes <= SIZE_BUDGET, `${target}: ${packaged.bytes.toLocaleString("en")} bytes; the budget is ${SIZE_BUDGET.toLocaleString("en")}`);
    const vsix = readVsix(packaged.file);
    assert.deepEqual(
      vsix.paths.filter((p) => p.startsWith("extension/node_modules/@esbuild/")),
      [`extension/${binary}`, `extension/node_modules/@esbuild/${target}/package.json`].sort(),
    );
    assert.match(vsix.text("extension.vsixmanifest"), new RegExp(`<Identity [^>]*TargetPlatform="${target}"`));
    assert.equal(executableKind(zlib.brotliDecompressSync(vsix.read(`extension/${binary}`))), kind);
  });
}
