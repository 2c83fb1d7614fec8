// The folder where the app host leaves the source map of every file it compiles, one map per
// compiled path (the newest compile wins), so the orchestrator maps error stacks with the very
// maps the host ran. Recompiling in the orchestrator instead would map against the file as it
// is now, which is wrong once the user has edited it and the host still runs the old code.
import { createHash } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";

export function sourceMapPath(folder: string, compiledFile: string): string {
  const key = createHash("sha1").update(compiledFile).digest("hex").slice(0, 16);
  return path.join(folder, `${path.basename(compiledFile)}.${key}.map`);
}

/** Written under a temporary name and renamed, so a reader never sees half a map. */
export function writeSourceMap(folder: string, compiledFile: string, map: string): void {
  const target = sourceMapPath(folder, compiledFile);
  const temporary = `${target}.${process.pid}-${threadId}.tmp`;
  writeFileSync(temporary, map);
  renameSync(temporary, target);
}
