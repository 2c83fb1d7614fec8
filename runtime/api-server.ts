// The HTTP API the SDK and the user's code call (the part of the Inngest Dev Server they need):
// registration, events, the large-state run endpoints, checkpoints and the REST API v1.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { normalizeInbound } from "./inbound-event";

export interface ApiHandlers {
  register(body: Record<string, unknown>): void;
  /** Accepts events (ids filled in), routes them, returns their IDs. */
  /** `seed`: the SDK's `x-inngest-event-id-seed` header, from which Inngest derives event IDs. */
  receiveEvents(events: Array<Record<string, unknown>>, seed: string | undefined): string[];
  runEvents(runId: string): unknown[] | undefined;
  runActions(runId: string): Record<string, unknown> | undefined;
  checkpoint(runId: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** `inngest.sendSignal()`: the run the signal resumed, or undefined when nothing waits for it. */
  signal(signal: string, data: unknown): string | undefined;
  /** `publish()` from realtime: a message on a channel's topics. */
  publish(message: { channel: string; topics: string[]; runId?: string; data: string }): void;
  /** `POST /invoke/{slug}`: starts the function with the body as its event; the event's ID. */
  invoke(slug: string, event: Record<string, unknown>): string;
  /** Inngest's REST API v1 (rest-api.ts), undefined for a path it does not have; `query` is the request's query string. */
  rest(method: string, path: string, query: URLSearchParams): { status: number; body: unknown } | undefined;
  log(message: string): void;
}

/** More routes on the same port (the Dev Server's UI and its JSON): true when it answered. */
export type ExtraRoutes = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean;

export class ApiServer {
  private server?: http.Server;
  private extra?: ExtraRoutes;
  url = "";

  constructor(private readonly handlers: ApiHandlers) {}

  /** The HTTP server, once listening (a WebSocket server can share it). */
  get httpServer(): http.Server | undefined {
    return this.server;
  }

  /** Routes tried after the SDK's and the REST API's. */
  serveAlso(routes: ExtraRoutes): void {
    this.extra = routes;
  }

  async listen(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.route(req, res, Buffer.concat(chunks).toString("utf8")));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, text: string): void {
    const path = (req.url ?? "/").split("?")[0];
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (req.method === "POST" && path === "/v1/realtime/publish") {
      const query = new URL(req.url ?? "/", "http://localhost").searchParams;
      this.handlers.publish({ channel: query.get("channel") ?? "", topics: query.getAll("topic"), runId: query.get("run_id") ?? undefined, data: text });
      reply(200, {});
      return;
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      reply(400, { error: "body is not JSON", status: 400 });
      return;
    }
    if (req.method === "POST" && path === "/v1/signals") {
      const { signal, data } = (body ?? {}) as { signal?: unknown; data?: unknown };
      if (typeof signal !== "string" || !signal) return reply(400, { error: "Invalid signal data", status: 400 });
      const runId = this.handlers.signal(signal, data);
      if (runId) reply(200, { data: { run_id: runId }, metadata: { fetched_at: new Date().toISOString() } });
      else reply(404, { error: "No signal found", status: 404 });
      return;
    }
    if (req.method === "POST" && path === "/fn/register") {
      this.handlers.register((body ?? {}) as Record<string, unknown>);
      reply(200, { ok: true, modified: true });
      return;
    }
    const eventPath = path.match(/^\/e\/([^/]+)$/);
    if (req.method === "POST" && eventPath) {
      // Inngest handles the events in order and stops at the first it refuses: those before it are
      // sent, and the answer is a 400 with their IDs and the refusal (pkg/api/api.go).
      const accepted: Array<Record<string, unknown>> = [];
      let refusal: string | undefined;
      for (const raw of Array.isArray(body) ? body : [body]) {
        const inbound = normalizeInbound(raw);
        if ("error" in inbound) {
          refusal = inbound.error;
          break;
        }
        accepted.push(inbound.event);
      }
      const seed = req.headers["x-inngest-event-id-seed"];
      const ids = this.handlers.receiveEvents(accepted, typeof seed === "string" ? seed : undefined);
      if (refusal === undefined) reply(200, { ids, status: 200 });
      else reply(400, { ids: ids.length > 0 ? ids : [""], status: 400, error: refusal });
      return;
    }
    const invokePath = path.match(/^\/invoke\/([^/]+)$/);
    if (req.method === "POST" && invokePath) {
      // pkg/api/api.go Invoke: the body is the event (its name replaced), checked as an event is.
      const raw = body && typeof body === "object" && !Array.isArray(body) ? { ...(body as Record<string, unknown>), name: "invoke" } : body;
      const inbound = normalizeInbound(raw);
      if ("error" in inbound) return reply(400, { error: `Invalid invocation event: ${inbound.error}`, status: 400 });
      return reply(200, { id: this.handlers.invoke(decodeURIComponent(invokePath[1]), inbound.event), status: 200 });
    }
    const checkpointPath = path.match(/^\/v1\/checkpoint\/([^/]+)\/async$/);
    if (req.method === "POST" && checkpointPath) {
      void this.handlers.checkpoint(decodeURIComponent(checkpointPath[1]), body).then(({ status, body: answer }) => reply(status, answer));
      return;
    }
    const runPath = path.match(/^\/v0\/runs\/([^/]+)\/(batch|actions)$/);
    if (req.method === "GET" && runPath) {
      const found = runPath[2] === "batch" ? this.handlers.runEvents(runPath[1]) : this.handlers.runActions(runPath[1]);
      if (found === undefined) reply(404, { error: `no run ${runPath[1]}` });
      else reply(200, found);
      return;
    }
    const rest = this.handlers.rest(req.method ?? "GET", path, new URL(req.url ?? "/", "http://localhost").searchParams);
    if (rest) {
      reply(rest.status, rest.body);
      return;
    }
    if (this.extra?.(req, res, text)) return;
    this.handlers.log(`stepwise: ${req.method} ${path} was requested (by the app or another client), which this executor does not offer (404)`);
    reply(404, { error: `stepwise does not implement ${req.method} ${path}` });
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
