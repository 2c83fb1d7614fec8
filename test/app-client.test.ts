// One call to an app over real loopback HTTP, where the app answers something other than the SDK.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { AppProtocolError, callApp } from "../runtime/app-client";
import { buildCallBody } from "../runtime/sdk-call";

describe("an app that refuses the body's size", () => {
  // As Express's body parser answers a body over its limit: 413 with an HTML page.
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(413, { "content-type": "text/html" });
      res.end("<!DOCTYPE html><html><body><pre>PayloadTooLargeError: request entity too large</pre></body></html>");
    });
  });
  let url = "";
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
  });
  after(() => server.close());

  test("is told so, with the body's size and how to raise the limit, not that its answer is not JSON", async () => {
    const body = buildCallBody({ runId: "R", event: { name: "a", data: {} }, stack: [], stored: () => ({ data: null }), attempt: 0, maxAttempts: 1, disableImmediateExecution: false, requestVersion: 2 });
    const agent = new http.Agent();
    try {
      await assert.rejects(callApp(url, body, { agent, timeoutMs: 10_000 }), (err: unknown) => {
        assert.ok(err instanceof AppProtocolError);
        assert.match(err.message, /^the app refused a call body of \d+ bytes \(HTTP 413\) — raise its body-size limit/);
        assert.equal(err.retriable, false);
        return true;
      });
    } finally {
      agent.destroy();
    }
  });
});
