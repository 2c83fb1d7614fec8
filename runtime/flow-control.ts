// Flow control as Inngest's executor applies it, between an event and a run and between a run and
// each of its calls. The rules live one a file in flow/ (pure, given `now`); this file keeps their
// state per function, arms the timers, and tells the orchestrator what to start, delay or skip.
//
// An event that matches a function (runner.go initialize, executor.go Schedule) goes through:
//   1. its ID: an event ID that already started a run of the function starts none (state.ErrIdentifierExists);
//   2. batchEvents: appended to a batch, which starts one run when full or when its timeout ends;
//   3. rateLimit / idempotency: over the limit, or a key already seen, skips the event;
//   4. debounce: the run starts after the period (and Inngest's start delay), with the last event;
//   5. singleton: skip the event, or cancel the run holding the key;
//   6. the run is created; timeouts.start is armed.
// Each call of a run then waits for its concurrency slots (and a run's first call for throttle),
// in queue order (priority.run). cancelOn and timeouts.finish cancel runs.
import type { Run } from "./run";
import type { RunClock, RunTimer } from "./run-clock";
import { Batcher, batchKey, type EventBatch } from "./flow/batch";
import { matchCancellation } from "./flow/cancellation";
import { ConcurrencyLimiter, concurrencySlots, type ConcurrencyLease, type ConcurrencySlot } from "./flow/concurrency";
import { DEBOUNCE_START_DELAY_MS, Debouncer, debounceKey } from "./flow/debounce";
import { parseFunctionOptions, type FunctionOptions } from "./flow/function-options";
import { IdempotencyKeys, idempotencyKey } from "./flow/idempotency";
import { priorityFactor, queueScore } from "./flow/priority";
import { RateLimiter, rateLimitKey } from "./flow/rate-limit";
import { SingletonLocks, singletonKey } from "./flow/singleton";
import { Throttle, throttleKey } from "./flow/throttle";
import { timeoutDeadline } from "./flow/timeouts";
import type { Call, FunctionConfig, InngestEvent } from "./types";
import { ulid } from "./ulid";

/** What flow control decided for one event and one function. */
export type ScheduleOutcome = { run: Run } | { skipped: string };

export interface ScheduleRequest {
  fn: FunctionConfig;
  event: InngestEvent;
  parentRunId?: string;
}

export interface FlowHost {
  readonly clock: RunClock;
  /** Creates and starts a run that flow control let through. */
  createRun(fn: FunctionConfig, events: InngestEvent[], runId: string, parentRunId: string | undefined, batchId?: string): Run;
  /** Every run this executor knows, running or not. */
  runs(): Iterable<Run>;
  /** A run (or a run to be) waits, and why; null when it no longer waits. */
  waiting(fn: FunctionConfig, runId: string | undefined, reason: string | null): void;
  log(message: string): void;
}

interface FunctionState {
  options: FunctionOptions;
  batcher?: Batcher<Pending>;
  debouncer?: Debouncer<Pending>;
  rateLimiter?: RateLimiter;
  idempotency?: IdempotencyKeys;
  singleton?: SingletonLocks;
  throttle?: Throttle;
  /** For the first waiting run its throttle lets start. */
  throttleTimer?: RunTimer;
  /** Event IDs that started a run of this function (an event ID is its idempotency key). */
  startedEventIds: Set<string>;
  /** The event each debounce key holds now (the last one received). */
  debounced: Map<string, Pending>;
  timer?: RunTimer;
}

/** An event on its way to a run, with whoever waits for the outcome. */
interface Pending {
  event: InngestEvent;
  parentRunId?: string;
  settle: (outcome: ScheduleOutcome) => void;
}

interface RunFlow {
  slots: ConcurrencySlot[];
  score: number;
  throttleKey?: string;
  started: boolean;
  timer?: RunTimer;
}

export class FlowControl {
  private readonly functions = new Map<string, FunctionState>();
  private readonly concurrency = new ConcurrencyLimiter();
  private readonly runFlow = new Map<string, RunFlow>();
  /** Calls waiting for a concurrency slot: granted a lease when one frees up, or undefined when their run ends. */
  private readonly waiters = new Map<string, (lease: ConcurrencyLease | undefined) => void>();
  /** Runs' first calls waiting for their throttle, by request ID: woken with whether they may go. */
  private readonly throttleWaiters = new Map<string, (start: boolean) => void>();

  constructor(private readonly host: FlowHost) {}

  /** Reads every function's flow-control options; returns what Inngest would reject, one line each. */
  configure(functions: FunctionConfig[]): string[] {
    const problems: string[] = [];
    for (const fn of functions) {
      const parsed = parseFunctionOptions(fn.raw, fn.slug);
      problems.push(...parsed.problems);
      for (const warning of parsed.warnings) this.host.log(`stepwise: ${warning}`);
      const o = parsed.options;
      const known = this.functions.get(fn.id);
      known?.timer?.cancel();
      this.functions.set(fn.id, {
        options: o,
        batcher: o.batchEvents ? new Batcher<Pending>(o.batchEvents, { eventOf: (p) => p.event }) : undefined,
        debouncer: o.debounce ? new Debouncer<Pending>(o.debounce, { eventOf: (p) => p.event }) : undefined,
        rateLimiter: o.rateLimit && !o.idempotency ? new RateLimiter(o.rateLimit) : undefined,
        idempotency: o.idempotency ? new IdempotencyKeys() : undefined,
        singleton: o.singleton ? new SingletonLocks(o.singleton) : undefined,
        throttle: o.throttle ? new Throttle(o.throttle) : undefined,
        startedEventIds: known?.startedEventIds ?? new Set(),
        debounced: new Map(),
      });
    }
    return problems;
  }

  optionsOf(fn: FunctionConfig): FunctionOptions | undefined {
    return this.functions.get(fn.id)?.options;
  }

  /** An event matched `fn`: resolves when a run started for it, or when flow control dropped it. */
  schedule(request: ScheduleRequest): Promise<ScheduleOutcome> {
    return new Promise((settle) => this.admitEvent({ event: request.event, parentRunId: request.parentRunId, settle }, request.fn));
  }

  private state(fn: FunctionConfig): FunctionState {
    let state = this.functions.get(fn.id);
    if (!state) {
      this.configure([fn]);
      state = this.functions.get(fn.id)!;
    }
    return state;
  }

  private admitEvent(pending: Pending, fn: FunctionConfig): void {
    const state = this.state(fn);
    const id = pending.event.id;
    if (id && state.startedEventIds.has(id)) {
      pending.settle({ skipped: `skipped: event ${id} already started a run of ${fn.slug} (an event's ID is its idempotency key)` });
      return;
    }
    if (state.batcher && state.options.batchEvents) {
      const appended = state.batcher.add(batchKey(state.options.batchEvents, pending.event), pending, Date.now());
      if (appended.outcome === "duplicate") pending.settle({ skipped: `skipped: event ${id} is already in a batch` });
      else if (appended.outcome === "start") this.startBatch(fn, appended.batch);
      else {
        this.host.waiting(fn, undefined, `batching: ${state.options.batchEvents.maxSize} events or until ${new Date(appended.dueAt).toISOString()}`);
        this.armFunctionTimer(fn);
      }
      return;
    }
    this.afterBatching(fn, [pending]);
  }

  /** A batch that filled up or timed out starts its run; an event its `if` left out runs alone, in no batch. */
  private startBatch(fn: FunctionConfig, batch: EventBatch<Pending>): void {
    this.afterBatching(fn, batch.events, false, batch.reason === "unbatched" ? undefined : ulid());
  }

  /** Rate limit, debounce, singleton, then the run. `batch` holds one event unless batching. */
  private afterBatching(fn: FunctionConfig, batch: Pending[], debounced = false, batchId?: string): void {
    const state = this.state(fn);
    const first = batch[0];
    const runId = ulid();
    const skip = (reason: string) => batch.forEach((p) => p.settle({ skipped: reason }));
    if (!debounced) {
      if (state.idempotency && state.options.idempotency) {
        const key = idempotencyKey(state.options.idempotency, first.event);
        if (key.deduplicated) {
          const decision = state.idempotency.check(key.key, runId, Date.now());
          if (!decision.start) return skip(decision.reason);
        }
      } else if (state.rateLimiter && state.options.rateLimit) {
        const key = rateLimitKey(state.options.rateLimit, first.event);
        if (key.limited) {
          const decision = state.rateLimiter.check(key.key, Date.now());
          if (!decision.accept) return skip(decision.reason);
        }
      }
      if (state.debouncer && state.options.debounce) {
        const key = debounceKey(state.options.debounce, first.event);
        const update = state.debouncer.onEvent(key, first, Date.now());
        if (update.outcome === "out-of-order") return first.settle({ skipped: "skipped: debounced, and a later event is already waiting" });
        // The debounce keeps the last event: the one it replaced starts no run.
        state.debounced.get(key)?.settle({ skipped: `skipped: debounced — event ${first.event.id} came later and replaces it` });
        state.debounced.set(key, first);
        this.host.waiting(fn, undefined, `debounced until ${new Date(update.dueAt + DEBOUNCE_START_DELAY_MS).toISOString()}`);
        this.armFunctionTimer(fn);
        return;
      }
    }
    if (state.singleton && state.options.singleton) {
      const key = singletonKey(state.options.singleton, first.event);
      if (key.singleton) {
        const decision = state.singleton.decide(key.key, runId);
        if (decision.action === "skip") return skip(decision.reason);
        if (decision.action === "cancel-running") this.findRun(decision.runningRunId)?.cancel(decision.reason);
      }
    }
    for (const p of batch) if (p.event.id) state.startedEventIds.add(p.event.id);
    const run = this.host.createRun(fn, batch.map((p) => p.event), runId, first.parentRunId, batchId);
    batch.forEach((p) => p.settle({ run }));
  }

  /** One timer a function, for its next batch timeout or debounce. */
  private armFunctionTimer(fn: FunctionConfig): void {
    const state = this.state(fn);
    state.timer?.cancel();
    const next = Math.min(state.batcher?.nextDueAt() ?? Infinity, (state.debouncer?.nextDueAt() ?? Infinity) + DEBOUNCE_START_DELAY_MS);
    if (next === Infinity) return;
    state.timer = this.host.clock.setTimer(next - Date.now(), () => {
      state.timer = undefined;
      const now = Math.max(Date.now(), next);
      for (const batch of state.batcher?.due(now) ?? []) this.startBatch(fn, batch);
      for (const debounced of state.debouncer?.due(now - DEBOUNCE_START_DELAY_MS) ?? []) {
        state.debounced.delete(debounced.key);
        this.afterBatching(fn, [debounced.event], true);
      }
      this.host.waiting(fn, undefined, null);
      this.armFunctionTimer(fn);
    });
  }

  /** A run was created: its slots, queue order and start timeout. */
  runCreated(run: Run): void {
    const options = this.optionsOf(run.fn);
    if (!options) return;
    const factor = priorityFactor(options.priority?.run, run.event);
    if (factor.problem) run.note(factor.problem);
    const flow: RunFlow = {
      slots: concurrencySlots(run.fn.id, options.concurrency, run.event),
      score: queueScore(run.startedAt, factor.factor),
      throttleKey: options.throttle ? throttleKey(options.throttle, run.event) : undefined,
      started: false,
    };
    this.runFlow.set(run.id, flow);
    this.armTimeout(run, flow, options);
  }

  private armTimeout(run: Run, flow: RunFlow, options: FunctionOptions): void {
    flow.timer?.cancel();
    const deadline = timeoutDeadline(options.timeouts, { createdAt: run.startedAt, startedAt: flow.started ? Date.now() : undefined });
    if (!deadline) return;
    flow.timer = this.host.clock.setTimer(deadline.cancelAt - Date.now() + 1, () => run.cancel(deadline.reason));
  }

  /**
   * Waits until `call` may go: its concurrency slots are free (and, for a run's first call, its
   * throttle lets it start). Resolves with the function that frees the slots after the call.
   * While it waits, `host.waiting` says why. A waiter is granted its slots in queue order when
   * others release theirs; it never polls.
   */
  async admit(run: Run, call: Call): Promise<() => void> {
    const flow = this.runFlow.get(run.id);
    const options = this.optionsOf(run.fn);
    if (!flow || !options) return () => {};
    const requestId = `${run.id}:${call.seq}`;
    const label = call.kind === "discovery" ? "discovery" : (call.step?.id ?? call.stepId);
    if (!flow.started) await this.throttled(run, flow, requestId);
    let lease: ConcurrencyLease | undefined;
    if (flow.slots.length > 0) {
      const decision = this.concurrency.tryAcquire({ id: requestId, runId: run.id, label, slots: flow.slots, score: flow.score });
      if (decision.granted) lease = decision.lease;
      else {
        this.host.waiting(run.fn, run.id, decision.reason);
        lease = await new Promise<ConcurrencyLease | undefined>((grant) => this.waiters.set(requestId, grant));
        this.waiters.delete(requestId);
        if (!lease) throw new RunEndedWhileQueued();
      }
    }
    if (run.finished) {
      if (lease) this.release(lease);
      throw new RunEndedWhileQueued();
    }
    // The run waits on while another of its calls is still queued (a wave under a limit).
    this.host.waiting(run.fn, run.id, this.queuedReason(run.id));
    if (!flow.started) {
      flow.started = true;
      this.armTimeout(run, flow, options);
    }
    return lease ? () => this.release(lease) : () => {};
  }

  /** A run's first call waits for its throttle, behind the runs of its key that came first (the run starts only then). */
  private async throttled(run: Run, flow: RunFlow, requestId: string): Promise<void> {
    const state = this.state(run.fn);
    if (!state.throttle || flow.throttleKey === undefined) return;
    const decision = state.throttle.arrive(flow.throttleKey, requestId, Date.now());
    if (decision.start) return;
    this.host.waiting(run.fn, run.id, decision.reason);
    const start = await new Promise<boolean>((wake) => {
      this.throttleWaiters.set(requestId, wake);
      this.armThrottleTimer(run.fn);
    });
    this.throttleWaiters.delete(requestId);
    if (!start || run.finished) throw new RunEndedWhileQueued();
  }

  /** One timer a throttled function, for the first of its waiting runs that may start. */
  private armThrottleTimer(fn: FunctionConfig): void {
    const state = this.state(fn);
    const throttle = state.throttle;
    state.throttleTimer?.cancel();
    state.throttleTimer = undefined;
    const next = throttle?.nextDueAt(Date.now());
    if (!throttle || next === null || next === undefined) return;
    state.throttleTimer = this.host.clock.setTimer(Math.max(0, next - Date.now()), () => {
      state.throttleTimer = undefined;
      for (const requestId of throttle.due(Math.max(Date.now(), next))) this.throttleWaiters.get(requestId)?.(true);
      this.armThrottleTimer(fn);
    });
  }

  /** Frees a lease's slots and grants the waiters that fit now, in queue order; the runs still queued say what they wait for now. */
  private release(lease: ConcurrencyLease): void {
    this.concurrency.release(lease);
    for (const granted of this.concurrency.grantWaiting()) {
      const grant = this.waiters.get(granted.requestId);
      if (grant) grant(granted);
      else this.concurrency.release(granted);
    }
    const queuedRuns = new Set(this.concurrency.waiting().map((r) => r.runId));
    if (queuedRuns.size === 0) return;
    for (const run of this.host.runs()) if (queuedRuns.has(run.id) && !run.finished) this.host.waiting(run.fn, run.id, this.queuedReason(run.id));
  }

  /** Why the run's first queued call waits, or null when none of its calls is queued. */
  private queuedReason(runId: string): string | null {
    const request = this.concurrency.waiting().find((r) => r.runId === runId);
    return (request && this.concurrency.refusalOf(request.id)) ?? null;
  }

  /** Cancels the running runs whose cancelOn this event matches. */
  cancelMatching(event: InngestEvent): void {
    const now = Date.now();
    for (const run of this.host.runs()) {
      if (run.finished) continue;
      const cancel = this.optionsOf(run.fn)?.cancel;
      if (!cancel?.length) continue;
      const match = matchCancellation(cancel, { runId: run.id, event: run.event, startedAt: run.startedAt }, event as InngestEvent & Record<string, unknown>, now);
      if (match) run.cancel(`${match.reason} (event ${event.id})`);
    }
  }

  /** A run ended: its singleton key, timers and any waiting call go. */
  runEnded(run: Run): void {
    this.functions.get(run.fn.id)?.singleton?.finished(run.id);
    this.runFlow.get(run.id)?.timer?.cancel();
    this.runFlow.delete(run.id);
    for (const [id, grant] of [...this.waiters]) {
      if (!id.startsWith(`${run.id}:`)) continue;
      this.concurrency.withdraw(id);
      grant(undefined);
    }
    const throttle = this.functions.get(run.fn.id)?.throttle;
    if (throttle) {
      for (const id of throttle.withdraw((requestId) => requestId.startsWith(`${run.id}:`))) this.throttleWaiters.get(id)?.(false);
      this.armThrottleTimer(run.fn);
    }
  }

  private findRun(runId: string): Run | undefined {
    for (const run of this.host.runs()) if (run.id === runId) return run;
    return undefined;
  }

  close(): void {
    for (const state of this.functions.values()) state.timer?.cancel();
    for (const flow of this.runFlow.values()) flow.timer?.cancel();
    for (const state of this.functions.values()) state.throttleTimer?.cancel();
  }
}

/** The run ended (cancelled, timed out) while its call waited for a slot: the call is not made. */
export class RunEndedWhileQueued extends Error {
  override name = "RunEndedWhileQueued";
}
