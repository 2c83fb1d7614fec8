// Where calls go: one or more app hosts (or the user's own running app), each with a bound on
// the calls it has in flight, so a wave of 1,000 parallel steps never floods a server.
import http from "node:http";
import { AppHost } from "./app-host";
import { AppUnreachableError, callApp, type AppAnswer, type CallBody } from "./app-client";
import type { FunctionConfig } from "./types";

interface Endpoint {
  index: number;
  inFlight: number;
  agent: http.Agent;
}

export interface HostPoolOptions {
  callsInFlightPerHost: number;
  callTimeoutMs: () => number | null;
}

export class HostPool {
  private readonly endpoints: Endpoint[];
  private readonly waiting: Array<() => void> = [];
  private readonly restarts = new Map<number, Promise<string>>();
  private readonly exits = new Map<number, string>();

  constructor(
    /** Serve URLs by app ID, per host index; for a user's own app, one host. */
    private readonly serveUrl: (hostIndex: number, appId: string) => string,
    hostCount: number,
    private readonly options: HostPoolOptions,
    private readonly appHost?: AppHost,
  ) {
    this.endpoints = Array.from({ length: hostCount }, (_, index) => ({
      index,
      inFlight: 0,
      agent: new http.Agent({ keepAlive: true, maxSockets: options.callsInFlightPerHost }),
    }));
    appHost?.on("exit", (index: number, code: number | null, signal: string | null) => {
      this.exits.set(index, signal ? `was killed (${signal})` : `exited with code ${code}`);
    });
  }

  async send(fn: FunctionConfig, stepId: string, body: () => CallBody, requestVersion: number): Promise<AppAnswer> {
    const endpoint = await this.acquire();
    try {
      const url = `${this.serveUrl(endpoint.index, fn.appId)}${fn.servePath}&stepId=${encodeURIComponent(stepId)}`;
      return await callApp(url, body(), { agent: endpoint.agent, timeoutMs: this.options.callTimeoutMs(), requestVersion });
    } finally {
      endpoint.inFlight--;
      this.waiting.shift()?.();
    }
  }

  /** After an unreachable host: restart every dead host once (concurrent callers share it). */
  async recover(error: AppUnreachableError): Promise<string> {
    if (!this.appHost) return `the app did not answer (${error.message}) — is it still running?`;
    // A reset connection usually arrives a moment before the host's exit is seen.
    await Promise.all(this.endpoints.map((e) => this.appHost!.waitForExit(e.index, 1000)));
    const dead = this.endpoints.filter((e) => !this.appHost!.isAlive(e.index));
    if (dead.length === 0) return "the app host is still running";
    const notes = await Promise.all(
      dead.map((e) => {
        let restart = this.restarts.get(e.index);
        if (!restart) {
          const why = this.exits.get(e.index) ?? "stopped";
          restart = this.appHost!.restart(e.index).then((h) => `the app host ${why}; started a fresh one (pid ${h.child.pid})`);
          restart.finally(() => this.restarts.delete(e.index)).catch(() => {});
          this.restarts.set(e.index, restart);
        }
        return restart;
      }),
    );
    return notes.join("; ");
  }

  private acquire(): Promise<Endpoint> {
    const free = this.leastBusy();
    if (free.inFlight < this.options.callsInFlightPerHost) {
      free.inFlight++;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.acquire())));
  }

  private leastBusy(): Endpoint {
    return this.endpoints.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
  }

  close(): void {
    for (const e of this.endpoints) e.agent.destroy();
  }
}
