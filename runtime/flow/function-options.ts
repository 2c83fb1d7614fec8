// A synced function config (PROTOCOL.md §2.1) read into typed flow-control options, with the checks
// Inngest makes when it accepts the config at sync. Sources: pkg/inngest/function.go Validate,
// concurrency.go, batch.go, trigger.go, pkg/sdk/function.go (how the SDK payload becomes a Function)
// and pkg/consts/consts.go (the bounds).
//
// `problems` are what Inngest rejects (the sync fails there); `warnings` are what Inngest accepts
// but silently ignores or reads differently from what the user probably meant. Each is one line
// naming the function and the option.

import { validateCron } from "../cron";
import { formatDuration, parseGoDuration } from "../duration";
import { validateExpression } from "../expression";

export type ConcurrencyScope = "fn" | "env" | "account";

export interface ConcurrencyLimitOption {
  /** 0 means no limit of its own (Inngest falls back to the account's limit). */
  limit: number;
  scope: ConcurrencyScope;
  key?: string;
}

export type TriggerOption =
  | { kind: "event"; event: string; expression?: string }
  | { kind: "cron"; cron: string; jitterMs: number };

export interface FunctionOptions {
  functionId: string;
  triggers: TriggerOption[];
  /** Sorted by limit, smallest first, as Inngest stores them. Empty when the function sets none. */
  concurrency: ConcurrencyLimitOption[];
  throttle?: { limit: number; periodMs: number; burst: number; key?: string };
  /** The rate limit in force: `idempotency` becomes { limit 1, period 24h, key } and replaces `rateLimit`. */
  rateLimit?: { limit: number; periodMs: number; key?: string };
  idempotency?: string;
  debounce?: { periodMs: number; key?: string; timeoutMs?: number };
  batchEvents?: { maxSize: number; timeoutMs: number; key?: string; if?: string };
  singleton?: { mode: "skip" | "cancel"; key?: string };
  cancel: Array<{ event: string; if?: string; timeoutMs?: number }>;
  priority?: { run?: string };
  timeouts?: { startMs?: number; finishMs?: number };
}

export interface ParsedFunctionOptions {
  options: FunctionOptions;
  problems: string[];
  warnings: string[];
}

export const LIMITS = {
  maxConcurrencyLimits: 2, // consts.MaxConcurrencyLimits
  maxCancellations: 5, // consts.MaxCancellations
  maxTriggers: 10, // consts.MaxTriggers
  minDebouncePeriodMs: 1000, // consts.MinDebouncePeriod
  maxDebouncePeriodMs: 7 * 24 * 3_600_000, // consts.MaxDebouncePeriod
  maxRateLimitPeriodMs: 24 * 3_600_000, // consts.FunctionIdempotencyPeriod
  idempotencyPeriodMs: 24 * 3_600_000,
  minBatchTimeoutMs: 1000, // batch.go IsValid
  minBatchSize: 2,
  minCronJitterMs: 1000, // trigger.go MinCronJitter
  maxCronJitterMs: 5 * 60_000, // trigger.go MaxCronJitter
} as const;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

class Reader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly functionId: string) {}

  problem(option: string, text: string): void {
    this.problems.push(`function "${this.functionId}": ${option} ${text}`);
  }

  warn(option: string, text: string): void {
    this.warnings.push(`function "${this.functionId}": ${option} ${text}`);
  }

  /** An expression option: kept when Inngest accepts it, a problem when it does not. */
  expression(option: string, value: unknown, policy: "default" | "cancel" = "default"): string | undefined {
    if (value === undefined || value === null) return undefined;
    const reason = validateExpression(value, policy);
    if (reason === null) return value as string;
    this.problem(option, `${show(value)} is not a valid expression: ${reason}`);
    return undefined;
  }

  /** A non-negative whole number, as Go's JSON decoding into an int/uint requires. */
  count(option: string, value: unknown, fallback?: number): number | undefined {
    if (value === undefined || value === null) return fallback;
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    this.problem(option, `${show(value)} must be a whole number of 0 or more`);
    return undefined;
  }

  /** A period in str2duration's syntax (or Go's with days: false); a problem when Inngest cannot read it. */
  duration(option: string, value: unknown, { days = true, required = true } = {}): number | undefined {
    if (value === undefined || value === null || value === "") {
      if (required) this.problem(option, "must be specified");
      return undefined;
    }
    try {
      if (typeof value !== "string") throw new Error("it must be a string");
      return parseGoDuration(value, { days });
    } catch (err) {
      const units = days ? `"30s", "5m", "1h30m", "2d", "1w"` : `"30s", "5m", "1h30m" (Go units: no d or w)`;
      this.problem(option, `${show(value)} is not a duration Inngest reads (${(err as Error).message}) — write it like ${units}`);
      return undefined;
    }
  }

  /** A duration Inngest parses but ignores when it cannot (timeouts, debounce.timeout, cancel timeout). */
  lenientDuration(option: string, value: unknown): number | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    try {
      return parseGoDuration(String(value));
    } catch (err) {
      this.warn(option, `${show(value)} is not a duration Inngest reads (${(err as Error).message}), so Inngest ignores it`);
      return undefined;
    }
  }

  within(option: string, text: unknown, ms: number | undefined, min: number | null, max: number | null): void {
    if (ms === undefined) return;
    if (min !== null && ms < min) this.problem(option, `${show(text)} is below Inngest's minimum of ${formatDuration(min)}`);
    if (max !== null && ms > max) this.problem(option, `${show(text)} is above Inngest's maximum of ${formatDuration(max)}`);
  }
}

function readConcurrency(r: Reader, raw: unknown): ConcurrencyLimitOption[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw === "number") {
    const limit = r.count("concurrency", raw);
    return limit === undefined ? [] : [{ limit, scope: "fn" }];
  }
  const items = Array.isArray(raw) ? raw : [raw];
  if (!isRecord(raw) && !Array.isArray(raw)) {
    r.problem("concurrency", `${show(raw)} must be a number, an object { limit, key?, scope? } or a list of them`);
    return [];
  }
  if (items.length > LIMITS.maxConcurrencyLimits) {
    r.problem("concurrency", `has ${items.length} limits; Inngest allows at most ${LIMITS.maxConcurrencyLimits}`);
  }
  const limits: ConcurrencyLimitOption[] = [];
  items.forEach((item, i) => {
    const name = Array.isArray(raw) ? `concurrency[${i}]` : "concurrency";
    if (!isRecord(item)) {
      r.problem(name, `${show(item)} must be an object { limit, key?, scope? }`);
      return;
    }
    const limit = r.count(`${name}.limit`, item.limit, 0);
    const scope = (item.scope ?? "fn") as ConcurrencyScope;
    if (!["fn", "env", "account"].includes(scope)) {
      r.problem(`${name}.scope`, `${show(item.scope)} must be "fn", "env" or "account"`);
      return;
    }
    const key = r.expression(`${name}.key`, item.key);
    if (scope !== "fn" && item.key === undefined) r.problem(name, `with scope "${scope}" needs a key (Inngest: "A concurrency key must be specified for ${scope} scoped limits")`);
    if (limit === undefined) return;
    limits.push(key === undefined ? { limit, scope } : { limit, scope, key });
  });
  // concurrency.go UnmarshalJSON sorts by limit, increasing; the sort is stable for equal limits.
  return limits.sort((a, b) => a.limit - b.limit);
}

function readTriggers(r: Reader, raw: unknown): TriggerOption[] {
  if (!Array.isArray(raw)) return [];
  if (raw.length > LIMITS.maxTriggers) r.problem("triggers", `has ${raw.length} triggers; Inngest allows at most ${LIMITS.maxTriggers}`);
  const triggers: TriggerOption[] = [];
  const seen = new Set<string>();
  for (const item of raw) {
    if (!isRecord(item)) continue;
    const identity = JSON.stringify(item);
    if (seen.has(identity)) r.problem("triggers", `list ${show(item.event ?? item.cron)} twice`);
    seen.add(identity);
    if (typeof item.cron === "string") {
      const reason = validateCron(item.cron);
      if (reason) r.problem("cron trigger", reason);
      const jitterMs = item.jitter === undefined || String(item.jitter).trim() === "" ? 0 : r.duration(`cron trigger ${show(item.cron)} jitter`, item.jitter);
      if (jitterMs !== undefined && jitterMs > 0) r.within(`cron trigger ${show(item.cron)} jitter`, item.jitter, jitterMs, LIMITS.minCronJitterMs, LIMITS.maxCronJitterMs);
      if (!reason) triggers.push({ kind: "cron", cron: item.cron, jitterMs: jitterMs ?? 0 });
    } else if (typeof item.event === "string" && item.event !== "") {
      const expression = r.expression(`trigger ${show(item.event)} expression`, item.expression);
      triggers.push(expression === undefined ? { kind: "event", event: item.event } : { kind: "event", event: item.event, expression });
    } else {
      r.problem("triggers", `${show(item)} must name an event or a cron schedule`);
    }
  }
  return triggers;
}

/** Reads a function config as the SDK sends it at sync; `functionId` names it in messages (default: its `id`). */
export function parseFunctionOptions(raw: unknown, functionId?: string): ParsedFunctionOptions {
  const config: Raw = isRecord(raw) ? raw : {};
  const id = functionId ?? (typeof config.id === "string" ? config.id : "?");
  const r = new Reader(id);
  const options: FunctionOptions = {
    functionId: id,
    triggers: readTriggers(r, config.triggers),
    concurrency: readConcurrency(r, config.concurrency),
    cancel: [],
  };

  if (isRecord(config.throttle)) {
    const t = config.throttle;
    // function.go Throttle.UnmarshalJSON: a limit of 0 becomes 1; the period must parse; the key is not checked.
    const limit = r.count("throttle.limit", t.limit, 0);
    const periodMs = r.duration("throttle.period", t.period);
    const burst = r.count("throttle.burst", t.burst, 0);
    if (t.key !== undefined && validateExpression(t.key) !== null) {
      r.warn("throttle.key", `${show(t.key)} is not a valid expression (${validateExpression(t.key)}); Inngest accepts it and throttles every run under one key`);
    }
    if (limit !== undefined && periodMs !== undefined && burst !== undefined) {
      options.throttle = { limit: limit === 0 ? 1 : limit, periodMs, burst, ...(typeof t.key === "string" && validateExpression(t.key) === null ? { key: t.key } : {}) };
    }
  }

  if (isRecord(config.rateLimit)) {
    const rl = config.rateLimit;
    const limit = r.count("rateLimit.limit", rl.limit);
    if (limit === 0 || limit === undefined) r.problem("rateLimit.limit", `${show(rl.limit)} must be greater than 0`);
    const key = r.expression("rateLimit.key", rl.key);
    const periodMs = r.duration("rateLimit.period", rl.period);
    r.within("rateLimit.period", rl.period, periodMs, null, LIMITS.maxRateLimitPeriodMs);
    if (limit && periodMs !== undefined) options.rateLimit = { limit, periodMs, ...(key ? { key } : {}) };
  }

  if (config.idempotency !== undefined && config.idempotency !== null) {
    // pkg/sdk/function.go: idempotency is a rate limit of 1 per 24h keyed by the expression, and replaces rateLimit.
    const key = r.expression("idempotency", config.idempotency);
    if (key !== undefined) {
      if (options.rateLimit) r.warn("idempotency", "replaces rateLimit, as Inngest applies idempotency as a rate limit of 1 per 24h");
      options.idempotency = key;
      options.rateLimit = { limit: 1, periodMs: LIMITS.idempotencyPeriodMs, key };
    }
  }

  if (isRecord(config.debounce)) {
    const d = config.debounce;
    const key = d.key === "" ? undefined : r.expression("debounce.key", d.key);
    const periodMs = r.duration("debounce.period", d.period);
    r.within("debounce.period", d.period, periodMs, LIMITS.minDebouncePeriodMs, LIMITS.maxDebouncePeriodMs);
    const timeoutMs = r.lenientDuration("debounce.timeout", d.timeout);
    if (periodMs !== undefined) options.debounce = { periodMs, ...(key ? { key } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  }

  if (isRecord(config.batchEvents)) {
    const b = config.batchEvents;
    const maxSize = r.count("batchEvents.maxSize", b.maxSize, 0);
    if (maxSize !== undefined && maxSize < LIMITS.minBatchSize) r.problem("batchEvents.maxSize", `${maxSize} is below Inngest's minimum of ${LIMITS.minBatchSize}`);
    // batch.go reads the timeout with time.ParseDuration: Go units only.
    const timeoutMs = r.duration("batchEvents.timeout", b.timeout, { days: false });
    r.within("batchEvents.timeout", b.timeout, timeoutMs, LIMITS.minBatchTimeoutMs, null);
    const key = r.expression("batchEvents.key", b.key);
    const condition = r.expression("batchEvents.if", b.if);
    if (maxSize !== undefined && timeoutMs !== undefined) {
      options.batchEvents = { maxSize, timeoutMs, ...(key ? { key } : {}), ...(condition ? { if: condition } : {}) };
    }
  }

  if (isRecord(config.singleton)) {
    const s = config.singleton;
    if (s.mode !== "skip" && s.mode !== "cancel") {
      r.problem("singleton.mode", `${show(s.mode)} must be "skip" or "cancel"`);
    } else {
      const key = s.key === undefined ? undefined : validateExpression(s.key) === null ? (s.key as string) : undefined;
      if (s.key !== undefined && key === undefined) {
        r.warn("singleton.key", `${show(s.key)} is not a valid expression (${validateExpression(s.key)}); Inngest accepts it and ignores the singleton`);
      }
      options.singleton = { mode: s.mode, ...(key ? { key } : {}) };
    }
  }

  if (Array.isArray(config.cancel)) {
    if (config.cancel.length > LIMITS.maxCancellations) {
      r.problem("cancelOn", `has ${config.cancel.length} entries; Inngest allows at most ${LIMITS.maxCancellations}`);
    }
    config.cancel.forEach((c, i) => {
      if (!isRecord(c) || typeof c.event !== "string") {
        r.problem(`cancelOn[${i}]`, `${show(c)} must name an event`);
        return;
      }
      const condition = r.expression(`cancelOn[${i}].if`, c.if, "cancel");
      const timeoutMs = r.lenientDuration(`cancelOn[${i}].timeout`, c.timeout);
      if (c.if !== undefined && condition === undefined) return;
      options.cancel.push({ event: c.event, ...(condition ? { if: condition } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    });
  }

  if (isRecord(config.priority)) {
    const run = r.expression("priority.run", config.priority.run);
    options.priority = run ? { run } : {};
  }

  if (isRecord(config.timeouts)) {
    const startMs = r.lenientDuration("timeouts.start", config.timeouts.start);
    const finishMs = r.lenientDuration("timeouts.finish", config.timeouts.finish);
    options.timeouts = { ...(startMs !== undefined ? { startMs } : {}), ...(finishMs !== undefined ? { finishMs } : {}) };
  }

  // function.go Validate: combinations Inngest refuses.
  if (isRecord(config.batchEvents)) {
    if (Array.isArray(config.cancel) && config.cancel.length > 0) r.problem("batchEvents", `cannot be combined with cancelOn (Inngest: "Batching and cancellation are mutually exclusive")`);
    if (config.debounce !== undefined && config.debounce !== null) r.problem("batchEvents", `cannot be combined with debounce (Inngest: "Batching and debouncing are mutually exclusive")`);
    if (config.singleton !== undefined && config.singleton !== null) r.problem("batchEvents", `cannot be combined with singleton (Inngest: "Batching and singletons are mutually exclusive")`);
    if (isRecord(config.priority) && config.priority.run !== undefined) r.problem("priority.run", `cannot be combined with batchEvents (Inngest: "A function cannot specify Priority.Run and Batch together")`);
  }

  return { options, problems: r.problems, warnings: r.warnings };
}
