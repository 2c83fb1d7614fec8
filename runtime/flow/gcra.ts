// The generic cell rate algorithm Inngest uses for both `throttle` and `rateLimit`
// (pkg/execution/ratelimit/lua/ratelimit.lua and pkg/constraintapi/lua/helper/gcra.lua): the
// period is split into `limit` emission intervals; a key's state is its theoretical arrival time
// (tat). A request is admitted while tat is at most `burst` intervals ahead of now, and each
// admission moves tat one interval further (from now, when tat lies in the past).

export interface GcraConfig {
  limit: number;
  periodMs: number;
  burst: number;
}

export type GcraDecision = { admitted: true; tat: number } | { admitted: false; retryAt: number };

/** Whether a request at `now` is admitted given the key's `tat` (undefined: never used), and the new tat. */
export function gcra(config: GcraConfig, tat: number | undefined, now: number): GcraDecision {
  const limit = Math.max(config.limit, 1);
  const emission = config.periodMs / limit;
  const current = tat ?? now;
  // gcraCapacity: remaining = floor((dvt - (tat - now)) / emission) with dvt = emission * (burst + 1).
  if (current - now <= config.burst * emission) return { admitted: true, tat: Math.max(current, now) + emission };
  // retry_at = allow_at = tat + emission - dvt
  return { admitted: false, retryAt: current - config.burst * emission };
}
