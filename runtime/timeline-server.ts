// `stepwise dev`'s page: the timeline over HTTP, live over a WebSocket at /live.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { TimelineFeed } from "./timeline-feed";
import { timelinePage } from "./timeline-page";

export class TimelineServer {
  private readonly server: http.Server;
  private readonly sockets: WebSocketServer;
  url = "";

  constructor(private readonly feed: TimelineFeed) {
    this.server = http.createServer((req, res) => {
      if ((req.url ?? "/").split("?")[0] !== "/") {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(timelinePage({ nonce: randomBytes(16).toString("base64") }));
    });
    this.sockets = new WebSocketServer({ server: this.server, path: "/live" });
    this.sockets.on("connection", (socket) => this.serve(socket));
    feed.on("run", (run) => this.broadcast({ type: "run", run }));
    feed.on("runs", (runs) => this.broadcast({ type: "runs", runs }));
  }

  private serve(socket: WebSocket): void {
    socket.on("message", (data) => {
      let message: { type?: string; runId?: string };
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (message.type === "ready") socket.send(JSON.stringify({ type: "runs", runs: this.feed.runs() }));
      if (message.type === "select" && message.runId) {
        const run = this.feed.run(message.runId);
        if (run) socket.send(JSON.stringify({ type: "run", run, focus: true }));
      }
    });
  }

  private broadcast(message: unknown): void {
    const text = JSON.stringify(message);
    for (const client of this.sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
