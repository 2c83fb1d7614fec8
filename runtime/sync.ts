// Sync (PROTOCOL.md §2): ask the app for its function configs, in-band first (the PUT's answer
// carries them), else out of band (the SDK POSTs them to our /fn/register).
import type { FunctionConfig } from "./types";
import { StepwiseInputError } from "./errors";

const DEFAULT_RETRIES = 4;

export interface Registration {
  appId: string;
  functions: FunctionConfig[];
  /** The SDK's framework adapter (`express`, `nodejs`, `hono`…) and version, as it reports them. */
  framework?: string;
  sdk?: string;
}

/** Waits for the SDK's out-of-band registration; stops waiting (timer and all) when `signal` aborts. */
export type AwaitRegistration = (signal: AbortSignal) => Promise<Record<string, unknown>>;

export async function syncApp(serveUrl: string, awaitOutOfBand: AwaitRegistration, timeoutMs = 15_000): Promise<Registration> {
  const inBand = await put(serveUrl, { "content-type": "application/json", "x-inngest-sync-kind": "in_band", "x-inngest-server-kind": "dev" }, JSON.stringify({ url: serveUrl }), timeoutMs);
  const text = await inBand.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new StepwiseInputError(`${serveUrl} answered the sync with HTTP ${inBand.status} and a body that is not JSON ("${text.slice(0, 40).replace(/\s+/g, " ")}…") — is this URL an Inngest serve() endpoint?`);
  }
  if (inBand.headers.get("x-inngest-sync-kind") === "in_band" && inBand.ok) {
    return parseRegistration(body, String(body.app_id ?? ""));
  }
  const waiting = new AbortController();
  const registered = awaitOutOfBand(waiting.signal);
  try {
    const outOfBand = await put(serveUrl, { "x-inngest-server-kind": "dev" }, undefined, timeoutMs);
    if (!outOfBand.ok) {
      throw new StepwiseInputError(`syncing ${serveUrl} failed: HTTP ${outOfBand.status} ${(await outOfBand.text()).slice(0, 200).replace(/\s+/g, " ")} — is INNGEST_DEV set to this Stepwise's URL in the app?`);
    }
    const registration = await registered;
    return parseRegistration(registration, String(registration.appName ?? ""));
  } finally {
    waiting.abort();
    registered.catch(() => {});
  }
}

async function put(url: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { method: "PUT", headers, body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new StepwiseInputError(`cannot reach the app at ${url} (${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}) — is it running?`);
  }
}

export function parseRegistration(body: Record<string, unknown>, appId: string): Registration {
  const raw = Array.isArray(body.functions) ? (body.functions as Array<Record<string, unknown>>) : [];
  const functions = raw.map((fn): FunctionConfig => {
    const id = String(fn.id);
    const step = (fn.steps as Record<string, { runtime?: { url?: string }; retries?: { attempts?: number } }> | undefined)?.step;
    return {
      id,
      name: String(fn.name ?? id),
      appId,
      slug: appId && id.startsWith(`${appId}-`) ? id.slice(appId.length + 1) : id,
      triggers: (fn.triggers as FunctionConfig["triggers"]) ?? [],
      maxAttempts: (step?.retries?.attempts ?? DEFAULT_RETRIES) + 1,
      servePath: `?fnId=${encodeURIComponent(id)}`,
      raw: fn,
    };
  });
  const framework = typeof body.framework === "string" ? body.framework : undefined;
  // Out of band the SDK says `sdk: "js:v4.24.0"`; in band, `sdk_language` and `sdk_version`.
  const sdk = typeof body.sdk === "string" ? body.sdk : typeof body.sdk_version === "string" ? `${body.sdk_language ?? "js"}:v${body.sdk_version}` : undefined;
  return { appId, functions, ...(framework ? { framework } : {}), ...(sdk ? { sdk } : {}) };
}
