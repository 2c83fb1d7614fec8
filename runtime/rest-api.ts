// Inngest's REST API v1, the part an app or a script uses to follow its events and runs (pkg/api/apiv1):
//   GET    /v1/events                  the events received, newest first (limit, name, cursor,
//                                      received_after, received_before; events.go getEvents)
//   GET    /v1/events/{eventId}        one event (cqrs.Event)
//   GET    /v1/events/{eventId}/runs   the runs an event started
//   GET    /v1/runs/{runId}            one run, with its status and output
//   DELETE /v1/runs/{runId}            cancel a run
// Answers have Inngest's shape: `{ data, metadata: { fetched_at, cached_until } }`, run fields
// in snake_case (cqrs.FunctionRun) and statuses as its enums print them (enums.RunStatus).
import type { EventLog, ReceivedEvent } from "./event-log";
import { findRecordedRun, listRecordedRuns, type RecordedRun, type RecordedStatus } from "./journal";
import type { Run } from "./run";

export interface RestApiSource {
  runs: ReadonlyMap<string, Run>;
  runsByEvent: ReadonlyMap<string, string[]>;
  receivedEvents: EventLog;
  journalDir: string;
  cancelRun(runId: string, reason: string): boolean;
}

export interface RestAnswer {
  status: number;
  body: unknown;
}

/** Inngest's `cqrs.FunctionRun` as its JSON reads. */
export interface FunctionRunJson {
  run_id: string;
  run_started_at: string;
  function_id: string;
  function_version: number;
  environment_id: string;
  event_id: string;
  batch_id?: string;
  status: "Running" | "Completed" | "Failed" | "Cancelled";
  ended_at: string | null;
  output?: unknown;
}

const STATUS: Record<RecordedStatus, FunctionRunJson["status"]> = {
  running: "Running",
  // An interrupted run is not over: `stepwise resume` goes on with it, as Inngest's queue would.
  interrupted: "Running",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** The local account and environment, as the Dev Server names them (consts.DevServerAccountID, DevServerEnvID). */
const DEV_ACCOUNT = "00000000-0000-4000-a000-000000000000";
const DEV_ENVIRONMENT = "00000000-0000-4000-b000-000000000000";
/** events.go DefaultEvents, cqrs.MaxEvents. */
const DEFAULT_EVENTS = 20;
const MAX_EVENTS = 51;

/** Inngest's `cqrs.Event` as its JSON reads. */
export interface EventJson {
  internal_id: string;
  account_id: string;
  environment_id: string;
  source: string;
  source_id: null;
  received_at: string;
  id?: string;
  name: string;
  data: Record<string, unknown>;
  user?: Record<string, unknown>;
  ts?: number;
  v?: string;
}
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

/** The answer to a REST v1 request, or undefined when the path is not one of these routes. */
export function answerRestRequest(source: RestApiSource, method: string, path: string, query = new URLSearchParams()): RestAnswer | undefined {
  if (path === "/v1/events" && method === "GET") return listEvents(source, query);
  const oneEvent = /^\/v1\/events\/([^/]+)$/.exec(path);
  if (oneEvent && method === "GET") {
    const eventId = decodeURIComponent(oneEvent[1]);
    if (!ULID.test(eventId)) return error(400, `Invalid event ID: ${eventId}`);
    const received = source.receivedEvents.get(eventId.toUpperCase());
    return received ? ok(eventJson(received)) : error(404, "Event not found");
  }
  const eventRuns = /^\/v1\/events\/([^/]+)\/runs$/.exec(path);
  if (eventRuns && method === "GET") {
    const eventId = decodeURIComponent(eventRuns[1]);
    if (!ULID.test(eventId)) return error(400, `Invalid event ID: ${eventId}`);
    return ok(runsOfEvent(source, eventId));
  }
  const runPath = /^\/v1\/runs\/([^/]+)$/.exec(path);
  if (!runPath) return undefined;
  const runId = decodeURIComponent(runPath[1]);
  if (!ULID.test(runId)) return error(400, `Invalid run ID: ${runId}`);
  if (method === "GET") {
    const run = functionRun(source, runId);
    return run ? ok(run) : error(404, `Unable to load function run: ${runId}`);
  }
  if (method === "DELETE") {
    if (source.cancelRun(runId, "cancelled through the REST API (DELETE /v1/runs/{runId})")) return { status: 200, body: undefined };
    const run = functionRun(source, runId);
    return run ? error(400, `Unable to cancel function run: the run is ${run.status.toLowerCase()}`) : error(404, `Unable to load function run: ${runId}`);
  }
  return undefined;
}

function runsOfEvent(source: RestApiSource, eventId: string): FunctionRunJson[] {
  const live = source.runsByEvent.get(eventId);
  if (live) return live.map((id) => functionRun(source, id)).filter((r): r is FunctionRunJson => !!r);
  // A run from before this process started: its journal names its event.
  return listRecordedRuns(source.journalDir)
    .runs.filter((r) => r.event.id === eventId || r.events?.some((e) => e.id === eventId))
    .map((r) => fromRecorded(r, eventId));
}

function functionRun(source: RestApiSource, runId: string): FunctionRunJson | undefined {
  const run = source.runs.get(runId);
  if (run) return fromRun(run);
  const recorded = findRecordedRun(source.journalDir, runId);
  return recorded?.runId === runId ? fromRecorded(recorded) : undefined;
}

function fromRun(run: Run): FunctionRunJson {
  return shape({
    runId: run.id,
    startedAt: run.startedAt,
    functionId: run.fn.id,
    eventId: run.event.id ?? "",
    batchId: run.batchId,
    status: run.status,
    endedAt: run.endedAt,
    output: run.status === "completed" ? run.output : run.error,
  });
}

function fromRecorded(run: RecordedRun, eventId = run.event.id ?? ""): FunctionRunJson {
  return shape({
    runId: run.runId,
    startedAt: run.startedAt,
    functionId: run.functionId,
    eventId,
    batchId: run.batchId,
    status: run.status,
    endedAt: run.status === "running" || run.status === "interrupted" ? undefined : run.endedAt,
    output: run.status === "completed" ? run.output : run.error,
  });
}

function shape(run: { runId: string; startedAt: number; functionId: string; eventId: string; batchId?: string; status: RecordedStatus; endedAt?: number; output: unknown }): FunctionRunJson {
  return {
    run_id: run.runId,
    run_started_at: new Date(run.startedAt).toISOString(),
    function_id: run.functionId,
    function_version: 1,
    environment_id: DEV_ENVIRONMENT,
    event_id: run.eventId,
    ...(run.batchId ? { batch_id: run.batchId } : {}),
    status: STATUS[run.status],
    ended_at: run.endedAt !== undefined ? new Date(run.endedAt).toISOString() : null,
    ...(run.output !== undefined && run.output !== null ? { output: run.output } : {}),
  };
}

function listEvents(source: RestApiSource, query: URLSearchParams): RestAnswer {
  const limit = Math.min(Math.max(Number.parseInt(query.get("limit") ?? "", 10) || DEFAULT_EVENTS, 1), MAX_EVENTS);
  const cursor = query.get("cursor");
  if (cursor && !ULID.test(cursor)) return error(400, "Invalid cursor query parameter");
  const bound = (name: string) => {
    const text = query.get(name);
    return text ? Date.parse(text) : undefined;
  };
  const after = bound("received_after");
  const before = bound("received_before");
  if (Number.isNaN(after) || Number.isNaN(before)) return error(400, "Invalid received_after query parameter");
  const name = query.get("name");
  let events = source.receivedEvents.newestFirst();
  // The cursor is the last event of the page before: this page holds the older ones (ULIDs sort by time).
  if (cursor) events = events.filter((e) => e.internalId < cursor.toUpperCase());
  events = events.filter((e) => (!name || e.event.name === name) && (after === undefined || e.receivedAt >= after) && (before === undefined || e.receivedAt <= before));
  return ok(events.slice(0, limit).map(eventJson));
}

function eventJson({ internalId, receivedAt, event }: ReceivedEvent): EventJson {
  const { id, name, data, user, ts, v } = event as InngestEventFields;
  return {
    internal_id: internalId,
    account_id: DEV_ACCOUNT,
    environment_id: DEV_ENVIRONMENT,
    source: "",
    source_id: null,
    received_at: new Date(receivedAt).toISOString(),
    ...(id ? { id } : {}),
    name,
    data: data ?? {},
    ...(user && Object.keys(user).length > 0 ? { user } : {}),
    ...(ts ? { ts } : {}),
    ...(v ? { v } : {}),
  };
}

interface InngestEventFields {
  id?: string;
  name: string;
  data?: Record<string, unknown>;
  user?: Record<string, unknown>;
  ts?: number;
  v?: string;
}

function ok(data: unknown): RestAnswer {
  return { status: 200, body: { data, metadata: { fetched_at: new Date().toISOString() } } };
}

function error(status: number, message: string): RestAnswer {
  return { status, body: { error: message, status } };
}
