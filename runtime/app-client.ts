// One HTTP request to the app (a "call"), as PROTOCOL.md §3–§4 describes it: the body with the
// memoized state, the answer with its status, headers and JSON body (unwrapping the 201
// streaming envelope).
import http from "node:http";
import { setLongTimeout } from "./long-timeout";

export interface CallBody {
  event: unknown;
  events: unknown[];
  steps: Record<string, unknown>;
  /** The run's `defer()` calls so far, so the SDK does not report them again (Go: driver.go). */
  defers?: Record<string, { abortable: boolean }>;
  ctx: {
    run_id: string;
    attempt: number;
    max_attempts: number;
    disable_immediate_execution: boolean;
    /** The body leaves the state (and events) out: the SDK fetches them from /v0/runs/{id}/… (driver.go). */
    use_api: boolean;
    /** Sent only with checkpointing on: the SDK checkpoints only when it gets a function ID (PROTOCOL.md §8). */
    fn_id?: string;
    qi_id?: string;
    stack: { stack: string[]; current: number };
  };
  version: number;
}

export interface AppAnswer {
  status: number;
  body: unknown;
  noRetry: boolean | undefined;
  retryAfter: string | undefined;
  requestVersion: string | undefined;
  bytesSent: number;
  ms: number;
}

/** The app could not be reached or the connection broke (the host crashed): retriable. */
export class AppUnreachableError extends Error {
  override name = "AppUnreachableError";
}
/**
 * The app answered something that is not the SDK's protocol, or did not answer in time. Inngest
 * counts such a call as a failed attempt and retries it; `retriable` is false where a retry
 * cannot help (the app refused the body's size).
 */
export class AppProtocolError extends Error {
  override name = "AppProtocolError";
  constructor(message: string, readonly retriable = true) {
    super(message);
  }
}

export async function callApp(
  url: string,
  body: CallBody,
  options: { agent: http.Agent; timeoutMs: number | null; requestVersion?: number },
): Promise<AppAnswer> {
  const payload = Buffer.from(JSON.stringify(body));
  const started = performance.now();
  const raw = await post(url, payload, options);
  const answer = raw.status === 201 ? unwrapStream(raw.text, url) : { status: raw.status, headers: raw.headers, text: raw.text };
  if (answer.status === 413) {
    throw new AppProtocolError(
      `the app refused a call body of ${payload.length} bytes (HTTP 413) — raise its body-size limit (e.g. express.json({ limit: "10mb" }))`,
      false,
    );
  }
  let parsed: unknown;
  try {
    parsed = answer.text.trim() === "" ? null : JSON.parse(answer.text);
  } catch {
    throw new AppProtocolError(
      `the app at ${url.split("?")[0]} answered HTTP ${answer.status} with a body that is not JSON ("${answer.text.slice(0, 60).replace(/\s+/g, " ")}…") — is this URL an Inngest serve() endpoint?`,
    );
  }
  const noRetry = answer.headers["x-inngest-no-retry"];
  return {
    status: answer.status,
    body: parsed,
    noRetry: noRetry === undefined ? undefined : noRetry === "true",
    retryAfter: answer.headers["retry-after"],
    requestVersion: answer.headers["x-inngest-req-version"],
    bytesSent: payload.length,
    ms: performance.now() - started,
  };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

function post(url: string, payload: Buffer, options: { agent: http.Agent; timeoutMs: number | null; requestVersion?: number }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent: options.agent,
        headers: {
          "content-type": "application/json",
          "content-length": payload.length,
          "x-inngest-server-kind": "dev",
          ...(options.requestVersion ? { "x-inngest-req-version": String(options.requestVersion) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (err) => reject(new AppUnreachableError(`the connection to the app broke while reading its answer (${err.message})`)));
        res.on("end", () => {
          timer?.cancel();
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
        });
      },
    );
    const timer =
      options.timeoutMs === null
        ? undefined
        : setLongTimeout(options.timeoutMs, () => {
            req.destroy();
            reject(new AppProtocolError(`the app did not answer within ${Math.round(options.timeoutMs! / 1000)} s (call timeout) — is a step hanging? raise the limit with --call-timeout`));
          });
    req.on("error", (err) => {
      timer?.cancel();
      reject(new AppUnreachableError(`the app at ${url.split("?")[0]} is unreachable (${(err as NodeJS.ErrnoException).code ?? err.message})`));
    });
    req.end(payload);
  });
}

function unwrapStream(text: string, url: string): RawAnswer {
  try {
    const envelope = JSON.parse(text.trim()) as { status: number; headers?: Record<string, string>; body?: string };
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(envelope.headers ?? {})) headers[k.toLowerCase()] = v;
    return { status: envelope.status, headers, text: envelope.body ?? "" };
  } catch {
    throw new AppProtocolError(`the app at ${url.split("?")[0]} streamed an answer (HTTP 201) that is not a JSON envelope`);
  }
}
