// The executor: hosts (or reaches) the user's app, syncs it, starts runs, routes events to
// triggers and waits, runs invokes and onFailure, and tells the layers above what happens.
import { EventEmitter } from "node:events";
import os from "node:os";
import path from "node:path";
import { AppHost } from "./app-host";
import type { AppUnreachableError, CallBody } from "./app-client";
import { ApiServer } from "./api-server";
import { ExpressionError, evaluateExpression } from "./cel";
import { StepwiseInputError } from "./errors";
import { HostPool } from "./host-pool";
import { defaultJournalDir } from "./journal";
import { DEFAULT_LIMITS } from "./limits";
import { exponentialBackoff, type RetryPolicy } from "./retry-policy";
import { findRecordedRun, type RecordedRun } from "./journal";
import { resumeStateOf } from "./resume-state";
import { Run, type InvokeOptions, type RunHost } from "./run";
import type { Op } from "./sdk-call";
import { RunClock } from "./run-clock";
import { syncApp } from "./sync";
import { openGate, type FunctionConfig, type Gate, type InngestEvent, type RunLimits, type RunSnapshot, type RuntimeEvents, type StepKind, type StoredResult } from "./types";
import { ulid } from "./ulid";

export type AppSource = { program: string; url?: undefined } | { url: string; program?: undefined };

export interface OrchestratorOptions {
  gate?: Gate;
  journalDir?: string;
  limits?: RunLimits;
  /** Milliseconds a call may take; null for none. Default 120 s. */
  callTimeoutMs?: number | null;
  retryPolicy?: RetryPolicy;
  /** App-host processes for a module (default 1). */
  workers?: number;
  /** Calls in flight per host (default 8). */
  callsInFlightPerHost?: number;
  /** Start app hosts with the inspector (line breakpoints in step bodies). */
  inspect?: boolean;
  /** Port of the API the SDK calls back: 0 = free port (default for a module); 8288 for a user's app. */
  apiPort?: number;
  /** Send targeted step calls only the state from before their wave (default true). */
  trimStepCallState?: boolean;
  /**
   * Let the SDK checkpoint the steps it runs inline, as production's SDK v4 does: one request runs
   * many steps and posts each result to /v1/checkpoint (PROTOCOL.md §8). Off by default: one
   * request a step, what lets a debugger stop before every step.
   */
  checkpointing?: boolean;
}

interface WaitingStep {
  run: Run;
  matches: (candidate: InngestEvent) => boolean;
}

export interface StartRunOptions {
  parentRunId?: string;
  memoized?: Array<{ hashedId: string; id: string; kind: StepKind; result: StoredResult }>;
  replayOf?: string;
}

export class Orchestrator extends EventEmitter implements RunHost {
  readonly clock = new RunClock();
  readonly retryPolicy: RetryPolicy;
  readonly runs = new Map<string, Run>();
  readonly journalDir: string;
  readonly limits: RunLimits;
  functions: FunctionConfig[] = [];
  gate: Gate;
  /**
   * Under a debugger with step breakpoints: discoveries ask the SDK to plan each step instead of
   * running it inline (2 calls a step, as in Inngest's V1 mode), so the debugger can stop before it.
   */
  planEveryStep = false;
  private readonly api: ApiServer;
  private appHost?: AppHost;
  private pool!: HostPool;
  private readonly waits = new Set<WaitingStep>();
  private readonly inFlightRuns: Run[] = [];
  private registration?: (body: Record<string, unknown>) => void;
  private callTimeoutMs: number | null;
  private source?: { program?: string; url?: string };

  private constructor(private readonly options: OrchestratorOptions) {
    super();
    this.gate = options.gate ?? openGate;
    this.journalDir = options.journalDir ?? defaultJournalDir();
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.retryPolicy = options.retryPolicy ?? exponentialBackoff();
    this.callTimeoutMs = options.callTimeoutMs === undefined ? 120_000 : options.callTimeoutMs;
    this.api = new ApiServer({
      register: (body) => this.registration?.(body),
      receiveEvents: (events) => this.receiveEvents(events),
      runEvents: (runId) => (this.runs.get(runId) ? [this.runs.get(runId)!.event] : undefined),
      runActions: (runId) => (this.runs.get(runId) ? Object.fromEntries(this.runs.get(runId)!.stored) : undefined),
      checkpoint: (runId, body) => this.checkpoint(runId, body),
      log: (message) => this.emit("log", message),
    });
  }

  /** Hosts the module (or reaches the URL), syncs it and is ready to start runs. */
  static async start(source: AppSource, options: OrchestratorOptions = {}): Promise<Orchestrator> {
    const orchestrator = new Orchestrator(options);
    try {
      await orchestrator.boot(source);
    } catch (err) {
      await orchestrator.close();
      throw err;
    }
    return orchestrator;
  }

  private async boot(source: AppSource): Promise<void> {
    this.source = source.program ? { program: path.resolve(source.program) } : { url: source.url };
    const apiUrl = await this.api.listen(this.options.apiPort ?? (source.url ? 8288 : 0)).catch((err: NodeJS.ErrnoException) => {
      throw new StepwiseInputError(`cannot listen for the SDK on 127.0.0.1:${this.options.apiPort ?? 8288} (${err.code ?? err.message}) — is an Inngest Dev Server running? stop it, or pass another port with --api-port (your app's INNGEST_DEV must point at it)`);
    });
    const poolOptions = { callsInFlightPerHost: Math.max(1, this.options.callsInFlightPerHost ?? 8), callTimeoutMs: () => this.callTimeoutMs };
    if (source.program) {
      this.appHost = new AppHost({ modulePath: source.program, apiUrl, inspect: this.options.inspect });
      this.appHost.on("output", (text: string, stream: "stdout" | "stderr") => this.emit("output", text, stream));
      await this.appHost.start(Math.max(1, this.options.workers ?? 1));
      const host = this.appHost;
      this.pool = new HostPool((i, appId) => `${host.hosts[i].baseUrl}${host.hosts[i].apps.find((a) => a.appId === appId)?.path ?? host.hosts[i].apps[0].path}`, host.hosts.length, poolOptions, host);
      const apps = host.hosts[0].apps;
      const registrations = [];
      for (const app of apps) registrations.push(await syncApp(`${host.hosts[0].baseUrl}${app.path}`, (signal) => this.awaitRegistration(signal), this.syncTimeoutMs));
      this.functions = registrations.flatMap((r) => r.functions);
    } else {
      const url = source.url!;
      const registration = await syncApp(url, (signal) => this.awaitRegistration(signal), this.syncTimeoutMs);
      this.pool = new HostPool(() => url, 1, poolOptions);
      this.functions = registration.functions;
    }
    if (this.functions.length === 0) {
      throw new StepwiseInputError(`${source.program ?? source.url} serves no Inngest functions`);
    }
  }

  /** A sync is a call too: at most the call timeout, and at most 15 s. */
  private get syncTimeoutMs(): number {
    return Math.min(15_000, this.callTimeoutMs ?? 15_000);
  }

  private awaitRegistration(signal: AbortSignal): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new StepwiseInputError(`the app did not register its functions within 15 s — is INNGEST_DEV set to this executor's URL (${this.api.url})?`)), 15_000);
      const stop = () => {
        clearTimeout(timer);
        this.registration = undefined;
      };
      signal.addEventListener("abort", stop, { once: true });
      this.registration = (body) => {
        stop();
        resolve(body);
      };
    });
  }

  get apiUrl(): string {
    return this.api.url;
  }

  /** Inspector ports of the app hosts (when started with `inspect`). */
  get inspectorPorts(): number[] {
    return (this.appHost?.hosts ?? []).map((h) => h.inspectorPort).filter((p): p is number => p !== undefined);
  }

  /** No call timeout while a person sits on a breakpoint inside a step body. */
  setCallTimeout(ms: number | null): void {
    this.callTimeoutMs = ms;
  }

  /** A function by its user ID or composite `<app>-<fn>` ID; with no ID, the only one there is. */
  findFunction(id?: string): FunctionConfig {
    const userFunctions = this.functions.filter((f) => !f.id.endsWith("-failure") || !this.functions.some((g) => `${g.id}-failure` === f.id));
    if (!id) {
      if (userFunctions.length === 1) return userFunctions[0];
      throw new StepwiseInputError(`the app has ${userFunctions.length} functions — choose one with --function: ${userFunctions.map((f) => f.slug).join(", ")}`);
    }
    const found = this.functions.find((f) => f.id === id || f.slug === id);
    if (!found) throw new StepwiseInputError(`no function "${id}" — the app has: ${userFunctions.map((f) => f.slug).join(", ")}`);
    return found;
  }

  /** `{ name: <first trigger event>, data: {} }`. */
  defaultEvent(fn: FunctionConfig): InngestEvent {
    const event = fn.triggers.find((t) => t.event)?.event;
    if (event) return { name: event, data: {} };
    const cron = fn.triggers.find((t) => t.cron)?.cron;
    return cron ? { name: "inngest/scheduled.timer", data: { cron } } : { name: "stepwise/manual", data: {} };
  }

  startRun(fn: FunctionConfig, event: InngestEvent, options: StartRunOptions = {}): Run {
    const complete: InngestEvent = { ...event, data: event.data ?? {}, id: event.id ?? ulid(), ts: event.ts ?? Date.now() };
    const run = new Run(this, {
      runId: ulid(),
      fn,
      event: complete,
      limits: this.limits,
      journalDir: this.journalDir,
      parentRunId: options.parentRunId,
      memoized: options.memoized,
      trimStepCallState: this.options.trimStepCallState ?? true,
      replayOf: options.replayOf,
      source: this.source,
      checkpointing: this.options.checkpointing,
    });
    this.runs.set(run.id, run);
    run.start();
    return run;
  }

  /**
   * Goes on with a run an earlier process began and did not finish (`interrupted`): the same run
   * ID and journal, its stored results kept, its unanswered calls sent again.
   */
  resumeRun(recorded: RecordedRun): Run {
    if (recorded.status !== "interrupted") {
      throw new StepwiseInputError(`run ${recorded.runId} is ${recorded.status}${recorded.status === "running" ? " in another process" : ""}; only an interrupted run can be resumed`);
    }
    const fn = this.findFunction(recorded.functionId);
    const run = new Run(this, {
      runId: recorded.runId,
      fn,
      event: recorded.event,
      limits: this.limits,
      journalDir: this.journalDir,
      parentRunId: recorded.parentRunId,
      trimStepCallState: this.options.trimStepCallState ?? true,
      source: this.source,
      resume: { state: resumeStateOf(recorded.entries), startedAt: recorded.startedAt },
      checkpointing: this.options.checkpointing,
    });
    this.runs.set(run.id, run);
    run.start();
    return run;
  }

  /** `POST /v1/checkpoint/<runId>/async`: steps the SDK ran inline; the debugger may hold the answer. */
  private async checkpoint(runId: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const run = this.runs.get(runId);
    if (!run) return { status: 404, body: { error: `no run ${runId}` } };
    const steps = (body as { steps?: unknown } | null)?.steps;
    if (!Array.isArray(steps)) return { status: 400, body: { error: "a checkpoint needs a steps array" } };
    const answer = run.checkpoint(steps as Op[]);
    if (answer.status === 200 && this.gate.afterCheckpoint) {
      this.clock.freeze();
      try {
        await this.gate.afterCheckpoint(run.snapshot(), (steps as Op[]).map((s) => s.id));
      } finally {
        this.clock.thaw();
      }
    }
    return answer;
  }

  /** Stops every running run without ending it (Ctrl-C); each can be resumed from its journal. */
  interrupt(reason: string): Run[] {
    const running = [...this.runs.values()].filter((r) => !r.finished);
    for (const run of running) run.interrupt(reason);
    return running;
  }

  /** Resolves when the run and every run it triggered (transitively) have ended. */
  async settle(run: Run): Promise<RunSnapshot> {
    const snapshot = await run.done;
    for (let i = 0; i < run.triggered.length; i++) await this.settle(run.triggered[i]);
    return snapshot;
  }

  /** Events from outside (`stepwise` commands, the debugger's "send event"). */
  sendEvent(event: InngestEvent): string[] {
    return this.receiveEvents([event as unknown as Record<string, unknown>]);
  }

  // ---- RunHost --------------------------------------------------------------------------------

  /** One call to the app; the body is built when a host slot is free, so it carries the state of that moment. */
  async send(fn: FunctionConfig, stepId: string, body: () => CallBody, requestVersion: number) {
    let run: Run | undefined;
    try {
      return await this.pool.send(fn, stepId, () => {
        const built = body();
        run = this.runs.get(built.ctx.run_id);
        if (run) this.inFlightRuns.push(run);
        return built;
      }, requestVersion);
    } finally {
      if (run) this.inFlightRuns.splice(this.inFlightRuns.lastIndexOf(run), 1);
    }
  }

  recover(_fn: FunctionConfig, error: AppUnreachableError): Promise<string> {
    return this.pool.recover(error);
  }

  invoke(parent: Run, hashedId: string, opts: InvokeOptions, childRunId?: string): string {
    const target = this.functions.find((f) => f.id === opts.function_id || f.slug === opts.function_id);
    if (childRunId) return this.resumeInvoked(parent, hashedId, childRunId);
    if (!target) {
      queueMicrotask(() => parent.resolveInvoke(hashedId, { error: { name: "Error", message: `step.invoke: no function "${opts.function_id}" is served by this app` } }));
      return "";
    }
    const child = this.startRun(
      target,
      { name: "inngest/function.invoked", data: { ...(opts.payload?.data ?? {}), _inngest: { function_id: target.id, correlation_id: `${parent.id}.${hashedId}` } } },
      { parentRunId: parent.id },
    );
    this.awaitInvoked(parent, hashedId, child);
    return child.id;
  }

  private awaitInvoked(parent: Run, hashedId: string, child: Run): void {
    parent.triggered.push(child);
    void child.done.then((snapshot) => {
      if (snapshot.status === "interrupted") return;
      parent.resolveInvoke(hashedId, snapshot.status === "completed" ? { data: snapshot.output ?? null } : { error: snapshot.error ?? { name: "Error", message: "invoked run failed" } });
    });
  }

  /** A resumed parent whose invoked child had started: take its result, or resume it too. */
  private resumeInvoked(parent: Run, hashedId: string, childRunId: string): string {
    const recorded = findRecordedRun(this.journalDir, childRunId);
    if (!recorded) {
      queueMicrotask(() => parent.resolveInvoke(hashedId, { error: { name: "Error", message: `step.invoke: the journal of the invoked run ${childRunId} is gone` } }));
    } else if (recorded.status === "completed") {
      queueMicrotask(() => parent.resolveInvoke(hashedId, { data: recorded.output ?? null }));
    } else if (recorded.status === "interrupted") {
      this.awaitInvoked(parent, hashedId, this.resumeRun(recorded));
    } else if (recorded.status !== "running") {
      queueMicrotask(() => parent.resolveInvoke(hashedId, { error: recorded.error ?? { name: "Error", message: `invoked run ${recorded.status}` } }));
    }
    return childRunId;
  }

  waitForEvent(run: Run, matches: (candidate: InngestEvent) => boolean): void {
    this.waits.add({ run, matches });
  }

  emitEvent(event: InngestEvent, from: Run): void {
    this.route({ ...event, id: event.id ?? ulid(), ts: event.ts ?? Date.now() }, from);
  }

  notify<K extends keyof RuntimeEvents>(name: K, ...args: Parameters<RuntimeEvents[K]>): void {
    this.emit(name, ...args);
  }

  hasListeners(name: keyof RuntimeEvents): boolean {
    return this.listenerCount(name) > 0;
  }

  // ---- events ---------------------------------------------------------------------------------

  private receiveEvents(events: Array<Record<string, unknown>>): string[] {
    const from = this.inFlightRuns[this.inFlightRuns.length - 1];
    return events.map((raw) => {
      const event = { ...raw, name: String(raw.name ?? ""), data: (raw.data as Record<string, unknown>) ?? {}, id: (raw.id as string) ?? ulid(), ts: (raw.ts as number) ?? Date.now() } as InngestEvent;
      this.route(event, from);
      return event.id!;
    });
  }

  /** Starts every function whose trigger matches, then offers the event to waiting steps. */
  private route(event: InngestEvent, from: Run | undefined): void {
    for (const fn of this.functions) {
      const trigger = fn.triggers.find((t) => t.event && eventNameMatches(t.event, event.name) && this.expressionHolds(t.expression, fn, event));
      if (!trigger) continue;
      const run = this.startRun(fn, event, { parentRunId: from?.id });
      from?.triggered.push(run);
    }
    for (const wait of [...this.waits]) {
      if (wait.run.finished) {
        this.waits.delete(wait);
        continue;
      }
      if (wait.matches(event)) this.waits.delete(wait);
    }
  }

  private expressionHolds(expression: string | undefined, fn: FunctionConfig, event: InngestEvent): boolean {
    if (!expression) return true;
    try {
      return evaluateExpression(expression, { event });
    } catch (err) {
      const message = err instanceof ExpressionError ? err.message : String(err);
      this.emit("log", `stepwise: the trigger of "${fn.slug}" was not evaluated for ${event.name}: ${message}`);
      return false;
    }
  }

  async close(): Promise<void> {
    for (const run of this.runs.values()) run.cancel("Stepwise stopped");
    this.clock.cancelAll();
    this.pool?.close();
    await Promise.all([this.appHost?.close(), this.api.close()]);
  }
}

/** Inngest trigger names may end in a wildcard: `app/*`. */
function eventNameMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  return false;
}

export const defaultWorkers = () => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
