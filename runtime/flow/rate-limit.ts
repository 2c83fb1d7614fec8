// `rateLimit`: at most `limit` runs per `period` (per key) start; an event over the limit starts no
// run at all — it is skipped, not delayed. Inngest evaluates it when the event arrives
// (pkg/execution/ratelimit): GCRA with a burst of limit/10 (ratelimit_lua.go), so the runs are
// spread over the period rather than counted in fixed windows. A key that evaluates to false (as
// a missing field does) means the event is not rate limited (ratelimit.go ErrNotRateLimited).
// Pure: the caller passes `now`.

import { formatDuration } from "../duration";
import { evaluateKey } from "./flow-key";
import type { FunctionOptions } from "./function-options";
import { gcra } from "./gcra";

export type RateLimitConfig = NonNullable<FunctionOptions["rateLimit"]>;

export type RateLimitKey = { limited: true; key: string } | { limited: false; reason: string };

export type RateLimitDecision = { accept: true } | { accept: false; reason: string; nextAcceptedAt: number };

/** Which bucket an event counts against, or why it is not rate limited at all. */
export function rateLimitKey(config: RateLimitConfig, event: unknown): RateLimitKey {
  if (config.key === undefined) return { limited: true, key: "" };
  const outcome = evaluateKey(config.key, event);
  if (!outcome.ok) return { limited: false, reason: `rate limit key could not be evaluated (${outcome.error}); Inngest does not rate limit this event` };
  if (outcome.value === false) return { limited: false, reason: `rate limit key ${config.key} is false for this event; Inngest does not rate limit it` };
  return { limited: true, key: outcome.text };
}

export class RateLimiter {
  private readonly tats = new Map<string, number>();

  constructor(private readonly config: RateLimitConfig) {}

  /** Accept (and count) the event at `now`, or skip it with a reason. */
  check(key: string, now: number): RateLimitDecision {
    const { limit, periodMs } = this.config;
    const decision = gcra({ limit, periodMs, burst: Math.floor(limit / 10) }, this.tats.get(key), now);
    if (decision.admitted) {
      this.tats.set(key, decision.tat);
      return { accept: true };
    }
    const scope = this.config.key === undefined ? "" : ` for key ${JSON.stringify(key)}`;
    return {
      accept: false,
      nextAcceptedAt: decision.retryAt,
      reason: `skipped: rate limit of ${limit} per ${formatDuration(periodMs)} reached${scope}; the next event is accepted from ${new Date(decision.retryAt).toISOString()}`,
    };
  }
}
