// Out-of-band registrations (PROTOCOL.md §2.1): after a PUT, the SDK POSTs its function list to
// /fn/register. A registration a sync is waiting for goes to that sync (matched by the serve URL
// the SDK reports); any other is an app registering itself, as with the Dev Server.
import { StepwiseInputError } from "./errors";

interface Waiting {
  url: string;
  deliver: (body: Record<string, unknown>) => void;
}

export class RegistrationInbox {
  private readonly waiting = new Set<Waiting>();

  /** Waits for the registration of the app at `url`; stops (timer and all) when `signal` aborts. */
  wait(url: string, signal: AbortSignal, timeoutMs: number, apiUrl: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const entry: Waiting = { url, deliver: () => {} };
      const timer = setTimeout(() => reject(new StepwiseInputError(`the app at ${url} did not register its functions within ${Math.round(timeoutMs / 1000)} s — is its INNGEST_DEV set to this executor's URL (${apiUrl})?`)), timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.waiting.delete(entry);
      };
      entry.deliver = (body) => {
        stop();
        resolve(body);
      };
      signal.addEventListener("abort", stop, { once: true });
      this.waiting.add(entry);
    });
  }

  /** Hands a registration to the sync waiting for it; false when none is (the app registered itself). */
  deliver(body: Record<string, unknown>): boolean {
    const url = typeof body.url === "string" ? body.url : "";
    const match = [...this.waiting].find((w) => sameUrl(w.url, url)) ?? (this.waiting.size === 1 ? [...this.waiting][0] : undefined);
    match?.deliver(body);
    return !!match;
  }
}

/** The SDK reports the URL it was reached at; `localhost` and `127.0.0.1` are the same host here. */
export function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.replace("://localhost", "://127.0.0.1").replace(/\/$/, "");
  return norm(a) === norm(b);
}
