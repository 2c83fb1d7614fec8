// Whether the `inngest` a user's module resolves is an SDK the app host can serve with: a package
// named `inngest` that provides `inngest/node` (the SDK's serve() for Node's http server).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** One line when the module's `inngest` is present but is not a servable SDK; null otherwise. */
export function missingSdkProblem(modulePath: string): string | null {
  const dir = packageDirectory("inngest", path.dirname(modulePath));
  if (!dir) return null;
  let manifest: { name?: string; version?: string } = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  } catch {
    // an unreadable manifest is a broken install: said below
  }
  try {
    if (manifest.name === "inngest") {
      createRequire(modulePath).resolve("inngest/node");
      return null;
    }
  } catch {
    // no inngest/node: said below
  }
  const version = manifest.version ? `version ${manifest.version}` : "no version";
  return `the "inngest" that ${modulePath} imports (${dir}, ${version}) is not the Inngest SDK: it has no "inngest/node" to serve the functions with — install the SDK in that project (npm install inngest)`;
}

/** Where Node would find the package from a folder: the nearest node_modules/<name> upwards. */
function packageDirectory(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}
