// The key a flow-control option groups runs by: its expression evaluated against the event alone
// (Inngest passes `{ event }` to every key: concurrency.go, queue/item.go GetThrottleConfig,
// ratelimit.go, debounce.go, batch/redis.go, singleton.go), turned into text the way Go's
// fmt.Sprintf("%v") does. A field missing from the event makes the whole key `false`.

import { compileValue, formatKey } from "../expression";

export type KeyOutcome = { ok: true; value: unknown; text: string } | { ok: false; error: string };

/** Evaluates a key expression (already validated at sync) for one event. */
export function evaluateKey(expression: string, event: unknown, now?: number): KeyOutcome {
  const result = compileValue(expression)({ event }, now);
  if (result.error !== undefined) return { ok: false, error: result.error };
  return { ok: true, value: result.value, text: formatKey(result.value) };
}

