// What the Dev Server's page reads, on the API's port: `GET /` (the page), `GET /dev` (the Dev
// Server's info, in its shape), JSON under /api, and the live feed on the WebSocket /live.
//
//   GET  /api/apps                  apps and their functions (and URLs that failed to sync)
//   GET  /api/runs                  runs, newest first (live and recorded)
//   GET  /api/runs/{id}             one run: its timeline and its journal
//   GET  /api/events                the latest events received, newest first, with the runs each started
//   POST /api/events                send one event { name, data } → { ids }
//   POST /api/runs/{id}/rerun       a new run of its function with its event → { runId } | { skipped }
//   POST /api/runs/{id}/replay      re-drive it against the current code → replay report
//   POST /api/runs/{id}/cancel      → { cancelled }
// WebSocket /live: { type: "runs", runs }, { type: "run", run } (a TimelineRun), { type: "apps", apps },
// { type: "events", events }; the page sends { type: "ready" } and { type: "select", runId }.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { normalizeInbound } from "./inbound-event";
import { findRecordedRun } from "./journal";
import type { Orchestrator } from "./orchestrator";
import { ReplayCursor } from "./replay";
import { TimelineFeed } from "./timeline-feed";
import { devPage } from "./dev-page";
import type { InngestEvent } from "./types";

export interface DevApiOptions {
  journalDir: string;
  /** Serve URLs whose sync failed, and why. */
  failedUrls: () => ReadonlyMap<string, string>;
}

interface ReceivedEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  fromRunId?: string;
}

const RECENT_EVENTS = 50;

export class DevApi {
  private readonly feed: TimelineFeed;
  private sockets?: WebSocketServer;
  private readonly recent: ReceivedEvent[] = [];

  constructor(private readonly orchestrator: Orchestrator, private readonly options: DevApiOptions) {
    this.feed = new TimelineFeed(options.journalDir, orchestrator);
    this.feed.on("run", (run) => this.broadcast({ type: "run", run }));
    this.feed.on("runs", (runs) => this.broadcast({ type: "runs", runs }));
    orchestrator.on("event.received", (event: InngestEvent, internalId: string, fromRunId: string | undefined) => {
      this.recent.unshift({ id: internalId, name: event.name, data: event.data, ts: event.ts ?? Date.now(), ...(fromRunId ? { fromRunId } : {}) });
      this.recent.length = Math.min(this.recent.length, RECENT_EVENTS);
      this.broadcast({ type: "events", events: this.events() });
    });
    // An event's runs start a moment after it arrives (flow control decides): say so when they do.
    orchestrator.on("run.started", (run: { event: InngestEvent }) => {
      if (this.recent.some((e) => orchestrator.runsByEvent.get(e.id)?.length && (e.id === run.event.id || e.name === run.event.name))) this.broadcast({ type: "events", events: this.events() });
    });
  }

  /** Serves the live feed on the API's HTTP server. */
  attach(server: http.Server): void {
    this.sockets = new WebSocketServer({ server, path: "/live" });
    this.sockets.on("connection", (socket) => this.serve(socket));
  }

  appsChanged(): void {
    this.broadcast({ type: "apps", apps: this.apps() });
  }

  /** Answers the page's routes; false for any other path. */
  route(req: http.IncomingMessage, res: http.ServerResponse, body: string): boolean {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(value));
      return true;
    };
    if (method === "GET" && (path === "/" || path === "/index.html")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(devPage({ nonce: randomBytes(16).toString("base64"), host: req.headers.host }));
      return true;
    }
    if (method === "GET" && path === "/dev") return json(200, this.info());
    if (!path.startsWith("/api/")) return false;
    if (method === "GET" && path === "/api/apps") return json(200, this.apps());
    if (method === "GET" && path === "/api/runs") return json(200, this.feed.runs());
    if (method === "GET" && path === "/api/events") return json(200, this.events());
    if (method === "POST" && path === "/api/events") {
      const event = parseJson(body) as Partial<InngestEvent> | undefined;
      if (!event || typeof event.name !== "string" || !event.name) return json(400, { error: 'send an event as { "name": "app/event", "data": {} }' });
      if (event.data !== undefined && (typeof event.data !== "object" || event.data === null || Array.isArray(event.data))) return json(400, { error: '"data" must be an object' });
      // What the event API would refuse, the page refuses too.
      const inbound = normalizeInbound(event);
      if ("error" in inbound) return json(400, { error: inbound.error });
      return json(200, { ids: this.orchestrator.sendEvent(inbound.event as unknown as InngestEvent) });
    }
    const runPath = /^\/api\/runs\/([0-9A-Za-z]+)(?:\/(rerun|replay|cancel))?$/.exec(path);
    if (!runPath) return json(404, { error: `no such route: ${method} ${path}` });
    const [, runId, action] = runPath;
    if (method === "GET" && !action) {
      const timeline = this.feed.run(runId);
      const recorded = findRecordedRun(this.options.journalDir, runId);
      return timeline ? json(200, { run: timeline, journal: recorded?.entries ?? [], file: recorded?.file }) : json(404, { error: `no run ${runId}` });
    }
    if (method !== "POST" || !action) return json(405, { error: `${method} ${path} is not allowed` });
    void this.act(runId, action as "rerun" | "replay" | "cancel").then(
      ({ status, value }) => json(status, value),
      (err: Error) => json(500, { error: err.message }),
    );
    return true;
  }

  private async act(runId: string, action: "rerun" | "replay" | "cancel"): Promise<{ status: number; value: unknown }> {
    if (action === "cancel") return { status: 200, value: { cancelled: this.orchestrator.cancelRun(runId, "cancelled from the Stepwise page") } };
    const recorded = findRecordedRun(this.options.journalDir, runId);
    if (!recorded) return { status: 404, value: { error: `no recorded run ${runId}` } };
    const fn = this.orchestrator.functions.find((f) => f.id === recorded.functionId);
    if (!fn) return { status: 409, value: { error: `function ${recorded.functionSlug} is not served by any app right now` } };
    if (action === "rerun") {
      const { id: _id, ...event } = recorded.event;
      const outcome = await this.orchestrator.trigger(fn, event as InngestEvent);
      return { status: 200, value: "run" in outcome ? { runId: outcome.run.id } : { skipped: outcome.skipped } };
    }
    const last = await new ReplayCursor(this.orchestrator, recorded, fn).runToEnd();
    return {
      status: 200,
      value: {
        runId,
        status: last.divergence ? "diverged" : (last.outcome?.status ?? "failed"),
        output: last.outcome?.output ?? null,
        divergence: last.divergence,
      },
    };
  }

  /** The Dev Server's `GET /dev` (pkg/devserver/api.go InfoResponse), with Stepwise's additions. */
  private info() {
    return {
      version: `stepwise ${(require("../package.json") as { version: string }).version}`,
      authed: false,
      startOpts: { port: Number(new URL(this.orchestrator.apiUrl).port), journalDir: this.options.journalDir },
      functions: this.orchestrator.functions.map((f) => f.raw),
      handlers: this.apps().map((a) => ({ url: a.url, sdk: a.sdk, framework: a.framework, functionIds: a.functions.map((f) => f.id), error: a.error })),
      isSingleNodeService: true,
      isMissingSigningKey: false,
      isMissingEventKeys: false,
      features: {},
    };
  }

  private apps() {
    const failedUrls = this.options.failedUrls();
    const apps = this.orchestrator.apps.list().map((a) => ({
      id: a.id,
      url: a.url,
      source: a.source,
      framework: a.framework ?? null,
      sdk: a.sdk ?? null,
      syncedAt: a.syncedAt,
      // A synced app the last poll could not reach shows why, as the Dev Server's UpdateAppError (service.go pollSDKs).
      error: a.error ?? failedUrls.get(a.url) ?? null,
      functions: a.functions.map((f) => ({ id: f.id, slug: f.slug, name: f.name, triggers: f.triggers })),
    }));
    const failed = [...failedUrls].filter(([url]) => !apps.some((a) => a.url === url));
    return [...apps, ...failed.map(([url, error]) => ({ id: null, url, source: { url }, framework: null, sdk: null, syncedAt: null, error, functions: [] }))];
  }

  private events() {
    return this.recent.map((e) => ({ ...e, runs: this.orchestrator.runsByEvent.get(e.id) ?? [] }));
  }

  private serve(socket: WebSocket): void {
    socket.on("message", (data) => {
      const message = parseJson(String(data)) as { type?: string; runId?: string } | undefined;
      if (message?.type === "ready") {
        socket.send(JSON.stringify({ type: "apps", apps: this.apps() }));
        socket.send(JSON.stringify({ type: "events", events: this.events() }));
        socket.send(JSON.stringify({ type: "runs", runs: this.feed.runs() }));
      }
      if (message?.type === "select" && message.runId) {
        const run = this.feed.run(message.runId);
        if (run) socket.send(JSON.stringify({ type: "run", run, focus: true }));
      }
    });
  }

  private broadcast(message: unknown): void {
    if (!this.sockets) return;
    const text = JSON.stringify(message);
    for (const client of this.sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  }

  close(): void {
    this.feed.dispose();
    for (const client of this.sockets?.clients ?? []) client.terminate();
    this.sockets?.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
