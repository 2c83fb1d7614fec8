// `throttle`: how many runs of a function (per key) may *start* in a period; the others wait, in
// arrival order, and start later — none is dropped. Inngest applies it when it leases a run's first queue
// item (pkg/execution/queue/item.go GetThrottleConfig, pkg/constraintapi throttle GCRA): `limit`
// runs per `period`, spread evenly, plus `burst` extra at once. A limit of 0 is read as 1 at sync.
// Pure: the caller passes `now`, arms one timer for `nextDueAt` and starts what `due` gives.

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

/**
 * The GCRA state of each key, and the runs waiting for their start in arrival order: Inngest's
 * throttle is FIFO (docs, guides/throttling: "Throttling is FIFO"; the run's first queue item
 * waits in its function's queue), so a run never starts before one of its key that came first.
 */
export class Throttle<W = string> {
  private readonly tats = new Map<string, number>();
  private readonly queues = new Map<string, W[]>();

  constructor(private readonly config: ThrottleConfig) {}

  /** May a run with this key start at `now`? If so it counts against the limit; if not, when it may. */
  tryStart(key: string, now: number): ThrottleDecision {
    const decision = gcra(this.config, this.tats.get(key), now);
    if (decision.admitted) {
      this.tats.set(key, decision.tat);
      return { start: true };
    }
    return { start: false, startAt: decision.retryAt, reason: this.reason(key, decision.retryAt, 0) };
  }

  /** A run's first call arrives: it starts now, or waits behind the runs of its key that came first. */
  arrive(key: string, waiter: W, now: number): ThrottleDecision {
    const queue = this.queues.get(key) ?? [];
    if (queue.length === 0) {
      const decision = this.tryStart(key, now);
      if (decision.start) return decision;
    }
    queue.push(waiter);
    this.queues.set(key, queue);
    const startAt = this.startAtOf(key, queue.length - 1, now);
    return { start: false, startAt, reason: this.reason(key, startAt, queue.length - 1) };
  }

  /** The waiters that may start at `now`, removed, each key's in arrival order. */
  due(now: number): W[] {
    const started: W[] = [];
    for (const [key, queue] of this.queues) {
      while (queue.length > 0 && this.tryStart(key, now).start) started.push(queue.shift()!);
      if (queue.length === 0) this.queues.delete(key);
    }
    return started;
  }

  /** When the first waiter of any key may start; null when none waits. */
  nextDueAt(now: number): number | null {
    let next: number | null = null;
    for (const key of this.queues.keys()) {
      const at = this.startAtOf(key, 0, now);
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** Removes the waiters `leaving` picks (their runs ended while they waited). */
  withdraw(leaving: (waiter: W) => boolean): W[] {
    const gone: W[] = [];
    for (const [key, queue] of this.queues) {
      const kept = queue.filter((w) => !(leaving(w) && gone.push(w)));
      if (kept.length > 0) this.queues.set(key, kept);
      else this.queues.delete(key);
    }
    return gone;
  }

  /** When the waiter at `position` of the key's queue starts, if none ahead of it leaves: the GCRA played forward. */
  private startAtOf(key: string, position: number, now: number): number {
    let tat = this.tats.get(key);
    let at = now;
    for (let admitted = 0; ; ) {
      const decision = gcra(this.config, tat, at);
      if (!decision.admitted) {
        // Floating-point emission intervals can refuse at retryAt itself: a millisecond later admits.
        at = decision.retryAt > at ? decision.retryAt : at + 1;
        continue;
      }
      if (admitted === position) return at;
      tat = decision.tat;
      admitted++;
    }
  }

  private reason(key: string, startAt: number, ahead: number): string {
    const { limit, periodMs, burst } = this.config;
    const scope = this.config.key === undefined ? "" : ` for key ${JSON.stringify(key)}`;
    const extra = burst > 0 ? ` (+${burst} burst)` : "";
    const queue = ahead > 0 ? ` (${ahead} ahead)` : "";
    return `throttled: ${limit} run${limit === 1 ? "" : "s"} per ${formatDuration(periodMs)}${extra}${scope}; starts at ${new Date(startAt).toISOString()}${queue}`;
  }
}
