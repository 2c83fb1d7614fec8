// The app host's child process: loads the user's module and serves its Inngest functions with
// the SDK's own `serve()` (from the `inngest` that the user's project resolves) on 127.0.0.1.
// It tells the parent over IPC which apps it serves and on which port, or why it could not.
import http from "node:http";
import path from "node:path";
import { ModuleLoader, collectFunctions, type InngestFunctionLike } from "./module-loader";
import { missingSdkProblem } from "./sdk-check";
import { StackMapper } from "./stack-mapper";

export interface HostReady {
  type: "ready";
  port: number;
  apps: Array<{ appId: string; path: string; functionIds: string[] }>;
}
export interface HostFailed {
  type: "failed";
  message: string;
}

const send = (message: HostReady | HostFailed) => process.send?.(message);

/** Runs `load` with the module's console output dropped when `quiet` (the first host already showed it). */
async function silentIf<T>(quiet: boolean, load: () => Promise<T>): Promise<T> {
  if (!quiet) return load();
  const writes = [process.stdout.write, process.stderr.write];
  const drop = ((...args: unknown[]) => {
    const done = args.find((a) => typeof a === "function") as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = drop;
  process.stderr.write = drop;
  try {
    return await load();
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
  }
}

async function main(): Promise<void> {
  const modulePath = path.resolve(process.env.STEPWISE_MODULE ?? "");
  const sourceMaps = process.env.STEPWISE_SOURCE_MAPS || undefined;
  const loader = new ModuleLoader({
    esbuild: process.env.STEPWISE_ESBUILD ?? require.resolve("esbuild"),
    esmHooks: path.join(__dirname, "typescript-esm-hooks.mjs"),
    sourceMaps,
    mapper: sourceMaps ? new StackMapper(sourceMaps) : undefined,
  });
  const loaded = await silentIf(process.env.STEPWISE_QUIET_LOAD === "1", () => loader.load(modulePath));
  const functions = collectFunctions(loaded.exports);
  if (functions.length === 0) {
    send({ type: "failed", message: missingSdkProblem(modulePath) ?? `${modulePath} exports no Inngest functions — export the functions returned by inngest.createFunction(...) (directly, in an array, or as \`functions\`)` });
    return;
  }
  let serve: (opts: { client: unknown; functions: unknown[] }) => http.RequestListener;
  try {
    serve = (await loader.serveOf(loaded, modulePath)) as typeof serve;
  } catch {
    send({ type: "failed", message: missingSdkProblem(modulePath) ?? `cannot resolve "inngest/node" from ${path.dirname(modulePath)} — install the SDK in that project (npm install inngest)` });
    return;
  }
  const byApp = new Map<string, InngestFunctionLike[]>();
  for (const fn of functions) {
    const list = byApp.get(fn.client.id) ?? [];
    list.push(fn);
    byApp.set(fn.client.id, list);
  }
  const routes = new Map<string, http.RequestListener>();
  const apps: HostReady["apps"] = [];
  for (const [appId, fns] of byApp) {
    const route = `/api/inngest/${encodeURIComponent(appId)}`;
    routes.set(route, serve({ client: fns[0].client, functions: fns }));
    apps.push({ appId, path: route, functionIds: fns.map((f) => f.id(appId)) });
  }
  const server = http.createServer((req, res) => {
    const route = (req.url ?? "").split("?")[0];
    const handler = routes.get(route);
    if (handler) return handler(req, res);
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: `no Inngest app at ${route}` }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    send({ type: "ready", port: typeof address === "object" && address ? address.port : 0, apps });
  });
}

process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
main().catch((err) => {
  send({ type: "failed", message: String((err as Error)?.message ?? err).split("\n")[0] });
});
