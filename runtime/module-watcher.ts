// `stepwise dev <module>` reloads when the module or a file it imports changes: the files are
// the ones the app host compiled (each left a source map whose `sources` names it). Changes are
// debounced, so an editor's save-all reloads once.
import { readdirSync, readFileSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";

export class ModuleWatcher {
  private watchers: FSWatcher[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly onChange: (file: string) => void, private readonly debounceMs = 300) {}

  /** Watches the module and every file the host compiled from it (their maps are in `sourceMaps`). */
  watchFiles(modulePath: string, sourceMaps: string): string[] {
    this.close();
    const files = new Set([path.resolve(modulePath), ...compiledFiles(sourceMaps)]);
    for (const file of files) {
      try {
        this.watchers.push(watch(file, () => this.changed(file)));
      } catch {
        // A file gone since it was compiled: its next compile will show.
      }
    }
    return [...files];
  }

  private changed(file: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onChange(file), this.debounceMs);
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}

function compiledFiles(sourceMaps: string): string[] {
  const files: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(sourceMaps).filter((n) => n.endsWith(".map"));
  } catch {
    return files;
  }
  for (const name of names) {
    try {
      const map = JSON.parse(readFileSync(path.join(sourceMaps, name), "utf8")) as { sources?: string[] };
      for (const source of map.sources ?? []) if (path.isAbsolute(source) && !source.includes(`${path.sep}node_modules${path.sep}`)) files.push(source);
    } catch {
      // A map being rewritten right now: the next reload reads it.
    }
  }
  return files;
}
