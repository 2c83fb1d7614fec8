// When to try a failed work item again (PROTOCOL.md §7).
export interface RetryPolicy {
  /** Delay before attempt `nextAttempt` (1 for the first retry). */
  backoffMs(nextAttempt: number): number;
}

/** Exponential back-off: base, 2×base, 4×base… capped. Inngest's own starts near 10 s; locally shorter is kinder. */
export function exponentialBackoff(baseMs = 1000, capMs = 60_000): RetryPolicy {
  return { backoffMs: (n) => Math.min(capMs, baseMs * 2 ** Math.max(0, n - 1)) };
}
