// The executor: hosts (or reaches) the user's apps, syncs them, starts runs, routes events to
// triggers and waits, runs invokes and onFailure, and tells the layers above what happens.
import { EventEmitter } from "node:events";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { AppHost } from "./app-host";
import { AppUnreachableError, type CallBody } from "./app-client";
import { ApiServer, type ExtraRoutes } from "./api-server";
import { AppRegistry, type App } from "./apps";
import { StepwiseInputError } from "./errors";
import { scheduledTimerEvent } from "./cron";
import { EventRouter } from "./event-router";
import { FlowControl, type ScheduleOutcome } from "./flow-control";
import { HostPool } from "./host-pool";
import { functionNamed, invokedEvent, noInvokeTarget } from "./invocation";
import { journalDirFor } from "./journal-location";
import { DEFAULT_LIMITS } from "./limits";
import { exponentialBackoff, type RetryPolicy } from "./retry-policy";
import { findRecordedRun, type RecordedRun } from "./journal";
import { EventLog } from "./event-log";
import { answerRestRequest } from "./rest-api";
import { resumeStateOf } from "./resume-state";
import { SignalWaits } from "./signals";
import { Run, type InvokeOptions, type RunHost } from "./run";
import type { Op } from "./sdk-call";
import { RunClock } from "./run-clock";
import { RegistrationInbox } from "./registration-inbox";
import { parseRegistration, syncApp, type Registration } from "./sync";
import { openGate, type Call, type FunctionConfig, type Gate, type InngestEvent, type RunLimits, type RunSnapshot, type RuntimeEvents, type SerializedError, type StepKind, type StoredResult } from "./types";
import { seededEventId, ulid } from "./ulid";

export type AppSource = { program: string; url?: undefined } | { url: string; program?: undefined };

/** Apps register themselves (an app whose serve endpoint got a PUT while INNGEST_DEV points here). */
export interface AppsChanged {
  app: App;
  /** `sync`: Stepwise synced it; `registered`: it registered itself; `reloaded`: its module changed. */
  how: "sync" | "registered" | "reloaded";
  /** False for a re-sync that found the same functions with the same configs. */
  changed: boolean;
}

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
  /**
   * An event the app sends while one of its runs has a call in flight counts as that run's (its
   * fan-out, which `settle` waits for). True for one run at a time (`stepwise run`, a launch);
   * the Dev Server, where an app sends events from its own routes too, leaves it off.
   */
  attributeEventsToCalls?: boolean;
  /**
   * Called with the orchestrator before it hosts or reaches its source, so that listeners see the
   * start too: "app.loading", and the module's own output while it loads.
   */
  beforeStart?: (orchestrator: Orchestrator) => void;
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
  /** The apps and their functions, by serve URL. */
  readonly apps = new AppRegistry();
  gate: Gate;
  /**
   * Under a debugger with step breakpoints: discoveries ask the SDK to plan each step instead of
   * running it inline (2 calls a step, as in Inngest's V1 mode), so the debugger can stop before it.
   */
  planEveryStep = false;
  private readonly api: ApiServer;
  private readonly registrations = new RegistrationInbox();
  private readonly router: EventRouter;
  private readonly signals = new SignalWaits();
  private readonly flow: FlowControl;
  /** Run IDs by the ID of the event (or batch event) that started them: Inngest's `GET /v1/events/{id}/runs`. */
  readonly runsByEvent = new Map<string, string[]>();
  readonly receivedEvents = new EventLog();
  /** The run whose step.sendEvent sent an event, by the event's ID. */
  private readonly senderOfEvent = new Map<string, string>();
  private readonly inFlightRuns: Run[] = [];
  private callTimeoutMs: number | null;
  private draining = false;
  /** Apps replaced (a reload, a re-sync) whose hosts still serve runs that started on them. */
  private readonly retired = new Set<App>();

  private constructor(private readonly options: OrchestratorOptions) {
    super();
    this.gate = options.gate ?? openGate;
    this.journalDir = options.journalDir ?? journalDirFor({});
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.retryPolicy = options.retryPolicy ?? exponentialBackoff();
    this.callTimeoutMs = options.callTimeoutMs === undefined ? 120_000 : options.callTimeoutMs;
    this.router = new EventRouter((message) => this.emit("log", message));
    this.flow = new FlowControl({
      clock: this.clock,
      createRun: (fn, events, runId, parentRunId, batchId) => this.createRun(fn, events, { runId, parentRunId, batchId }),
      runs: () => this.runs.values(),
      waiting: (fn, runId, reason) => this.waiting(fn, runId, reason),
      log: (message) => this.emit("log", message),
    });
    this.api = new ApiServer({
      register: (body) => this.registered(body),
      receiveEvents: (events, seed) => this.receiveEvents(events, seed),
      runEvents: (runId) => this.runs.get(runId)?.events,
      runActions: (runId) => (this.runs.get(runId) ? Object.fromEntries(this.runs.get(runId)!.stored) : undefined),
      checkpoint: (runId, body) => this.checkpoint(runId, body),
      rest: (method, path, query) => answerRestRequest(this, method, path, query),
      signal: (signal, data) => this.sendSignal(signal, data),
      invoke: (slug, event) => this.invokeBySlug(slug, event),
      publish: (message) => this.publish(message),
      log: (message) => this.emit("log", message),
    });
  }

  /**
   * Hosts the module (or reaches the URL), syncs it and is ready to start runs. Without a
   * source, only the API listens: apps come with `hostModule`, `addApp` or by registering.
   */
  static async start(source: AppSource | undefined, options: OrchestratorOptions = {}): Promise<Orchestrator> {
    const orchestrator = new Orchestrator(options);
    try {
      options.beforeStart?.(orchestrator);
      await orchestrator.boot(source);
    } catch (err) {
      await orchestrator.close();
      throw err;
    }
    return orchestrator;
  }

  private async boot(source: AppSource | undefined): Promise<void> {
    const port = this.options.apiPort ?? (source?.program ? 0 : 8288);
    await this.api.listen(port).catch((err: NodeJS.ErrnoException) => {
      throw new StepwiseInputError(`cannot listen for the SDK on 127.0.0.1:${port} (${err.code ?? err.message}) — is an Inngest Dev Server running? stop it, or pass another port with --api-port (your app's INNGEST_DEV must point at it)`);
    });
    if (!source) return;
    const apps = source.program ? await this.hostModule(source.program) : [await this.addApp(source.url!)];
    if (apps.every((a) => a.functions.length === 0)) throw new StepwiseInputError(`${source.program ?? source.url} serves no Inngest functions`);
    // What Inngest would refuse at sync: flow-control options, trigger expressions, cron schedules.
    const problems = apps.flatMap((a) => (a.error ? [a.error] : []));
    if (problems.length > 0) throw new StepwiseInputError(problems[0]);
  }

  /** The functions of every app, in sync order. */
  get functions(): FunctionConfig[] {
    return this.apps.functions();
  }

  private get poolOptions() {
    return { callsInFlightPerHost: Math.max(1, this.options.callsInFlightPerHost ?? 8), callTimeoutMs: () => this.callTimeoutMs };
  }

  /**
   * Hosts a module in fresh app-host processes and syncs every app it serves. A module hosted
   * before is replaced; its hosts stay until the runs that started on them have ended.
   */
  async hostModule(program: string, how: AppsChanged["how"] = "sync"): Promise<App[]> {
    const modulePath = path.resolve(program);
    this.notify("app.loading", "hosting", modulePath);
    const host = new AppHost({ modulePath, apiUrl: this.api.url, inspect: this.options.inspect });
    // The SDK logs the errors it catches: their frames in TypeScript lines too.
    host.on("output", (text: string, stream: "stdout" | "stderr") => this.emit("output", host.stackMapper.mapStack(text), stream));
    try {
      await host.start(Math.max(1, this.options.workers ?? 1));
    } catch (err) {
      await host.close();
      throw err;
    }
    this.notify("host.started", modulePath, host.hosts.map((h) => ({ pid: h.child.pid ?? 0, url: h.baseUrl, inspectorPort: h.inspectorPort })));
    const pool = new HostPool((i, appId) => `${host.hosts[i].baseUrl}${host.hosts[i].apps.find((a) => a.appId === appId)?.path ?? host.hosts[i].apps[0].path}`, host.hosts.length, this.poolOptions, host);
    const apps: App[] = [];
    try {
      for (const served of host.hosts[0].apps) {
        const url = `${host.hosts[0].baseUrl}${served.path}`;
        this.notify("app.loading", "syncing", served.appId);
        const registration = await syncApp(url, (signal) => this.registrations.wait(url, signal, 15_000, this.api.url), this.syncTimeoutMs);
        apps.push(this.install({ id: registration.appId, url: `module:${modulePath}#${registration.appId}`, source: { program: modulePath }, functions: registration.functions, pool, host, syncedAt: Date.now(), framework: registration.framework, sdk: registration.sdk }, how));
      }
    } catch (err) {
      pool.close();
      await host.close();
      throw err;
    }
    return apps;
  }

  /** Syncs the app served at `url` (a user's own running app) and keeps it. */
  async addApp(url: string): Promise<App> {
    this.notify("app.loading", "syncing", url);
    const registration = await syncApp(url, (signal) => this.registrations.wait(url, signal, 15_000, this.api.url), this.syncTimeoutMs);
    return this.installRegistration(url, registration, "sync");
  }

  /** `POST /fn/register`: a sync's out-of-band answer, or an app registering itself. */
  private registered(body: Record<string, unknown>): void {
    if (this.registrations.deliver(body)) return;
    const url = typeof body.url === "string" ? body.url : "";
    if (!url) return;
    const known = this.apps.byUrl(url);
    // A module Stepwise hosts re-registering goes on with the pool it has.
    if (known?.host) return;
    this.installRegistration(url, parseRegistration(body, String(body.appName ?? "")), "registered");
  }

  private installRegistration(url: string, registration: Registration, how: AppsChanged["how"]): App {
    const known = this.apps.byUrl(url);
    const pool = known && !known.host ? known.pool : new HostPool(() => url, 1, this.poolOptions);
    return this.install({ id: registration.appId, url, source: { url }, functions: registration.functions, pool, syncedAt: Date.now(), framework: registration.framework, sdk: registration.sdk }, how);
  }

  /** Adds an app (or its new version): flow control reads its functions' options; what Inngest would refuse becomes its error. */
  private install(app: App, how: AppsChanged["how"]): App {
    const before = this.apps.byUrl(app.url);
    const changed = !before || before.error !== undefined || JSON.stringify(before.functions.map((f) => f.raw)) !== JSON.stringify(app.functions.map((f) => f.raw));
    if (!changed && before.pool === app.pool) {
      before.syncedAt = app.syncedAt;
      this.emit("apps.changed", { app: before, how, changed } satisfies AppsChanged);
      return before;
    }
    const problems = this.flow.configure(app.functions);
    if (problems.length > 0) app.error = `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`;
    for (const old of this.apps.set(app)) if (old.pool !== app.pool || old.host !== app.host) this.retire(old);
    this.emit("apps.changed", { app, how, changed } satisfies AppsChanged);
    return app;
  }

  /** A replaced app's host and pool go once no running run uses its functions. */
  private retire(app: App): void {
    this.retired.add(app);
    this.closeRetired();
  }

  private closeRetired(): void {
    for (const app of [...this.retired]) {
      const inUse = [...this.runs.values()].some((r) => !r.finished && this.apps.appOf(r.fn) === app);
      const shared = this.apps.list().some((a) => a.pool === app.pool);
      if (inUse || shared) continue;
      this.retired.delete(app);
      app.pool.close();
      void app.host?.close();
    }
  }

  /** A sync is a call too: at most the call timeout, and at most 15 s. */
  private get syncTimeoutMs(): number {
    return Math.min(15_000, this.callTimeoutMs ?? 15_000);
  }

  get apiUrl(): string {
    return this.api.url;
  }

  /** The API's port also serves these routes (the Dev Server's UI), and its HTTP server a WebSocket. */
  serveAlso(routes: ExtraRoutes): http.Server {
    this.api.serveAlso(routes);
    return this.api.httpServer!;
  }

  /** Inspector ports of the app hosts (when started with `inspect`). */
  get inspectorPorts(): number[] {
    const hosts = new Set(this.apps.list().flatMap((a) => (a.host ? [a.host] : [])));
    return [...hosts].flatMap((h) => h.hosts.map((p) => p.inspectorPort)).filter((p): p is number => p !== undefined);
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
    const found = functionNamed(this.functions, id);
    if (!found) throw new StepwiseInputError(`no function "${id}" — the app has: ${userFunctions.map((f) => f.slug).join(", ")}`);
    return found;
  }

  /** `{ name: <first trigger event>, data: {} }`; for a cron function, the scheduled-timer event of now. */
  defaultEvent(fn: FunctionConfig): InngestEvent {
    const event = fn.triggers.find((t) => t.event)?.event;
    if (event) return { name: event, data: {} };
    const cron = fn.triggers.find((t) => t.cron)?.cron;
    return cron ? (scheduledTimerEvent(cron, Date.now()) as InngestEvent) : { name: "stepwise/manual", data: {} };
  }

  /**
   * Starts a run of `fn` at once, past the event-level flow control (the debugger's restarts, a
   * rerun with memoized results); its calls still wait for concurrency and throttle.
   */
  startRun(fn: FunctionConfig, event: InngestEvent, options: StartRunOptions = {}): Run {
    return this.createRun(fn, [completeEvent(event)], options);
  }

  /**
   * An event for `fn`, through the flow control Inngest applies (batching, rate limit,
   * idempotency, debounce, singleton): resolves with the run it started, or with why none did.
   */
  trigger(fn: FunctionConfig, event: InngestEvent, options: { parentRunId?: string } = {}): Promise<ScheduleOutcome> {
    return this.flow.schedule({ fn, event: completeEvent(event), parentRunId: options.parentRunId });
  }

  private createRun(fn: FunctionConfig, events: InngestEvent[], options: StartRunOptions & { runId?: string; batchId?: string }): Run {
    const run = new Run(this, {
      runId: options.runId ?? ulid(),
      fn,
      event: events[0],
      events,
      batchId: options.batchId,
      limits: this.limits,
      journalDir: this.journalDir,
      parentRunId: options.parentRunId,
      memoized: options.memoized,
      trimStepCallState: this.options.trimStepCallState ?? true,
      replayOf: options.replayOf,
      source: this.apps.appOf(fn)?.source,
      checkpointing: this.options.checkpointing,
    });
    this.adopt(run);
    for (const e of events) this.runsByEvent.set(e.id!, [...(this.runsByEvent.get(e.id!) ?? []), run.id]);
    return run;
  }

  /** A new or resumed run: known by ID, under flow control, started. */
  private adopt(run: Run): void {
    this.runs.set(run.id, run);
    this.flow.runCreated(run);
    void run.done.then(() => {
      this.flow.runEnded(run);
      if (this.retired.size > 0) this.closeRetired();
    });
    run.start();
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
      events: recorded.events ?? [recorded.event],
      batchId: recorded.batchId,
      limits: this.limits,
      journalDir: this.journalDir,
      parentRunId: recorded.parentRunId,
      trimStepCallState: this.options.trimStepCallState ?? true,
      source: this.apps.appOf(fn)?.source,
      resume: { state: resumeStateOf(recorded.entries), startedAt: recorded.startedAt },
      checkpointing: this.options.checkpointing,
    });
    this.adopt(run);
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

  /**
   * A new run of the same function and event that starts from the results stored before
   * `hashedId` (the debugger's restart frame); the old run is cancelled.
   */
  rerunFrom(old: Run, hashedId: string): Run {
    const index = old.stack.indexOf(hashedId);
    const memoized = (index < 0 ? old.stack : old.stack.slice(0, index)).map((h) => {
      const s = old.steps.get(h)!;
      return { hashedId: h, id: s.id, kind: s.kind, result: old.stored.get(h) };
    });
    old.cancel(`restarted from step "${old.steps.get(hashedId)?.id ?? hashedId}"`);
    return this.startRun(old.fn, old.event, { memoized });
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
    // Events it sent may start their runs later (a debounce, a batch): wait for those decisions too.
    for (let seen = 0; seen < run.pendingTriggers.length; seen = run.pendingTriggers.length) await Promise.all(run.pendingTriggers.slice(seen));
    for (let i = 0; i < run.triggered.length; i++) await this.settle(run.triggered[i]);
    return snapshot;
  }

  /** Events from outside (`stepwise` commands, the debugger's "send event"). */
  sendEvent(event: InngestEvent): string[] {
    return this.receiveEvents([event as unknown as Record<string, unknown>], undefined, false);
  }

  /** Cancels a run (Inngest's `DELETE /v1/runs/{runId}`); false when there is no such running run. */
  cancelRun(runId: string, reason: string): boolean {
    const run = this.runs.get(runId);
    if (!run || run.finished) return false;
    run.cancel(reason);
    return true;
  }

  /** Flow control says why a run (or, with no run ID, a function's next run) waits; null: no longer. */
  private waiting(fn: FunctionConfig, runId: string | undefined, reason: string | null): void {
    const run = runId ? this.runs.get(runId) : undefined;
    if (run) {
      if (run.waitingFor === (reason ?? undefined)) return;
      run.waitingFor = reason ?? undefined;
      this.emit("run.waiting", run.snapshot(), reason);
    } else this.emit("function.waiting", fn, reason);
  }

  // ---- RunHost --------------------------------------------------------------------------------

  /** One call to the app; the body is built when a host slot is free, so it carries the state of that moment. */
  async send(fn: FunctionConfig, stepId: string, body: () => CallBody, requestVersion: number) {
    const app = this.apps.appOf(fn);
    if (!app) throw new AppUnreachableError(`function "${fn.slug}" belongs to no app this executor knows`);
    let run: Run | undefined;
    try {
      return await app.pool.send(fn, stepId, () => {
        const built = body();
        run = this.runs.get(built.ctx.run_id);
        if (run) this.inFlightRuns.push(run);
        return built;
      }, requestVersion);
    } finally {
      if (run) this.inFlightRuns.splice(this.inFlightRuns.lastIndexOf(run), 1);
    }
  }

  recover(fn: FunctionConfig, error: AppUnreachableError): Promise<string> {
    const app = this.apps.appOf(fn);
    return app ? app.pool.recover(error) : Promise.resolve(`the app of "${fn.slug}" is gone`);
  }

  mapError(fn: FunctionConfig, error: SerializedError): SerializedError {
    const host = this.apps.appOf(fn)?.host;
    return host ? host.stackMapper.mapError(error) : error;
  }

  admit(run: Run, call: Call): Promise<() => void> {
    if (this.draining) return Promise.reject(new Error("Stepwise is closing"));
    return this.flow.admit(run, call);
  }

  invoke(parent: Run, hashedId: string, opts: InvokeOptions, childRunId?: string): void {
    if (childRunId) return this.resumeInvoked(parent, hashedId, childRunId);
    const target = functionNamed(this.functions, opts.function_id);
    if (!target) {
      queueMicrotask(() => parent.resolveInvoke(hashedId, { error: noInvokeTarget(opts.function_id) }));
      return;
    }
    const event = invokedEvent(opts.payload?.data, target.id, `${parent.id}.${hashedId}`);
    void this.trigger(target, event, { parentRunId: parent.id }).then((outcome) => {
      if ("run" in outcome) {
        parent.invokeStarted(hashedId, outcome.run.id);
        this.awaitInvoked(parent, hashedId, outcome.run);
      } else parent.resolveInvoke(hashedId, { error: { name: "Error", message: `step.invoke of "${target.slug}": ${outcome.skipped}` } });
    });
  }

  /** `POST /invoke/{slug}` (pkg/api/api.go Invoke, event/invoke.go): an `inngest/function.invoked` event for the function. */
  private invokeBySlug(slug: string, raw: Record<string, unknown>): string {
    const event = completeEvent({ ...raw, ...invokedEvent(raw.data as Record<string, unknown> | undefined, slug, "") } as InngestEvent);
    const target = functionNamed(this.functions, slug);
    // Inngest accepts the invocation either way; here the log says why nothing ran.
    if (!target) this.emit("log", `stepwise: POST /invoke/${slug}: no synced function "${slug}" — the invocation started nothing`);
    else void this.trigger(target, event);
    return event.id!;
  }

  private awaitInvoked(parent: Run, hashedId: string, child: Run): void {
    parent.triggered.push(child);
    void child.done.then((snapshot) => {
      if (snapshot.status === "interrupted") return;
      parent.resolveInvoke(hashedId, snapshot.status === "completed" ? { data: snapshot.output ?? null } : { error: snapshot.error ?? { name: "Error", message: "invoked run failed" } });
    });
  }

  /** A resumed parent whose invoked child had started: take its result, or resume it too. */
  private resumeInvoked(parent: Run, hashedId: string, childRunId: string): void {
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
  }

  eventsSent(run: Run, eventIds: string[]): void {
    for (const id of eventIds) this.senderOfEvent.set(id, run.id);
  }

  /** The run that sent the event a run started with: its parent, or the run whose step.sendEvent sent it. */
  senderOf(run: Run): string | undefined {
    if (run.parentRunId) return run.parentRunId;
    for (const [eventId, runIds] of this.runsByEvent) if (runIds.includes(run.id) && this.senderOfEvent.has(eventId)) return this.senderOfEvent.get(eventId);
    return undefined;
  }

  waitForEvent(run: Run, matches: (candidate: InngestEvent) => boolean): void {
    this.router.addWait(run, matches);
  }

  waitForSignal(run: Run, signal: string, replace: boolean, deliver: (data: unknown) => boolean): boolean {
    return this.signals.wait(run, signal, replace, deliver);
  }

  /** `POST /v1/signals`: resumes the step waiting for the signal; the run's ID, or undefined when none waits. */
  sendSignal(signal: string, data: unknown): string | undefined {
    return this.signals.send(signal, data);
  }

  /** `POST /v1/realtime/publish`: recorded in the run it came from and shown in its timeline. */
  private publish(message: { channel: string; topics: string[]; runId?: string; data: string }): void {
    const run = (message.runId ? this.runs.get(message.runId) : undefined) ?? this.inFlightRuns[this.inFlightRuns.length - 1];
    run?.published(message.channel, message.topics, message.data);
    this.emit("realtime.published", message);
  }

  emitEvent(event: InngestEvent, from: Run): void {
    // Runs that end because Stepwise closes start nothing more.
    if (this.draining) return;
    this.route(completeEvent(event), from);
  }

  notify<K extends keyof RuntimeEvents>(name: K, ...args: Parameters<RuntimeEvents[K]>): void {
    this.emit(name, ...args);
  }

  hasListeners(name: keyof RuntimeEvents): boolean {
    return this.listenerCount(name) > 0;
  }

  // ---- events ---------------------------------------------------------------------------------

  /**
   * `POST /e/<key>`: each event gets Inngest's internal ID (from the SDK's ID seed), which is what
   * the answer lists; `event.id` stays the sender's own ID when it set one (its idempotency key).
   */
  private receiveEvents(events: Array<Record<string, unknown>>, seed: string | undefined, fromApp = true): string[] {
    const from = fromApp && this.options.attributeEventsToCalls !== false ? this.inFlightRuns[this.inFlightRuns.length - 1] : undefined;
    return events.map((raw, i) => {
      const internalId = seededEventId(seed, i + 1);
      const event = completeEvent({ ...raw, name: String(raw.name ?? ""), data: (raw.data as Record<string, unknown>) ?? {}, id: typeof raw.id === "string" && raw.id ? raw.id : internalId } as InngestEvent);
      this.receivedEvents.add({ internalId, receivedAt: Date.now(), event });
      this.emit("event.received", event, internalId, from?.id);
      this.route(event, from, internalId);
      return internalId;
    });
  }

  /** Cancels the runs the event cancels, schedules the runs it starts, then offers it to waiting steps. */
  private route(event: InngestEvent, from: Run | undefined, internalId = event.id!): void {
    this.flow.cancelMatching(event);
    for (const fn of this.router.triggered(this.functions, event)) {
      const decided = this.trigger(fn, event, { parentRunId: from?.id }).then((outcome) => {
        if ("run" in outcome) {
          if (internalId !== event.id) this.runsByEvent.set(internalId, [...(this.runsByEvent.get(internalId) ?? []), outcome.run.id]);
          from?.triggered.push(outcome.run);
        } else {
          from?.skippedTriggers.push({ function: fn.slug, eventId: internalId, reason: outcome.skipped });
          this.emit("run.skipped", fn, event, outcome.skipped);
        }
      });
      from?.pendingTriggers.push(decided);
    }
    this.router.offerToWaits(event);
  }

  /**
   * Cancels the runs still going (their journals end with an `end` line) and stops the hosts.
   * With `drainMs`, first no new call may start and the calls in flight may answer for that long:
   * a call cut off by a host's exit would be retried in a fresh host, after close.
   */
  async close(options: { drainMs?: number } = {}): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + (options.drainMs ?? 0);
    while (this.inFlightRuns.length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const run of this.runs.values()) run.cancel("Stepwise stopped before the run ended");
    this.flow.close();
    this.clock.cancelAll();
    const apps = [...this.apps.list(), ...this.retired];
    for (const app of apps) app.pool.close();
    await Promise.all([...new Set(apps.flatMap((a) => (a.host ? [a.host] : [])))].map((h) => h.close()).concat(this.api.close()));
  }
}

/** An event as the executor stores it: data, an ID and a timestamp always present. */
function completeEvent(event: InngestEvent): InngestEvent {
  return { ...event, data: event.data ?? {}, id: event.id ?? ulid(), ts: event.ts ?? Date.now() };
}

export const defaultWorkers = () => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
