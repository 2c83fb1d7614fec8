// `concurrency`: how many of a function's steps may execute at once, per limit. In Inngest every
// queue item of a run — the discovery request and each step request — holds a slot while it is
// being executed; a sleeping run or one waiting for an event holds none (docs "Concurrency": it
// limits steps executing, not runs). A function may set up to two limits; each is
//   - scope "fn" without a key: the function's own limit,
//   - scope "fn" with a key: one limit per distinct key value within the function,
//   - scope "env" / "account" with a key: one limit per key value shared by every function that
//     uses the same value in that environment or account (pkg/inngest/concurrency.go, util.ConcurrencyKey).
// A limit of 0 adds no limit of its own. Keys are evaluated once per run, against its event.
// Waiters are served in queue order (priority.ts: run start time minus the priority factor, then
// arrival). A slot is held until released, however long that is: a run paused on a breakpoint
// keeps its slot, as a slow step would in production. Pure: no timers; the caller asks again
// after a release.

import { evaluateKey } from "./flow-key";
import type { ConcurrencyLimitOption } from "./function-options";
import { compareQueued } from "./priority";

export interface ConcurrencySlot {
  /** Identity of the counter: runs with equal slots share the limit. */
  id: string;
  limit: number;
  /** How the slot reads in a message: `concurrency 1 of 1`, `concurrency 2 of 2 for key "u_1"`. */
  label: string;
}

export interface ConcurrencyRequest {
  /** One queue item: e.g. `${runId}:${callId}`. Asking again with the same id keeps its place. */
  id: string;
  runId: string;
  /** What the item runs, for messages: a step ID, or "discovery". */
  label: string;
  slots: readonly ConcurrencySlot[];
  /** priority.ts queueScore of the item's run. */
  score: number;
}

export interface ConcurrencyLease {
  readonly requestId: string;
  readonly runId: string;
  readonly label: string;
  readonly slots: readonly string[];
}

export type ConcurrencyDecision =
  | { granted: true; lease: ConcurrencyLease }
  | { granted: false; reason: string; slot: string };

/** The slots a run's items count against, from the function's limits and the run's event. */
export function concurrencySlots(functionId: string, limits: readonly ConcurrencyLimitOption[], event: unknown): ConcurrencySlot[] {
  const slots: ConcurrencySlot[] = [];
  for (const limit of limits) {
    if (limit.limit <= 0) continue;
    if (limit.key === undefined) {
      slots.push({ id: `fn:${functionId}`, limit: limit.limit, label: `concurrency` });
      continue;
    }
    // concurrency.go Evaluate: an error or a missing field leaves the value false.
    const outcome = evaluateKey(limit.key, event);
    const text = outcome.ok ? outcome.text : "false";
    const owner = limit.scope === "fn" ? `fn:${functionId}` : limit.scope;
    const where = limit.scope === "fn" ? "" : ` (${limit.scope} scope)`;
    slots.push({ id: `${owner}:key:${text}`, limit: limit.limit, label: `concurrency for key ${JSON.stringify(text)}${where}` });
  }
  return slots;
}

interface Waiter {
  request: ConcurrencyRequest;
  sequence: number;
}

export class ConcurrencyLimiter {
  private readonly held = new Map<string, ConcurrencyLease[]>();
  private readonly waiters = new Map<string, Waiter>();
  private sequence = 0;

  /**
   * Takes a slot in every limit for this item, or says why not. A refused request waits in queue
   * order: a later or lower-priority request cannot take a slot an earlier waiter needs.
   */
  tryAcquire(request: ConcurrencyRequest): ConcurrencyDecision {
    const waiter = this.waiters.get(request.id) ?? { request, sequence: this.sequence++ };
    waiter.request = request;
    for (const slot of request.slots) {
      const holders = this.held.get(slot.id) ?? [];
      const ahead = this.waitingAhead(waiter, slot.id);
      if (holders.length + ahead.length >= slot.limit) {
        this.waiters.set(request.id, waiter);
        return { granted: false, slot: slot.id, reason: refusal(slot, holders, ahead) };
      }
    }
    this.waiters.delete(request.id);
    const lease: ConcurrencyLease = { requestId: request.id, runId: request.runId, label: request.label, slots: request.slots.map((s) => s.id) };
    for (const id of lease.slots) this.held.set(id, [...(this.held.get(id) ?? []), lease]);
    return { granted: true, lease };
  }

  /**
   * Grants, in queue order, every waiting request whose slots all have room now (after a
   * release), and returns their leases. In queue order room is all that counts: an earlier
   * waiter still refused for a slot leaves that slot full for the later ones too.
   */
  grantWaiting(): ConcurrencyLease[] {
    const granted: ConcurrencyLease[] = [];
    for (const waiter of [...this.waiters.values()].sort(byQueueOrder)) {
      const { request } = waiter;
      if (!request.slots.every((s) => (this.held.get(s.id)?.length ?? 0) < s.limit)) continue;
      this.waiters.delete(request.id);
      const lease: ConcurrencyLease = { requestId: request.id, runId: request.runId, label: request.label, slots: request.slots.map((s) => s.id) };
      for (const id of lease.slots) this.held.set(id, [...(this.held.get(id) ?? []), lease]);
      granted.push(lease);
    }
    return granted;
  }

  /** Frees the lease's slots (the step finished, failed or was cancelled). */
  release(lease: ConcurrencyLease): void {
    for (const id of lease.slots) {
      const rest = (this.held.get(id) ?? []).filter((l) => l !== lease);
      if (rest.length) this.held.set(id, rest);
      else this.held.delete(id);
    }
  }

  /** Forgets a waiting request (its run was cancelled or finished). */
  withdraw(requestId: string): void {
    this.waiters.delete(requestId);
  }

  /** Waiting requests in the order they will be served. */
  waiting(): ConcurrencyRequest[] {
    return [...this.waiters.values()].sort(byQueueOrder).map((w) => w.request);
  }

  /** Why a waiting request still waits now (after others were granted or released), or undefined if it does not wait. */
  refusalOf(requestId: string): string | undefined {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return undefined;
    for (const slot of waiter.request.slots) {
      const holders = this.held.get(slot.id) ?? [];
      const ahead = this.waitingAhead(waiter, slot.id);
      if (holders.length + ahead.length >= slot.limit) return refusal(slot, holders, ahead);
    }
    return undefined;
  }

  /** Leases holding a slot, oldest first. */
  holders(slotId: string): readonly ConcurrencyLease[] {
    return this.held.get(slotId) ?? [];
  }

  /**
   * Earlier waiters that would take this slot once it frees up: those that need it and are not
   * stuck on another of their limits (a run waiting for its key does not hold back other keys,
   * as Inngest moves it to that key's backlog).
   */
  private waitingAhead(waiter: Waiter, slotId: string): Waiter[] {
    return [...this.waiters.values()].filter(
      (w) =>
        w.request.id !== waiter.request.id &&
        byQueueOrder(w, waiter) < 0 &&
        w.request.slots.some((s) => s.id === slotId) &&
        w.request.slots.every((s) => s.id === slotId || (this.held.get(s.id)?.length ?? 0) < s.limit),
    );
  }
}

function byQueueOrder(a: Waiter, b: Waiter): number {
  return compareQueued({ score: a.request.score, sequence: a.sequence }, { score: b.request.score, sequence: b.sequence });
}

function refusal(slot: ConcurrencySlot, holders: readonly ConcurrencyLease[], ahead: readonly Waiter[]): string {
  const [what, ...rest] = slot.label.split(" ");
  const count = `${what} ${Math.min(holders.length, slot.limit)} of ${slot.limit}${rest.length ? " " + rest.join(" ") : ""}`;
  const by = holders.map((l) => `run ${l.runId} (${l.label === "discovery" ? "discovery" : `step "${l.label}"`})`).join(", ");
  const queue = ahead.length ? `; ${ahead.length} waiting ahead` : "";
  return holders.length ? `queued: ${count} held by ${by}${queue}` : `queued: ${count}, behind ${ahead.length} waiting ahead`;
}
