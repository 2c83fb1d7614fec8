// `npm run bench`: every speed and memory figure the issues ask for, printed (never asserted).
import { benchDebugAdapter } from "./debug-adapter.bench";
import { benchExplore } from "./explore.bench";
import { benchLint } from "./lint.bench";
import { benchRuntime } from "./runtime.bench";

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === "runtime") await benchRuntime();
  if (!only || only === "lint") await benchLint();
  if (!only || only === "debugger") await benchDebugAdapter();
  if (!only || only === "explore") await benchExplore();
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
