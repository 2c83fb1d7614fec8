// A user's own app, already running: it serves protocol.ts's functions on PORT with the SDK's
// serve(), talking to the executor named in INNGEST_DEV.
import http from "node:http";
import { serve } from "inngest/node";
import * as protocol from "./protocol";

const functions = Object.values(protocol);
const handler = serve({ client: protocol.inngest, functions: functions.filter((f) => f !== protocol.inngest) as never });
const server = http.createServer((req, res) => {
  if ((req.url ?? "").startsWith("/api/inngest")) return handler(req, res);
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
