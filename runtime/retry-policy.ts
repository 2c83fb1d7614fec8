// Whether and when a failed work item is tried again (PROTOCOL.md §7). A work item is one call
// (a discovery or a planned step); every attempt counts against the function's `retries`.
import { parseRetryAfter } from "./duration";

/** Why a call did not succeed. */
export type CallFailure =
  /** A StepError op: the step threw and the SDK considers it retriable. */
  | { kind: "step-error" }
  /** A non-206 error answer: the function threw outside a step (or the SDK failed). */
  | { kind: "function-error"; status: number; noRetryHeader: boolean | undefined }
  /** The call itself failed: the app was unreachable, timed out or broke the protocol. */
  | { kind: "call-failed"; retriable: boolean };

export interface RetryPolicy {
  /** Delay before attempt `nextAttempt` (1 for the first retry). */
  backoffMs(nextAttempt: number): number;
}

/** Exponential back-off: base, 2×base, 4×base… capped. Inngest's own starts near 10 s; locally shorter is kinder. */
export function exponentialBackoff(baseMs = 1000, capMs = 60_000): RetryPolicy {
  return { backoffMs: (n) => Math.min(capMs, baseMs * 2 ** Math.max(0, n - 1)) };
}

/**
 * Whether attempt `attempt` (from 0) may be followed by another. An SDK error answer with
 * `x-inngest-no-retry: true`, or a 4xx without it, is final; so is a failure the protocol marks
 * as not retriable. Otherwise the item is retried until `maxAttempts` attempts are used up.
 */
export function shouldRetry(failure: CallFailure, attempt: number, maxAttempts: number): boolean {
  if (attempt + 1 >= maxAttempts) return false;
  switch (failure.kind) {
    case "step-error":
      return true;
    case "function-error":
      return !(failure.noRetryHeader ?? (failure.status >= 400 && failure.status < 500));
    case "call-failed":
      return failure.retriable;
  }
}

/** Milliseconds before the next attempt: the app's `retry-after` when it sent one, else the back-off. */
export function retryDelayMs(policy: RetryPolicy, nextAttempt: number, retryAfter: string | undefined, now: number): number {
  const after = retryAfter ? parseRetryAfter(retryAfter, now) : null;
  return after ?? policy.backoffMs(nextAttempt);
}
