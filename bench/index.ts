// `npm run bench`: every speed and memory figure the issues ask for, printed (never asserted).
// Each section runs in a process of its own, so that one section's heap and peak RSS are not
// counted in the next one's figures. `node --import tsx bench/index.ts <section>` runs one.
import { spawnSync } from "node:child_process";
import { benchDebugAdapter } from "./debug-adapter.bench";
import { benchExplore } from "./explore.bench";
import { benchLint } from "./lint.bench";
import { benchRuntime } from "./runtime.bench";

const SECTIONS: Record<string, () => Promise<void>> = { runtime: benchRuntime, lint: benchLint, debugger: benchDebugAdapter, explore: benchExplore };

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only) {
    const section = SECTIONS[only];
    if (!section) throw new Error(`no bench section "${only}" — choose one of: ${Object.keys(SECTIONS).join(", ")}`);
    return section();
  }
  for (const name of Object.keys(SECTIONS)) {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, name], { stdio: "inherit" });
    if (child.status !== 0) process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
