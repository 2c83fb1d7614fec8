// `idempotency`: one run per key per 24 hours; later events with the same key start nothing.
// Inngest implements it as a rate limit of 1 per 24h keyed by the expression (pkg/sdk/function.go
// SDKFunction.Function), which also replaces any `rateLimit` the function sets; a key that
// evaluates to false (a missing field) is not deduplicated. Pure: the caller passes `now`.

import { formatDuration } from "../duration";
import { evaluateKey } from "./flow-key";

export const IDEMPOTENCY_PERIOD_MS = 24 * 3_600_000; // consts.FunctionIdempotencyPeriod

export type IdempotencyKey = { deduplicated: true; key: string } | { deduplicated: false; reason: string };

export type IdempotencyDecision = { start: true } | { start: false; reason: string; firstRunId: string };

export function idempotencyKey(expression: string, event: unknown): IdempotencyKey {
  const outcome = evaluateKey(expression, event);
  if (!outcome.ok) return { deduplicated: false, reason: `idempotency key could not be evaluated (${outcome.error}); the run is not deduplicated` };
  if (outcome.value === false) return { deduplicated: false, reason: `idempotency key ${expression} is false for this event; the run is not deduplicated` };
  return { deduplicated: true, key: outcome.text };
}

export class IdempotencyKeys {
  private readonly first = new Map<string, { at: number; runId: string }>();

  /** Start a run for this key at `now` (recording `runId` as its holder), or skip it. */
  check(key: string, runId: string, now: number): IdempotencyDecision {
    const held = this.first.get(key);
    if (held && now < held.at + IDEMPOTENCY_PERIOD_MS) {
      return {
        start: false,
        firstRunId: held.runId,
        reason: `skipped: idempotency key ${JSON.stringify(key)} already started run ${held.runId} within ${formatDuration(IDEMPOTENCY_PERIOD_MS)}`,
      };
    }
    this.first.set(key, { at: now, runId });
    return { start: true };
  }
}
