// `throttle`: how many runs of a function (per key) may *start* in a period; the others wait, in
// order, and start later — none is dropped. Inngest applies it when it leases a run's first queue
// item (pkg/execution/queue/item.go GetThrottleConfig, pkg/constraintapi throttle GCRA): `limit`
// runs per `period`, spread evenly, plus `burst` extra at once. A limit of 0 is read as 1 at sync.
// Pure: the caller passes `now` and keeps the waiting runs; this file only says "now" or "at".

import { formatDuration } from "../duration";
import { evaluateKey } from "./flow-key";
import type { FunctionOptions } from "./function-options";
import { gcra } from "./gcra";

export type ThrottleConfig = NonNullable<FunctionOptions["throttle"]>;

export type ThrottleDecision = { start: true } | { start: false; startAt: number; reason: string };

/** The throttle key of a run: "" without a key expression; Go's %v of the value (false when the field is missing). */
export function throttleKey(config: ThrottleConfig, event: unknown): string {
  if (config.key === undefined) return "";
  const outcome = evaluateKey(config.key, event);
  // queue/item.go: an evaluation error leaves the value nil, which %v prints as <nil>.
  return outcome.ok ? outcome.text : "<nil>";
}

export class Throttle {
  private readonly tats = new Map<string, number>();

  constructor(private readonly config: ThrottleConfig) {}

  /** May a run with this key start at `now`? If so it counts against the limit; if not, when it may. */
  tryStart(key: string, now: number): ThrottleDecision {
    const decision = gcra(this.config, this.tats.get(key), now);
    if (decision.admitted) {
      this.tats.set(key, decision.tat);
      return { start: true };
    }
    const { limit, periodMs, burst } = this.config;
    const scope = this.config.key === undefined ? "" : ` for key ${JSON.stringify(key)}`;
    const extra = burst > 0 ? ` (+${burst} burst)` : "";
    return {
      start: false,
      startAt: decision.retryAt,
      reason: `throttled: ${limit} run${limit === 1 ? "" : "s"} per ${formatDuration(periodMs)}${extra}${scope}; starts at ${new Date(decision.retryAt).toISOString()}`,
    };
  }
}
