// `debounce`: a run starts only once no new event (per key) has arrived for `period`; it gets the
// last event. Each event resets the timer; `timeout` caps the total wait from the first event.
// Inngest (pkg/execution/debounce/debounce.go, redis_state/lua/debounce/updateDebounce.lua):
//   - the first event of a key creates the debounce, due after `period` (after the timeout when
//     that is sooner, rounded to a second);
//   - a later event replaces the stored one and pushes the due time to now + period, but never past
//     the first event + timeout (the remaining time is floored to whole seconds, at least 1 s);
//   - an event whose `ts` is older than the stored event's changes nothing (out of order);
//   - once due, the debounce is gone: the next event starts a new one.
// A key that cannot be evaluated is "<invalid>" (debounce.go debounceKey); without a key
// expression all events share one debounce. This file reports the due time itself; the run starts
// DEBOUNCE_START_DELAY_MS later, and an event in between still updates the debounce. Pure: the
// caller passes `now` and polls `due`.

import { evaluateKey } from "./flow-key";
import type { FunctionOptions } from "./function-options";

export type DebounceConfig = NonNullable<FunctionOptions["debounce"]>;

export interface DebouncedRun<E> {
  key: string;
  /** The event the run starts with: the last one received. */
  event: E;
  dueAt: number;
  /** How many events this debounce absorbed, the started one included. */
  events: number;
}

export interface DebounceUpdate {
  dueAt: number;
  /** "new": first event for the key; "updated": replaced the stored event; "out-of-order": ignored. */
  outcome: "new" | "updated" | "out-of-order";
}

export function debounceKey(config: DebounceConfig, event: unknown): string {
  if (config.key === undefined) return "";
  const outcome = evaluateKey(config.key, event);
  return outcome.ok ? outcome.text : "<invalid>";
}

interface Pending<E> {
  event: E;
  eventTs: number;
  dueAt: number;
  /** First event + timeout, when a timeout is set. */
  deadline?: number;
  events: number;
}

const SECOND = 1000;

/**
 * Inngest enqueues a debounce's start at the due time + 50 ms + 1 s ("the extra second lets an
 * updateDebounce call on TTL 0 finish": debounce.go newDebounce and updateDebounce).
 */
export const DEBOUNCE_START_DELAY_MS = 50 + SECOND;

function tsOf(event: unknown, now: number): number {
  const ts = (event as { ts?: unknown } | null)?.ts;
  return typeof ts === "number" ? ts : now;
}

export class Debouncer<E = unknown> {
  private readonly pending = new Map<string, Pending<E>>();
  /** The Inngest event an item carries (the item itself by default): its `ts` orders the events. */
  private readonly eventOf: (item: E) => unknown;

  constructor(
    private readonly config: DebounceConfig,
    options: { eventOf?: (item: E) => unknown } = {},
  ) {
    this.eventOf = options.eventOf ?? ((item) => item);
  }

  onEvent(key: string, event: E, now: number): DebounceUpdate {
    const { periodMs, timeoutMs } = this.config;
    const existing = this.pending.get(key);
    if (!existing) {
      const deadline = timeoutMs === undefined ? undefined : now + timeoutMs;
      let ttl = periodMs;
      if (deadline !== undefined && ttl > deadline - now) ttl = Math.max(SECOND, Math.round((deadline - now) / SECOND) * SECOND);
      const created: Pending<E> = { event, eventTs: tsOf(this.eventOf(event), now), dueAt: now + ttl, events: 1, ...(deadline !== undefined ? { deadline } : {}) };
      this.pending.set(key, created);
      return { dueAt: created.dueAt, outcome: "new" };
    }
    const eventTs = tsOf(this.eventOf(event), now);
    if (existing.eventTs > eventTs) return { dueAt: existing.dueAt, outcome: "out-of-order" };
    let ttl = periodMs;
    if (existing.deadline !== undefined && now + ttl > existing.deadline) {
      ttl = Math.max(SECOND, Math.floor((existing.deadline - now) / SECOND) * SECOND);
    }
    existing.event = event;
    existing.eventTs = eventTs;
    existing.dueAt = now + ttl;
    existing.events++;
    return { dueAt: existing.dueAt, outcome: "updated" };
  }

  /** The debounces due at `now`, removed: one run each, with its last event. Earliest first. */
  due(now: number): DebouncedRun<E>[] {
    const ready: DebouncedRun<E>[] = [];
    for (const [key, p] of this.pending) {
      if (p.dueAt > now) continue;
      ready.push({ key, event: p.event, dueAt: p.dueAt, events: p.events });
      this.pending.delete(key);
    }
    return ready.sort((a, b) => a.dueAt - b.dueAt);
  }

  /** When the next debounce is due, for the caller's timer; null when none is pending. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const p of this.pending.values()) if (next === null || p.dueAt < next) next = p.dueAt;
    return next;
  }
}
