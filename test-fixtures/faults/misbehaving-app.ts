// An app that breaks the protocol on purpose, for the fault suite. The real SDK answers the sync
// (unless FAULT_AT=sync); every call (or, with FAULT_AT=sync, every request) gets the answer that
// FAULT names instead of the SDK's:
//   500       HTTP 500 with a plain-text body
//   garbage   HTTP 200 with HTML
//   not-ops   HTTP 206 with {"not":"an array"}
//   bogus-op  HTTP 206 with [{"op":"Bogus"}]
//   close     the socket is closed without an answer
//   hang      no answer, ever
import http from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";

const inngest = new Inngest({ id: "faulty-app" });

export const faulty = inngest.createFunction({ id: "faulty", retries: 1, triggers: [{ event: "test/faulty" }] }, async ({ step }) => {
  return step.run("only", () => "unreachable");
});

const handler = serve({ client: inngest, functions: [faulty] });
const fault = process.env.FAULT ?? "500";
const faultAtSync = process.env.FAULT_AT === "sync";

function misbehave(res: http.ServerResponse): void {
  switch (fault) {
    case "500":
      res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
      return;
    case "garbage":
      res.writeHead(200, { "content-type": "text/html" }).end("<html><body>surprise</body></html>");
      return;
    case "not-ops":
      res.writeHead(206, { "content-type": "application/json" }).end(JSON.stringify({ not: "an array" }));
      return;
    case "bogus-op":
      res.writeHead(206, { "content-type": "application/json" }).end(JSON.stringify([{ op: "Bogus" }]));
      return;
    case "close":
      res.socket?.destroy();
      return;
    case "hang":
      return;
  }
}

const server = http.createServer((req, res) => {
  if (req.method === "POST" || faultAtSync) {
    req.resume();
    req.on("end", () => misbehave(res));
    return;
  }
  handler(req, res);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
