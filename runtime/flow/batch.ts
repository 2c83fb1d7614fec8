// `batchEvents`: events (per key) are collected and one run starts with the whole list when
// `maxSize` events have arrived or `timeout` has passed since the batch's first event, whichever
// comes first. Inngest (pkg/execution/batch, lua/append.lua; runner.go for `if`):
//   - an event whose `if` is not true (false, or an error) is not batched: it starts a run of its
//     own at once;
//   - an event ID already appended is ignored (the batch idempotence set);
//   - a full batch starts at once and the next event opens a new batch; full is `maxSize` events or
//     10 MiB of events (redis.go defaultBatchSizeLimit, measured with MEMORY USAGE: here the
//     events' JSON bytes), whichever comes first;
//   - the batch key is Go's %v of the key expression; without a key all events share one batch.
// Pure: the caller passes `now` and polls `due`.

import { compileCondition } from "../expression";
import { evaluateKey } from "./flow-key";
import type { FunctionOptions } from "./function-options";

export type BatchConfig = NonNullable<FunctionOptions["batchEvents"]>;

/** pkg/execution/batch/redis.go defaultBatchSizeLimit. */
export const BATCH_SIZE_LIMIT_BYTES = 10 * 1024 * 1024;

export interface EventBatch<E> {
  key: string;
  events: E[];
  /** "full": reached maxSize; "maxsize": reached the size in bytes; "timeout": its time ran out; "unbatched": its `if` was not true. */
  reason: "full" | "maxsize" | "timeout" | "unbatched";
}

export type BatchAppend<E> =
  | { outcome: "appended"; dueAt: number }
  | { outcome: "duplicate" }
  | { outcome: "start"; batch: EventBatch<E> };

export function batchKey(config: BatchConfig, event: unknown): string {
  if (config.key === undefined) return "default"; // batch/redis.go batchKey
  const outcome = evaluateKey(config.key, event);
  return outcome.ok ? outcome.text : "<invalid>";
}

interface OpenBatch<E> {
  events: E[];
  bytes: number;
  dueAt: number;
}

function idOf(event: unknown): string | undefined {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

export interface BatcherOptions<E> {
  /** The Inngest event an item carries (the item itself by default). */
  eventOf?: (item: E) => unknown;
  sizeLimitBytes?: number;
}

export class Batcher<E = unknown> {
  private readonly open = new Map<string, OpenBatch<E>>();
  private readonly seen = new Set<string>();
  private readonly eventOf: (item: E) => unknown;
  private readonly sizeLimitBytes: number;

  constructor(
    private readonly config: BatchConfig,
    options: BatcherOptions<E> = {},
  ) {
    this.eventOf = options.eventOf ?? ((item) => item);
    this.sizeLimitBytes = options.sizeLimitBytes ?? BATCH_SIZE_LIMIT_BYTES;
  }

  /** Whether this item's event is batched at all (the `if` condition). */
  eligible(item: E): boolean {
    if (this.config.if === undefined) return true;
    return compileCondition(this.config.if)({ event: this.eventOf(item) }).matched;
  }

  add(key: string, item: E, now: number): BatchAppend<E> {
    if (!this.eligible(item)) return { outcome: "start", batch: { key, events: [item], reason: "unbatched" } };
    const event = this.eventOf(item);
    const id = idOf(event);
    if (id !== undefined) {
      if (this.seen.has(id)) return { outcome: "duplicate" };
      this.seen.add(id);
    }
    let batch = this.open.get(key);
    if (!batch) {
      batch = { events: [], bytes: 0, dueAt: now + this.config.timeoutMs };
      this.open.set(key, batch);
    }
    batch.events.push(item);
    batch.bytes += Buffer.byteLength(JSON.stringify(event) ?? "");
    const full = batch.events.length >= this.config.maxSize ? "full" : batch.bytes >= this.sizeLimitBytes ? "maxsize" : undefined;
    if (full) {
      this.open.delete(key);
      return { outcome: "start", batch: { key, events: batch.events, reason: full } };
    }
    return { outcome: "appended", dueAt: batch.dueAt };
  }

  /** Batches whose timeout has passed at `now`, removed; earliest first. */
  due(now: number): EventBatch<E>[] {
    const ready: Array<EventBatch<E> & { dueAt: number }> = [];
    for (const [key, b] of this.open) {
      if (b.dueAt > now) continue;
      ready.push({ key, events: b.events, reason: "timeout", dueAt: b.dueAt });
      this.open.delete(key);
    }
    return ready.sort((a, b) => a.dueAt - b.dueAt).map(({ key, events, reason }) => ({ key, events, reason }));
  }

  nextDueAt(): number | null {
    let next: number | null = null;
    for (const b of this.open.values()) if (next === null || b.dueAt < next) next = b.dueAt;
    return next;
  }
}
