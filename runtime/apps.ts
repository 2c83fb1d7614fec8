// The apps the executor knows, as the Dev Server keeps them: each an Inngest app ID with the URL
// it is served at (a module Stepwise hosts, or a user's own running app), its synced functions,
// and where its calls go. A function config belongs to the app (and host) it was synced from,
// so a run keeps calling the code it started on after a re-sync or a reload.
import type { AppHost } from "./app-host";
import type { HostPool } from "./host-pool";
import type { FunctionConfig } from "./types";

export interface App {
  /** The Inngest app ID (the client's `id`). */
  id: string;
  /** The serve() URL calls go to (a host's, for a module). */
  url: string;
  /** What a run's journal records as its source: the module, or the app's URL. */
  source: { program?: string; url?: string };
  functions: FunctionConfig[];
  pool: HostPool;
  /** The processes serving a module; absent for a user's own app. */
  host?: AppHost;
  syncedAt: number;
  /** Why its last sync failed (it keeps what it had), or why it has no functions. */
  error?: string;
  framework?: string;
  sdk?: string;
}

export class AppRegistry {
  /** By serve URL: one app a URL; an app that moves (a new port) replaces its old entry. */
  private readonly current = new Map<string, App>();
  private readonly appOfFunction = new WeakMap<FunctionConfig, App>();
  private all: FunctionConfig[] = [];

  /** Every function of every current app, in sync order. */
  functions(): FunctionConfig[] {
    return this.all;
  }

  list(): App[] {
    return [...this.current.values()];
  }

  byUrl(url: string): App | undefined {
    return this.current.get(url);
  }

  /** The app a function config came from (also one replaced since). */
  appOf(fn: FunctionConfig): App | undefined {
    return this.appOfFunction.get(fn);
  }

  /** Adds or replaces an app (same URL, or same app ID elsewhere); returns the apps it replaced. */
  set(app: App): App[] {
    const replaced = [...this.current.values()].filter((a) => a.url === app.url || (app.id !== "" && a.id === app.id));
    for (const old of replaced) this.current.delete(old.url);
    this.current.set(app.url, app);
    for (const fn of app.functions) this.appOfFunction.set(fn, app);
    this.refresh();
    return replaced;
  }

  remove(url: string): App | undefined {
    const app = this.current.get(url);
    this.current.delete(url);
    this.refresh();
    return app;
  }

  isCurrent(app: App): boolean {
    return this.current.get(app.url) === app;
  }

  private refresh(): void {
    this.all = [...this.current.values()].flatMap((a) => a.functions);
  }
}
