// Call bodies over Inngest's 4 MB limit (consts.MaxSDKRequestBodySize): as its driver does, the
// body leaves the state and the events out with `ctx.use_api`, and the real SDK fetches them from
// Stepwise's /v0/runs/{runId}/actions and /batch (pkg/execution/driver/driver.go).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Orchestrator } from "../runtime/orchestrator";
import { MAX_SDK_REQUEST_BODY_BYTES, buildCallBody, fittedToBodyLimit } from "../runtime/sdk-call";
import type { InngestEvent, StoredResult } from "../runtime/types";
import { runToEnd, startApp } from "./support/runtime-harness";

const MB = 1024 * 1024;

describe("a run whose bodies would pass 4 MB", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("large-state.ts")));
  after(() => app.close());

  test("completes with the SDK reading its state and event from the API, and no body it sent is over 4 MB", async () => {
    const { snapshot } = await runToEnd(app, "large", { name: "large/go", data: { blob: "y".repeat(MB) } });
    assert.equal(snapshot.status, "completed", JSON.stringify(snapshot.error));
    assert.deepEqual(snapshot.output, { big: 3.5 * MB, blob: MB, events: 1 });
    // Two calls before the big output is stored carry the event twice (2 MB each); the three after it only `event` (1 MB).
    assert.ok(snapshot.bytesSent < 8 * MB, `${snapshot.bytesSent} bytes sent`);
  });
});

describe("fitting a body to the limit", () => {
  const body = (events: InngestEvent[], steps: Record<string, StoredResult>) =>
    buildCallBody({ runId: "R", event: events[0], events, stack: Object.keys(steps), stored: (id) => steps[id], attempt: 0, maxAttempts: 1, disableImmediateExecution: false, requestVersion: 2 });

  test("a small body is sent as it is", () => {
    const small = body([{ name: "a", data: {} }], { h: { data: 1 } });
    assert.equal(fittedToBodyLimit(small, 20, 30), small);
  });

  test("state within 1 KB of the limit is left to the API, the events stay", () => {
    const b = body([{ name: "a", data: {} }], { h: { data: "x" } });
    const fitted = fittedToBodyLimit(b, MAX_SDK_REQUEST_BODY_BYTES - 100, 30);
    assert.deepEqual([fitted.steps, fitted.events, fitted.ctx.use_api, fitted.ctx.stack], [{}, b.events, true, b.ctx.stack]);
  });

  test("a body still over the limit leaves the events to the API too, keeping `event`", () => {
    const event = { name: "a", data: { blob: "y".repeat(2.5 * MB) } };
    const b = body([event], {});
    const fitted = fittedToBodyLimit(b, 0, 2.5 * MB);
    assert.deepEqual([fitted.steps, fitted.events, fitted.event, fitted.ctx.use_api], [{}, [], event, true]);
  });
});
