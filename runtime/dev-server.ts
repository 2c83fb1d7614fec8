// `stepwise dev` (and the debugger's attach): Stepwise as the Inngest Dev Server on one port —
// the SDK's API, Inngest's REST API, the UI and its live feed. Apps come from modules Stepwise
// hosts (reloaded when a file they import changes), from `-u` URLs, from apps that register
// themselves, and from discovery on the usual local ports; URL apps are re-synced every few
// seconds as the Dev Server polls them (Go: pkg/devserver/service.go pollSDKs).
import { EventEmitter } from "node:events";
import path from "node:path";
import { discoverApps } from "./app-discovery";
import { moduleFileProblem } from "./app-host";
import type { App } from "./apps";
import { CronScheduler } from "./cron-scheduler";
import { DevApi } from "./dev-api";
import { StepwiseInputError } from "./errors";
import { ModuleWatcher } from "./module-watcher";
import { Orchestrator, type AppsChanged, type OrchestratorOptions } from "./orchestrator";
import type { RunSnapshot } from "./types";

export interface DevServerOptions {
  /** The one port for the API and the UI (the Dev Server's 8288). */
  port: number;
  /** Modules Stepwise hosts (module mode). */
  modules: string[];
  /** Serve URLs of apps the user runs (`-u`). */
  urls: string[];
  discovery: boolean;
  /** Re-sync URL apps every `pollMs` (an app that failed its sync is retried anyway). */
  poll: boolean;
  pollMs?: number;
  cron: boolean;
  /** Reload a module when it or a file it imports changes. */
  watch: boolean;
  journalDir: string;
  /** Lines for a person (apps synced or failed, reloads, one a run), from the start on. */
  log?: (line: string) => void;
  /** Leave out the line a run (the debugger writes its own, with the output and the journal). */
  noRunLines?: boolean;
  /** The apps' own output (a hosted module's console), from the start on. */
  output?: (text: string, stream: "stdout" | "stderr") => void;
  orchestrator?: Pick<OrchestratorOptions, "gate" | "inspect" | "callTimeoutMs" | "limits" | "checkpointing" | "retryPolicy" | "beforeStart">;
}

export interface DevServerEvents {
  /** One line for a person: an app synced or failed, a module reloaded, a run ended. */
  log: (line: string) => void;
}

export const DEFAULT_POLL_MS = 5000;

export class DevServer extends EventEmitter {
  private readonly cron: CronScheduler;
  private readonly watchers = new Map<string, ModuleWatcher>();
  private readonly failedUrls = new Map<string, string>();
  private readonly api: DevApi;
  private pollTimer?: NodeJS.Timeout;
  private polling = false;
  private closed = false;

  private constructor(readonly orchestrator: Orchestrator, private readonly options: DevServerOptions) {
    super();
    this.cron = new CronScheduler({ trigger: (fn, event) => void orchestrator.trigger(fn, event), log: (line) => this.log(line) });
    this.api = new DevApi(orchestrator, { journalDir: options.journalDir, failedUrls: () => this.failedUrls });
    orchestrator.on("apps.changed", (change: AppsChanged) => this.appsChanged(change));
    if (!options.noRunLines) orchestrator.on("run.finished", (run: RunSnapshot) => this.log(runLine(run)));
    orchestrator.on("run.skipped", (fn: { slug: string }, event: { name: string; id?: string }, reason: string) => this.log(`${fn.slug}  event ${event.id ?? event.name}  ${reason}`));
  }

  static async start(options: DevServerOptions): Promise<DevServer> {
    // A module that fails to load keeps being watched (the user is fixing it); one that is not there is a typo.
    const missing = options.modules.map(moduleFileProblem).find((problem) => problem !== undefined);
    if (missing) throw new StepwiseInputError(missing);
    const orchestrator = await Orchestrator.start(undefined, { ...options.orchestrator, apiPort: options.port, journalDir: options.journalDir, workers: 1, attributeEventsToCalls: false });
    if (options.output) orchestrator.on("output", options.output);
    const server = new DevServer(orchestrator, options);
    try {
      await server.boot();
    } catch (err) {
      await server.close();
      throw err;
    }
    return server;
  }

  get url(): string {
    return this.orchestrator.apiUrl;
  }

  private async boot(): Promise<void> {
    this.api.attach(this.orchestrator.serveAlso((req, res, body) => this.api.route(req, res, body)));
    for (const program of this.options.modules) await this.hostModule(program);
    await Promise.all(this.options.urls.map((url) => this.syncUrl(normalizeUrl(url))));
    this.schedulePoll(0);
  }

  private async hostModule(program: string, reload = false): Promise<void> {
    try {
      const apps = await this.orchestrator.hostModule(program, reload ? "reloaded" : "sync");
      if (this.options.watch) this.watch(program, apps);
    } catch (err) {
      this.log(`${path.relative(process.cwd(), program) || program}: ${(err as Error).message}${reload ? " — still serving the code from before" : ""}`);
      if (this.options.watch && !reload) this.watch(program, []);
    }
  }

  private watch(program: string, apps: App[]): void {
    let watcher = this.watchers.get(program);
    if (!watcher) {
      watcher = new ModuleWatcher((file) => void this.reload(program, file));
      this.watchers.set(program, watcher);
    }
    watcher.watchFiles(program, apps.find((a) => a.host)?.host?.sourceMaps ?? "");
  }

  private async reload(program: string, file: string): Promise<void> {
    if (this.closed) return;
    this.log(`${path.relative(process.cwd(), file) || file} changed — reloading ${path.relative(process.cwd(), program) || program}`);
    await this.hostModule(program, true);
  }

  private async syncUrl(url: string): Promise<void> {
    try {
      await this.orchestrator.addApp(url);
      if (this.failedUrls.delete(url)) this.api.appsChanged();
    } catch (err) {
      const message = (err as Error).message;
      if (this.failedUrls.get(url) !== message) {
        this.log(`${url}: ${message}`);
        this.failedUrls.set(url, message);
        this.api.appsChanged();
      }
    }
  }

  private appsChanged({ app, how, changed }: AppsChanged): void {
    if (!changed) return;
    const what = how === "registered" ? "registered itself" : how === "reloaded" ? "reloaded" : "synced";
    const functions = app.functions.map((f) => f.slug).join(", ") || "no functions";
    this.log(`app ${app.id} ${what} (${app.source.program ? path.relative(process.cwd(), app.source.program) : app.url}): ${functions}${app.error ? ` — ${app.error}` : ""}`);
    if (this.options.cron) this.cron.schedule(this.orchestrator.functions);
    this.api.appsChanged();
  }

  /** Re-syncs URL apps (all with `poll`, else those that failed) and discovers new ones. */
  private schedulePoll(delayMs = this.options.pollMs ?? DEFAULT_POLL_MS): void {
    if (this.closed) return;
    this.pollTimer = setTimeout(() => void this.poll(), delayMs);
    this.pollTimer.unref();
  }

  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      const known = this.orchestrator.apps.list().filter((a) => !a.host);
      const urls = new Set([...this.failedUrls.keys(), ...(this.options.poll ? known.map((a) => a.url) : [])]);
      if (this.options.discovery) {
        const ownPort = Number(new URL(this.url).port);
        for (const url of await discoverApps([ownPort])) if (!known.some((a) => a.url === url)) urls.add(url);
      }
      await Promise.all([...urls].map((url) => this.syncUrl(url)));
    } finally {
      this.polling = false;
      this.schedulePoll();
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
    this.emit("log", line);
  }

  /** Stops everything; with `drainMs`, calls in flight may answer first (see Orchestrator.close). */
  async close(options: { drainMs?: number } = {}): Promise<void> {
    this.closed = true;
    clearTimeout(this.pollTimer);
    this.cron.stop();
    for (const w of this.watchers.values()) w.close();
    this.api.close();
    await this.orchestrator.close(options);
  }
}

/** One line a run: function, run ID, status, duration (and why, when it did not complete). */
export function runLine(run: RunSnapshot): string {
  const took = run.endedAt ? `${run.endedAt - run.startedAt} ms` : "";
  const why = run.status === "completed" ? "" : `  ${run.error?.name ?? ""}: ${run.error?.message ?? ""}`;
  return `${run.functionSlug}  ${run.runId}  ${run.status}  ${took}${why}`;
}

function normalizeUrl(url: string): string {
  return url.includes("://") ? url : `http://${url}`;
}
