// `POST /e/{key}` as Inngest's event API answers it (pkg/api/api.go, pkg/event/inbound.go): the
// events it accepts run functions; the first it refuses ends the request with a 400 naming why,
// and the ones before it were sent.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Orchestrator } from "../runtime/orchestrator";
import type { RunSnapshot } from "../runtime/types";
import { startApp } from "./support/runtime-harness";

interface Answer {
  status: number;
  body: { ids: string[]; status: number; error?: string };
}

let app: Orchestrator;
const started: RunSnapshot[] = [];

before(async () => {
  app = await startApp("protocol.ts");
  app.on("run.started", (run: RunSnapshot) => started.push(run));
});
after(() => app.close());

async function send(body: string): Promise<Answer> {
  const res = await fetch(`${app.apiUrl}/e/local`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

describe("the event API refuses what Inngest's refuses, with Inngest's message", () => {
  const cases: Array<[string, unknown, string]> = [
    ["an internal event name", { name: "inngest/function.failed", data: { function_id: "proto-app-with-failure" } }, "event name is reserved for internal use: inngest/function.failed"],
    ["no name", { data: {} }, "event name is empty"],
    ["data that is not an object", { name: "test/child", data: "not an object" }, "json: cannot unmarshal string into Go struct field Event.data of type map[string]interface {}"],
    ["a numeric name", { name: 5, data: {} }, "json: cannot unmarshal number into Go struct field Event.name of type string"],
    ["a timestamp before 1980", { name: "test/child", data: {}, ts: 1000 }, "timestamp is before Jan 1, 1980"],
    ["a timestamp after 2100", { name: "test/child", data: {}, ts: Date.UTC(2101, 0, 1) }, "timestamp is after Jan 1, 2100"],
    ["a string", "test/child", "json: cannot unmarshal string into Go value of type event.Event"],
    ["an event over 3 MiB", { name: "test/child", data: { blob: "x".repeat(3 * 1024 * 1024) } }, `Event is over the max size: Max 3145728 bytes / Size ${3 * 1024 * 1024 + 40} bytes`],
  ];
  for (const [what, event, error] of cases) {
    test(`${what}: 400, and no run starts`, async () => {
      const before = started.length;
      const answer = await send(JSON.stringify(event));
      assert.deepEqual(answer, { status: 400, body: { ids: [""], status: 400, error } });
      assert.equal(started.length, before);
    });
  }

  test("in a batch, the events before the refused one are sent and their IDs answered", async () => {
    const answer = await send(JSON.stringify([{ name: "nobody/listens", data: {} }, { name: "", data: {} }, { name: "nobody/listens", data: {} }]));
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, "event name is empty");
    assert.equal(answer.body.ids.length, 1);
    assert.match(answer.body.ids[0], /^[0-9A-Z]{26}$/);
  });

  test("an accepted event loses the data._inngest that only Inngest may set", async () => {
    const received: Array<{ name: string; data: Record<string, unknown> }> = [];
    const listen = (event: { name: string; data: Record<string, unknown> }) => received.push(event);
    app.on("event.received", listen);
    try {
      const answer = await send(JSON.stringify({ name: "nobody/listens", data: { n: 1, _inngest: { function_id: "x" } } }));
      assert.equal(answer.status, 200);
      assert.deepEqual(received.map((e) => e.data), [{ n: 1 }]);
    } finally {
      app.off("event.received", listen);
    }
  });
});

describe("GET /v1/events and /v1/events/{eventId} answer with what the event API received (cqrs.Event)", () => {
  interface EventJson {
    internal_id: string;
    received_at: string;
    name: string;
    data: Record<string, unknown>;
    id?: string;
    environment_id: string;
  }
  const get = async <T>(path: string) => {
    const res = await fetch(`${app.apiUrl}${path}`);
    return { status: res.status, body: (await res.json()) as { data: T; error?: string } };
  };

  test("one event by the ID the send answered, and 404 for one never received", async () => {
    const { body } = await send(JSON.stringify({ name: "listed/one", data: { n: 1 }, id: "order-7" }));
    const [internalId] = body.ids;
    const found = await get<EventJson>(`/v1/events/${internalId}`);
    assert.equal(found.status, 200);
    const { received_at: receivedAt, ts, ...rest } = found.body.data as EventJson & { ts: number };
    // No ts was sent: the event has its time of arrival, as Inngest fills it in.
    assert.ok(Math.abs(Date.parse(receivedAt) - ts) < 60_000, `${receivedAt} and ${ts}`);
    assert.deepEqual(rest, { internal_id: internalId, account_id: "00000000-0000-4000-a000-000000000000", environment_id: "00000000-0000-4000-b000-000000000000", source: "", source_id: null, id: "order-7", name: "listed/one", data: { n: 1 } });
    assert.deepEqual(await get(`/v1/events/01JZZZZZZZZZZZZZZZZZZZZZZZ`), { status: 404, body: { error: "Event not found", status: 404 } });
    assert.deepEqual((await get(`/v1/events/not-an-id`)).status, 400);
  });

  test("the list is newest first, filtered by name, a page at a time with the cursor", async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) ids.push((await send(JSON.stringify({ name: "listed/page", data: { n } }))).body.ids[0]);
    const first = await get<EventJson[]>(`/v1/events?name=listed/page&limit=2`);
    assert.deepEqual(first.body.data.map((e) => e.data.n), [3, 2]);
    const next = await get<EventJson[]>(`/v1/events?name=listed/page&limit=2&cursor=${first.body.data[1].internal_id}`);
    assert.deepEqual(next.body.data.map((e) => [e.internal_id, e.data.n]), [[ids[0], 1]]);
  });
});

describe("POST /invoke/{slug} starts the function with the body as its event (pkg/api/api.go Invoke)", () => {
  test("the run gets an inngest/function.invoked event with the body's data, and its ID is answered", async () => {
    const res = await fetch(`${app.apiUrl}/invoke/proto-app-invoked-target`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ data: { suffix: "-by-http" } }) });
    const answer = (await res.json()) as { id: string; status: number };
    assert.deepEqual([res.status, answer.status], [200, 200]);
    for (let waited = 0; !started.some((r) => r.event.id === answer.id) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const run = started.find((r) => r.event.id === answer.id);
    assert.ok(run, "a run started by the invocation event");
    assert.equal(run.event.name, "inngest/function.invoked");
    assert.deepEqual(run.event.data, { suffix: "-by-http", _inngest: { function_id: "proto-app-invoked-target", correlation_id: "" } });
  });

  test("an invocation body that is not an event object is refused", async () => {
    const res = await fetch(`${app.apiUrl}/invoke/proto-app-invoked-target`, { method: "POST", body: JSON.stringify({ data: "nope" }) });
    assert.deepEqual([res.status, await res.json()], [400, { error: "Invalid invocation event: json: cannot unmarshal string into Go struct field Event.data of type map[string]interface {}", status: 400 }]);
  });
});
