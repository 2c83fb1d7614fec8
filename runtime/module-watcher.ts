// `stepwise dev <module>` reloads when the module or a file it imports changes: the files are
// the ones the app host compiled (each left a source map whose `sources` names it). Changes are
// debounced, so an editor's save-all reloads once. The watches are on the files' folders, not the
// files: many editors save by writing a new file and renaming it over the old one, and a watch on
// the old file would see that once and then nothing more.
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
    const namesByFolder = new Map<string, Set<string>>();
    for (const file of files) {
      const folder = path.dirname(file);
      namesByFolder.set(folder, (namesByFolder.get(folder) ?? new Set()).add(path.basename(file)));
    }
    for (const [folder, names] of namesByFolder) {
      try {
        this.watchers.push(
          watch(folder, (_, name) => {
            if (name && names.has(name.toString())) this.changed(path.join(folder, name.toString()));
          }),
        );
      } catch {
        // A folder gone since the file was compiled: its next compile will show.
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
