// The platforms a .vsix is built for, each with the one esbuild binary it ships: the package
// esbuild's own lib/main.js looks for on that platform, and the path of the binary inside it.
export const VSIX_TARGETS = {
  "linux-x64": { esbuildPackage: "@esbuild/linux-x64", binary: "bin/esbuild" },
  "linux-arm64": { esbuildPackage: "@esbuild/linux-arm64", binary: "bin/esbuild" },
  "darwin-arm64": { esbuildPackage: "@esbuild/darwin-arm64", binary: "bin/esbuild" },
  "darwin-x64": { esbuildPackage: "@esbuild/darwin-x64", binary: "bin/esbuild" },
  "win32-x64": { esbuildPackage: "@esbuild/win32-x64", binary: "esbuild.exe" },
} as const;

export type VsixTarget = keyof typeof VSIX_TARGETS;

export function isVsixTarget(name: string): name is VsixTarget {
  return Object.hasOwn(VSIX_TARGETS, name);
}

/** The target of the machine this runs on, if a .vsix is built for it. */
export function hostTarget(): VsixTarget | undefined {
  const name = `${process.platform}-${process.arch}`;
  return isVsixTarget(name) ? name : undefined;
}
