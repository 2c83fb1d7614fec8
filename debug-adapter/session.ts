// The Stepwise debug session: Debug Adapter Protocol requests in, runtime commands out; runtime
// events in, DAP events out. It only translates (as vscode-mock-debug's mockDebug.ts does):
// which calls to hold is run-debugger.ts, how a replay moves is replay-debugger.ts, what the
// Variables view shows is run-views.ts, everything about runs is runtime/.
//
//   launch  one run of one function (or a replay, or a resumed run) on thread 1;
//   attach  the Dev Server (runtime/dev-server.ts): every run an event starts, each on its thread.
// Every planned step is a thread of its own while it waits and runs. The session runs over stdio
// (stdio.ts) and inline in the extension host.
import path from "node:path";
import {
  Breakpoint,
  CapabilitiesEvent,
  ContinuedEvent,
  DebugSession,
  Event,
  ExitedEvent,
  InitializedEvent,
  InvalidatedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
  ThreadEvent,
} from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { followActivity } from "../runtime/activity-log";
import { DevServer } from "../runtime/dev-server";
import { StepwiseInputError } from "../runtime/errors";
import { findRecordedRun, type RecordedRun } from "../runtime/journal";
import { Orchestrator, type AppSource } from "../runtime/orchestrator";
import { ReplayCursor } from "../runtime/replay";
import type { Run } from "../runtime/run";
import { storedError } from "../runtime/stored-result";
import type { FunctionConfig, InngestEvent, RunSnapshot, SerializedError, StepKind, StepRecord } from "../runtime/types";
import {
  checkAttachArguments,
  checkLaunchArguments,
  journalFor,
  launchEvent,
  launchLimits,
  LaunchArgumentError,
  type StepwiseAttachArguments,
  type StepwiseLaunchArguments,
} from "./launch-arguments";
import { formatPath, lookup, parsePath, PathExpressionError, type Segment } from "./path-expression";
import { ReplayDebugger, type ReplayMove } from "./replay-debugger";
import { RUN_THREAD, RunDebugger, type ExceptionFilter, type Stop } from "./run-debugger";
import { memoizedOf, rootsOf, runView, stepView, eventView, type ThreadSubject } from "./run-views";
import { StepBreakpoints } from "./step-breakpoints";
import { childrenOf, isExpandable, parseEnteredValue, preview, typeOf } from "./value-view";
import { VariableReferences, type ScopeName } from "./variable-references";
import { counted, runErrorText } from "../runtime/outcome-text";

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: "retry", label: "Step error (will retry)", description: "Stop before the retry of a step that threw", default: true },
  { filter: "failed", label: "Step failed for good", description: "Stop when a step has used up its retries or threw NonRetriableError", default: true },
  { filter: "limit", label: "Limit reached", description: "Stop when the run goes over the step, output or state limit", default: true },
  { filter: "divergence", label: "Non-determinism in replay", description: "Stop when the code asks for a different step than the recording has", default: true },
];

/** Frame IDs: threadId × FRAMES_PER_THREAD + index (0: the step's call site, 1: the handler). */
const FRAMES_PER_THREAD = 1000;

const TOOL_OF_KIND: Record<StepKind, string> = { run: "run", sendEvent: "sendEvent", sleep: "sleep", waitForEvent: "waitForEvent", waitForSignal: "waitForSignal", invoke: "invoke", ai: "ai.infer", other: "run" };

/** How long calls in flight may answer when the session ends, before the app hosts stop. */
const DRAIN_MS = 3000;

export class StepwiseDebugSession extends DebugSession {
  private orchestrator_?: Orchestrator;
  private devServer?: DevServer;
  private readonly orchestratorListeners: Array<(o: Orchestrator) => void> = [];
  private readonly breakpoints = new StepBreakpoints();
  private readonly exceptionFilters = new Set<ExceptionFilter>(EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter as ExceptionFilter));
  private readonly references = new VariableReferences();
  private gate?: RunDebugger;
  private replay?: ReplayDebugger;
  /** Launched: the debugged run (the launched one, or its latest rerun). Attached: none (each thread has its run). */
  private run?: Run;
  private fn?: FunctionConfig;
  private program?: string;
  private attached = false;
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private terminated = false;
  private finishedRun?: RunSnapshot;
  /** Set while the run is stopped on a limit: it has already failed, so continuing ends the session. */
  private limitStop?: string;
  /** The latest stop of each thread (exceptionInfo answers for the thread asked about). */
  private readonly lastStopOf = new Map<number, Stop>();
  /** Stop explanations already written to the Debug Console (each once a session). */
  private readonly explained = new Set<string>();
  /** `next` asks the SDK to plan each step (2 calls a step) so the next stop is before a step, not inside a discovery. */
  private stepping = false;
  private checkpointing = false;
  private closed = false;
  /** The client refreshes its Variables view on `invalidated` (VS Code does); others would ignore it. */
  private clientRefreshesVariables = false;
  private variablesRefresh?: NodeJS.Timeout;
  /** Counts the step ends and errors that change what a paused thread's scopes show. */
  private stateVersion = 0;
  /** The state version each thread's scopes were last given at: a client caches them per frame. */
  private readonly scopesGivenAt = new Map<number, number>();

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    // @vscode/debugadapter shuts the adapter down on any 'error', including a message whose body
    // is not JSON. A client's bad message should not end the session: say so and stay up.
    this.removeAllListeners("error");
    this.on("error", (event: DebugProtocol.Event) => {
      const message = String(event.body ?? "");
      if (message.startsWith("Error handling data")) {
        this.sendEvent(new OutputEvent(`stepwise: ignored a DAP message it could not read (${message.replace(/^Error handling data: /, "")})\n`, "stderr"));
        return;
      }
      this.shutdown();
    });
  }

  /** The orchestrator of this session once launch or attach has started it (the extension's timeline follows it). */
  get orchestrator(): Orchestrator | undefined {
    return this.orchestrator_;
  }

  onOrchestrator(listener: (orchestrator: Orchestrator) => void): void {
    if (this.orchestrator_) listener(this.orchestrator_);
    else this.orchestratorListeners.push(listener);
  }

  // ---- set-up ----------------------------------------------------------------------------------

  /** DAP's `pathFormat` defaults to "path"; @vscode/debugadapter refuses an initialize without it, some clients leave it out. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    if (request.command === "initialize") request.arguments = { pathFormat: "path", ...(request.arguments ?? {}) };
    super.dispatchRequest(request);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientRefreshesVariables = args.supportsInvalidatedEvent === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsSetVariable: true,
      supportsRestartFrame: true,
      // Turned on by a CapabilitiesEvent when the launch is a replay: only a replay can step back.
      supportsStepBack: false,
      supportsTerminateRequest: true,
      supportsSingleThreadExecutionRequests: true,
      supportsExceptionInfoRequest: true,
      supportsEvaluateForHovers: false,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configurationDone();
  }

  private newGate(args: { stopOnEntry?: boolean; stopOnParallel?: boolean }, everyRun: boolean): RunDebugger {
    return new RunDebugger({
      stopOnEntry: args.stopOnEntry ?? true,
      stopOnParallel: args.stopOnParallel ?? true,
      breakpoints: this.breakpoints,
      exceptionFilters: this.exceptionFilters,
      onStop: (stop) => this.stopped(stop),
      everyRun,
    });
  }

  /** Waits for the client's breakpoints (configurationDone) at most a second while the app starts. */
  private configuredOrSoon(): Promise<unknown> {
    return Promise.race([this.configured, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  // DebugSession does not await its request handlers: the async ones answer from a .catch too, so a
  // failure (closing what had started, say) still reaches the client instead of going unhandled.
  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: StepwiseLaunchArguments): void {
    this.launch(response, args).catch((err: unknown) => this.refuse(response, err));
  }

  private async launch(response: DebugProtocol.LaunchResponse, args: StepwiseLaunchArguments): Promise<void> {
    let orchestrator: Orchestrator | undefined;
    try {
      checkLaunchArguments(args);
      this.checkpointing = args.checkpointing === true;
      const event = launchEvent(args);
      const recorded = args.replay || args.resume ? this.recordedRun(args) : undefined;
      this.program = args.program ? path.resolve(args.program) : recorded?.source?.program;
      const source: AppSource | undefined = args.url ? { url: args.url } : this.program ? { program: this.program } : recorded?.source?.url ? { url: recorded.source.url } : undefined;
      if (!source) throw new LaunchArgumentError(`"${args.resume ? "resume" : "replay"}": run ${recorded?.runId} does not say which module it ran — give "program"`);
      if (args.resume && recorded!.status !== "interrupted") throw new LaunchArgumentError(`"resume": run ${recorded!.runId} is ${recorded!.status}; only an interrupted run can be resumed`);
      this.gate = this.newGate(args, false);
      // Read the module's step call sites while the app host starts (stack frames need them at the first stop).
      const program = this.program;
      if (program) setImmediate(() => this.breakpoints.callSites.of(program));
      const [started] = await Promise.all([
        Orchestrator.start(source, {
          gate: this.gate,
          journalDir: journalFor(args),
          limits: launchLimits(args),
          workers: 1,
          inspect: args.debugUserCode === true,
          callTimeoutMs: args.debugUserCode ? null : undefined,
          apiPort: args.apiPort,
          checkpointing: this.checkpointing,
          beforeStart: (o) => this.reportActivity(o),
        }),
        this.configuredOrSoon(),
      ]);
      orchestrator = started;
      if (this.closed) throw new Error("the client disconnected while the app was starting");
      this.fn = this.chooseFunction(orchestrator, args.function ?? recorded?.functionId);
      this.adopt(orchestrator);
      this.sendResponse(response);
      this.announceChildSessions(orchestrator, args.debugUserCode === true);
      if (args.resume) {
        orchestrator.planEveryStep = this.planningNeeded;
        this.debugRun(orchestrator.resumeRun(recorded!));
      } else if (recorded) await this.startReplay(recorded, args.stopOnEntry ?? true, args.stopAtPosition);
      else this.triggerRun({ ...orchestrator.defaultEvent(this.fn), ...event } as InngestEvent);
    } catch (err) {
      this.orchestrator_ = undefined;
      await orchestrator?.close();
      this.refuse(response, err);
    }
  }

  /** Attach: serve the Dev Server on `apiPort`; every run an event starts is debugged until disconnect. */
  protected override attachRequest(response: DebugProtocol.AttachResponse, args: StepwiseAttachArguments): void {
    this.attach(response, args).catch((err: unknown) => this.refuse(response, err));
  }

  private async attach(response: DebugProtocol.AttachResponse, args: StepwiseAttachArguments): Promise<void> {
    try {
      checkAttachArguments(args);
      this.attached = true;
      this.checkpointing = args.checkpointing === true;
      this.program = args.program ? path.resolve(args.program) : undefined;
      this.gate = this.newGate(args, true);
      const [server] = await Promise.all([
        DevServer.start({
          port: args.apiPort ?? 8288,
          modules: this.program ? [this.program] : [],
          urls: args.url ? [args.url] : [],
          discovery: args.discovery === true,
          poll: true,
          cron: true,
          watch: true,
          journalDir: journalFor(args),
          log: (line) => this.sendEvent(new OutputEvent(`${line}\n`, "console")),
          noRunLines: true,
          output: (text, stream) => this.sendEvent(new OutputEvent(text, stream)),
          orchestrator: { gate: this.gate, limits: launchLimits(args), inspect: args.debugUserCode === true, callTimeoutMs: args.debugUserCode ? null : undefined, checkpointing: this.checkpointing, beforeStart: (o) => this.reportActivity(o) },
        }),
        this.configuredOrSoon(),
      ]);
      this.devServer = server;
      if (this.closed) throw new Error("the client disconnected while the Dev Server was starting");
      this.adopt(server.orchestrator);
      server.orchestrator.planEveryStep = this.planningNeeded;
      this.sendResponse(response);
      this.sendEvent(new OutputEvent(`Stepwise Dev Server on ${server.url} (the page: ${server.url}/) — start your app with INNGEST_DEV=${server.url}; every run an event starts stops here.\n`, "console"));
      // The Dev Server's own thread, so the Call Stack shows the session waiting for runs before the first stop.
      this.sendEvent(new ThreadEvent("started", RUN_THREAD));
      this.announceChildSessions(server.orchestrator, args.debugUserCode === true);
    } catch (err) {
      await this.devServer?.close();
      this.devServer = undefined;
      this.orchestrator_ = undefined;
      this.refuse(response, err);
    }
  }

  private refuse(response: DebugProtocol.Response, err: unknown): void {
    const known = err instanceof LaunchArgumentError || err instanceof StepwiseInputError || err instanceof RangeError;
    this.sendErrorResponse(response, { id: 1001, format: `Stepwise: ${known ? "" : "could not start: "}${(err as Error).message}`, showUser: true });
  }

  private adopt(orchestrator: Orchestrator): void {
    this.orchestrator_ = orchestrator;
    if (this.gate) this.gate.clock = orchestrator.clock;
    this.follow(orchestrator);
    this.orchestratorListeners.splice(0).forEach((l) => l(orchestrator));
  }

  private announceChildSessions(orchestrator: Orchestrator, debugUserCode: boolean): void {
    if (!debugUserCode) return;
    orchestrator.setCallTimeout(null);
    for (const port of orchestrator.inspectorPorts) this.sendEvent(new Event("stepwise/childSession", { port, address: "127.0.0.1" }));
    if (orchestrator.inspectorPorts.length === 0) {
      this.sendEvent(new OutputEvent('"debugUserCode" needs "program" (Stepwise hosts the module under the inspector); with "url", start your app under a JavaScript debugger yourself\n', "console"));
    }
  }

  private recordedRun(args: StepwiseLaunchArguments): RecordedRun {
    const dir = journalFor(args);
    const attribute = args.resume ? "resume" : "replay";
    const recorded = findRecordedRun(dir, (args.resume ?? args.replay)!);
    if (!recorded) throw new LaunchArgumentError(`"${attribute}": no recorded run "${args[attribute]}" in ${dir} (set "journal" to the folder that holds it)`);
    return recorded;
  }

  private chooseFunction(orchestrator: Orchestrator, id: string | undefined): FunctionConfig {
    try {
      return orchestrator.findFunction(id);
    } catch (err) {
      if (!(err instanceof StepwiseInputError)) throw err;
      throw new LaunchArgumentError(`"function": ${err.message.replace(" with --function", "")}`);
    }
  }

  /** The launch's run, through the function's flow control (it may be debounced, batched or skipped). */
  private triggerRun(event: InngestEvent): void {
    const orchestrator = this.orchestrator_!;
    orchestrator.planEveryStep = this.planningNeeded;
    const waiting = (fn: FunctionConfig, reason: string | null) => {
      if (fn.id === this.fn?.id && reason) this.sendEvent(new OutputEvent(`${fn.slug}: ${reason}\n`, "console"));
    };
    orchestrator.on("function.waiting", waiting);
    void orchestrator.trigger(this.fn!, event).then((outcome) => {
      orchestrator.off("function.waiting", waiting);
      if ("run" in outcome) return this.debugRun(outcome.run);
      this.sendEvent(new OutputEvent(`${this.fn!.slug}: no run started — ${outcome.skipped}\n`, "console"));
      this.end(1);
    });
  }

  /** Launched: the run this session debugs from now on (launched, resumed or rerun); it ends the session. */
  private debugRun(run: Run): void {
    this.run = run;
    this.finishedRun = undefined;
    void this.orchestrator_!.settle(run).then((snapshot) => {
      if (this.run !== run || this.terminated) return;
      this.finishedRun = snapshot;
      this.sendEvent(new OutputEvent(`${runOutcome(snapshot)}\n`, "console"));
      if (this.limitStop === undefined) this.end(snapshot.status === "completed" ? 0 : 1);
    });
  }

  /** What the runtime does, as `stepwise/activity` events (the extension's "Stepwise" Output channel shows them). */
  private reportActivity(orchestrator: Orchestrator): void {
    followActivity(orchestrator, (level, line) => this.sendEvent(new Event("stepwise/activity", { level, line })));
    // The app's own output, from its load on (in attach mode the app writes to its own terminal).
    orchestrator.on("output", (text: string, stream: "stdout" | "stderr") => {
      if (!this.attached) this.sendEvent(new OutputEvent(text, stream));
    });
  }

  /** Runtime events become threads, output and stops. */
  private follow(orchestrator: Orchestrator): void {
    orchestrator.on("run.started", (run: RunSnapshot) => {
      const threadId = this.gate!.runStarted(run);
      if (threadId !== undefined) this.sendEvent(new ThreadEvent("started", threadId));
    });
    orchestrator.on("step.planned", (run: RunSnapshot, step: StepRecord) => {
      const threadId = this.gate!.stepPlanned(run, step);
      if (threadId !== undefined) this.sendEvent(new ThreadEvent("started", threadId));
    });
    orchestrator.on("step.completed", (run: RunSnapshot, step: StepRecord) => {
      const threadId = this.gate!.stepFinished(run, step);
      if (threadId !== undefined) this.threadExited(threadId);
      this.variablesChanged();
    });
    orchestrator.on("step.errored", (run: RunSnapshot, step: StepRecord, error: SerializedError, willRetry: boolean) => {
      this.gate!.stepErrored(run, step, error, willRetry);
      this.variablesChanged();
      this.sendEvent(new OutputEvent(`step "${step.id}" attempt ${step.attempts}: ${error.name}: ${error.message}${willRetry ? " (will retry)" : " (failed for good)"}\n`, "stderr"));
    });
    orchestrator.on("limit.reached", (run: RunSnapshot, message: string) => {
      this.sendEvent(new OutputEvent(`stepwise: run failed: ${message}\n`, "stderr"));
      if (this.attached || run.runId !== this.run?.id || !this.exceptionFilters.has("limit")) return;
      this.limitStop = message;
      this.stopped({ threadId: RUN_THREAD, reason: "exception", description: "Paused on limit", text: message });
    });
    orchestrator.on("run.finished", (run: RunSnapshot) => {
      if (!this.attached && run.runId !== this.run?.id) return;
      if (this.attached) this.sendEvent(new OutputEvent(`${runOutcome(run)}\n`, "console"));
      for (const threadId of this.gate!.releaseRun(run.runId)) this.threadExited(threadId);
    });
    orchestrator.on("log", (message: string) => this.sendEvent(new OutputEvent(message + "\n", "console")));
    orchestrator.on("run.note", (run: RunSnapshot, message: string) => this.sendEvent(new OutputEvent(`run ${run.runId}: ${message}\n`, "console")));
  }

  private threadExited(threadId: number): void {
    this.scopesGivenAt.delete(threadId);
    this.sendEvent(new ThreadEvent("exited", threadId));
  }

  /**
   * A step ended while other branches stay paused: the client has their Memoized state and Run
   * counters cached from when they stopped, so it is told to fetch them again (at most every 50 ms).
   */
  private variablesChanged(): void {
    this.stateVersion++;
    if (!this.clientRefreshesVariables || this.variablesRefresh || !this.gate?.anyHeld) return;
    this.variablesRefresh = setTimeout(() => {
      this.variablesRefresh = undefined;
      if (!this.terminated) this.sendEvent(new InvalidatedEvent(["variables"]));
    }, 50);
    this.variablesRefresh.unref();
  }

  private stopped(stop: Stop): void {
    // Latest last: refocus looks for the most recent stop still in place.
    this.lastStopOf.delete(stop.threadId);
    this.lastStopOf.set(stop.threadId, stop);
    if (stop.explain && !this.explained.has(stop.explain)) {
      this.explained.add(stop.explain);
      this.sendEvent(new OutputEvent(`${stop.explain}\n`, "console"));
    }
    const event = new StoppedEvent(stop.reason, stop.threadId, stop.text) as DebugProtocol.StoppedEvent;
    event.body.description = stop.description;
    event.body.allThreadsStopped = false;
    if (stop.hitBreakpointIds) event.body.hitBreakpointIds = stop.hitBreakpointIds;
    this.sendEvent(event);
  }

  private end(exitCode: number): void {
    if (this.terminated) return;
    this.terminated = true;
    this.sendEvent(new ExitedEvent(exitCode));
    this.sendEvent(new TerminatedEvent());
  }

  // ---- breakpoints -----------------------------------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source.path ? path.resolve(args.source.path) : "";
    const lines = (args.breakpoints ?? []).map((b) => b.line);
    response.body = { breakpoints: this.breakpoints.setLineBreakpoints(file, lines).map((b) => ({ ...b, source: args.source })) };
    this.updatePlanning();
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    response.body = { breakpoints: this.breakpoints.setFunctionBreakpoints(args.breakpoints.map((b) => b.name)) };
    this.updatePlanning();
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const known = new Set(EXCEPTION_FILTERS.map((f) => f.filter));
    this.exceptionFilters.clear();
    for (const f of args.filters) if (known.has(f)) this.exceptionFilters.add(f as ExceptionFilter);
    response.body = { breakpoints: args.filters.map((f) => new Breakpoint(known.has(f))) };
    this.sendResponse(response);
  }

  /**
   * Step breakpoints and stepping stop before a step only if the SDK plans it first. With
   * checkpointing the SDK runs steps inline as production does, and the stops come after each
   * checkpoint instead (the gate holds its answer).
   */
  private get planningNeeded(): boolean {
    return !this.checkpointing && (this.breakpoints.any || this.stepping);
  }

  private updatePlanning(): void {
    if (this.orchestrator_) this.orchestrator_.planEveryStep = this.planningNeeded;
  }

  // ---- threads and frames ----------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    let first: string;
    if (this.replay) first = `replay of ${this.replay.recorded.functionSlug} (${this.replay.recorded.runId})`;
    else if (this.attached) first = `Stepwise Dev Server ${this.devServer?.url ?? ""}`.trim();
    else first = `run ${this.fn?.slug ?? ""}`.trim();
    response.body = { threads: [new Thread(RUN_THREAD, first), ...(this.gate?.threadList() ?? []).map((t) => new Thread(t.id, t.name))] };
    this.sendResponse(response);
  }

  /** The run a thread shows: launched, thread 1 is the debugged run; attached, each thread has its own. */
  private runOf(threadId: number): Run | undefined {
    const runId = this.gate?.runOfThread(threadId) ?? (threadId === RUN_THREAD && !this.attached ? this.run?.id : undefined);
    return runId ? this.orchestrator_?.runs.get(runId) : undefined;
  }

  /** What a thread looks at, for the Variables view and evaluate. */
  private subject(threadId: number): ThreadSubject {
    if (this.replay) return { kind: "replay", replay: this.replay };
    const run = this.runOf(threadId);
    if (!run) return { kind: "none" };
    const thread = this.gate?.thread(threadId);
    return {
      kind: "live",
      run,
      step: thread?.hashedId ? run.steps.get(thread.hashedId) : undefined,
      held: this.gate?.heldCalls(threadId)[0],
      planEveryStep: this.orchestrator_?.planEveryStep ?? false,
    };
  }

  /** The module a run's code is in: the program, or the module of its app (attached). */
  private programOf(run: Run | undefined): string | undefined {
    if (!run || !this.attached) return this.program;
    return this.orchestrator_?.apps.appOf(run.fn)?.source.program;
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const base = args.threadId * FRAMES_PER_THREAD;
    const frames: DebugProtocol.StackFrame[] = [];
    const run = this.runOf(args.threadId);
    const fn = run?.fn ?? this.fn;
    const program = this.programOf(run);
    const subject = this.subject(args.threadId);
    const step = subject.kind === "live" ? subject.step : undefined;
    const stepId = this.replay ? this.replay.nextRecorded?.id : step?.id;
    const source = program ? new Source(path.basename(program), this.convertDebuggerPathToClient(program)) : undefined;
    const handler = program ? this.breakpoints.callSites.handlerSite(program, fn?.slug) : undefined;
    if (stepId) {
      const site = program ? this.breakpoints.callSites.stepSite(program, stepId, fn?.slug) : undefined;
      const tool = site?.tool ?? TOOL_OF_KIND[(step?.kind ?? this.replay?.nextRecorded?.kind ?? "run") as StepKind] ?? "run";
      const frame: DebugProtocol.StackFrame = new StackFrame(base, `step.${tool}("${stepId}")`, site ? source : undefined, site?.line ?? 0, site?.column ?? 0);
      frame.canRestart = !!step && !this.replay;
      frames.push(frame);
    } else if (args.threadId === RUN_THREAD || (run && !step)) {
      const held = subject.kind === "live" ? subject.held : undefined;
      const finished = this.attached ? (run?.finished ? run.snapshot() : undefined) : this.finishedRun;
      let name = "run";
      if (this.replay) name = "function returns";
      else if (finished) name = `run ${finished.status}`;
      else if (held?.checkpointed) name = `after the checkpoint of ${held.checkpointed.map((id) => `"${id}"`).join(", ")}`;
      else if (held) name = `discovery call #${held.seq}`;
      else if (this.attached && !run) name = "waiting for events";
      frames.push(new StackFrame(base, name, handler ? source : undefined, handler?.line ?? 0, handler?.column ?? 0));
    }
    if (fn) {
      const handlerFrame: DebugProtocol.StackFrame = new StackFrame(base + 1, `${fn.slug} handler`, handler ? source : undefined, handler?.line ?? 0, handler?.column ?? 0);
      handlerFrame.canRestart = false;
      frames.push(handlerFrame);
    }
    const start = args.startFrame ?? 0;
    const page = args.levels ? frames.slice(start, start + args.levels) : frames.slice(start);
    response.body = { stackFrames: page, totalFrames: frames.length };
    this.sendResponse(response);
  }

  // ---- scopes and variables --------------------------------------------------------------------

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const threadId = Math.floor(args.frameId / FRAMES_PER_THREAD);
    this.scopesGivenAt.set(threadId, this.stateVersion);
    const scope = (name: string, kind: ScopeName, presentationHint?: string) => {
      const s: DebugProtocol.Scope = new Scope(name, this.references.reference({ kind: "scope", scope: kind, threadId }), false);
      if (presentationHint) s.presentationHint = presentationHint;
      return s;
    };
    const scopes: DebugProtocol.Scope[] = [];
    if (stepView(this.subject(threadId))) scopes.push(scope("Step", "step", "arguments"));
    scopes.push(scope("Memoized state", "state", "locals"), scope("Event", "event"), scope("Run", "run"));
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const container = this.references.container(args.variablesReference);
    let variables: DebugProtocol.Variable[] = [];
    if (container?.kind === "scope") {
      variables = this.scopeEntries(container.scope, container.threadId).map(([name, value, segments]) => this.variable(name, value, segments, container.threadId));
    } else if (container?.kind === "path") {
      let value: unknown;
      try {
        value = lookup(rootsOf(this.subject(container.threadId)), container.path);
      } catch {
        value = undefined;
      }
      const isArray = Array.isArray(value);
      variables = childrenOf(value, args.start ?? 0, args.count).map(([name, child]) => this.variable(name, child, [...container.path, isArray ? Number(name) : name], container.threadId));
    }
    response.body = { variables };
    this.sendResponse(response);
  }

  private variable(name: string, value: unknown, segments: Segment[], threadId: number): DebugProtocol.Variable {
    const variablesReference = isExpandable(value) ? this.references.reference({ kind: "path", path: segments, threadId }) : 0;
    const v: DebugProtocol.Variable = { name, value: preview(value), type: typeOf(value), variablesReference, evaluateName: formatPath(segments) };
    if (Array.isArray(value) && variablesReference) v.indexedVariables = value.length;
    return v;
  }

  private scopeEntries(scope: ScopeName, threadId: number): Array<[string, unknown, Segment[]]> {
    const subject = this.subject(threadId);
    if (scope === "state") return memoizedOf(subject).map((m) => [m.id, m.value, ["state", m.id]]);
    const root = scope === "step" ? stepView(subject) : scope === "event" ? eventView(subject) : runView(subject);
    return Object.entries((root as Record<string, unknown>) ?? {}).map(([k, v]) => [k, v, [scope, k]]);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const container = this.references.container(args.variablesReference);
    const parent = container?.kind === "scope" ? [container.scope] : container?.kind === "path" ? container.path : [];
    const target = [...parent, /^\d+$/.test(args.name) && container?.kind === "path" ? Number(args.name) : args.name];
    const subject = container ? this.subject(container.threadId) : ({ kind: "none" } as const);
    const memo = target[0] === "state" ? memoizedOf(subject).find((m) => m.id === target[1]) : undefined;
    if (!memo || subject.kind !== "live") {
      const why = this.replay ? "a replay does not change its recording" : "only memoized step results (the Memoized state scope) can be changed";
      this.sendErrorResponse(response, { id: 1002, format: `Stepwise: ${why}`, showUser: true });
      return;
    }
    const entered = parseEnteredValue(args.value);
    const keys = target.slice(2);
    const next = keys.length === 0 ? entered : setIn(memo.value, keys, entered);
    subject.run.editStoredResult(memo.hashedId, storedError(memo.stored) !== undefined ? { error: next } : { data: next });
    response.body = { value: preview(entered), type: typeOf(entered), variablesReference: isExpandable(entered) ? this.references.reference({ kind: "path", path: target, threadId: container!.threadId }) : 0 };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const threadId = args.frameId !== undefined ? Math.floor(args.frameId / FRAMES_PER_THREAD) : RUN_THREAD;
    try {
      const segments = parsePath(args.expression);
      const value = lookup(rootsOf(this.subject(threadId)), segments);
      response.body = { result: preview(value), type: typeOf(value), variablesReference: isExpandable(value) ? this.references.reference({ kind: "path", path: segments, threadId }) : 0 };
      if (Array.isArray(value) && response.body.variablesReference) response.body.indexedVariables = value.length;
      this.sendResponse(response);
    } catch (err) {
      const message = err instanceof PathExpressionError ? err.message : String(err);
      this.sendErrorResponse(response, { id: 1003, format: message, showUser: false });
    }
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const stop = this.lastStopOf.get(args.threadId);
    const text = stop?.reason === "exception" ? stop.text : (this.limitStop ?? this.replay?.at.divergence?.message);
    response.body = { exceptionId: stop?.description ?? "step error", description: text ?? "", breakMode: "always" };
    this.sendResponse(response);
  }

  // ---- execution -------------------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    this.setStepping(false);
    const thread = this.gate?.thread(args.threadId);
    // A step thread lets only that step go; a run's thread, that run; thread 1, everything.
    const one = !this.replay && args.threadId !== RUN_THREAD;
    response.body = { allThreadsContinued: !one };
    this.sendResponse(response);
    if (this.replay) return void this.moveReplay(this.replay.forward());
    if (this.afterLimitStop()) return;
    if (!one) this.gate?.continueAll();
    else if (thread && !thread.hashedId) this.gate?.continueRun(thread.runId);
    else this.gate?.continueThread(args.threadId);
  }

  /**
   * "Continue all branches": every held call of the thread's run goes (attached, other runs stay
   * paused), or of every run when no run thread is named. Each released thread gets `continued`.
   */
  private continueAllBranches(response: DebugProtocol.Response, threadId: number | undefined): void {
    if (this.replay || !this.gate) {
      return this.sendErrorResponse(response, { id: 1007, format: "Stepwise: continue all branches works on a live run, not in a replay (a replay has no branches waiting)", showUser: true });
    }
    this.setStepping(false);
    const runId = threadId === undefined ? undefined : this.gate.runOfThread(threadId);
    const released = this.attached && runId ? this.gate.continueRun(runId) : this.gate.continueAll();
    response.body = { threads: released.length };
    this.sendResponse(response);
    if (!this.attached || !runId) this.sendEvent(new ContinuedEvent(RUN_THREAD, true));
    else for (const id of released) this.sendEvent(new ContinuedEvent(id, false));
  }

  /**
   * The client asks to see the stop again (a child JavaScript session that attached after it took
   * the focus): the most recent stop still in place is sent once more, for the client to focus.
   */
  private refocus(response: DebugProtocol.Response): void {
    const inPlace = (stop: Stop) => this.replay !== undefined || this.limitStop !== undefined || (this.gate?.heldCalls(stop.threadId).length ?? 0) > 0;
    const stop = this.terminated ? undefined : [...this.lastStopOf.values()].reverse().find(inPlace);
    response.body = { refocused: stop?.threadId ?? null };
    this.sendResponse(response);
    if (stop) this.stopped(stop);
  }

  /**
   * The client moved its focus to a thread (the extension tells, on VS Code's active stack item):
   * if a step ended since that thread's scopes were given, the client shows them from its cache,
   * so it is told to fetch them again.
   */
  private focused(response: DebugProtocol.Response, threadId: number | undefined): void {
    const givenAt = threadId === undefined ? undefined : this.scopesGivenAt.get(threadId);
    const stale = givenAt !== undefined && givenAt < this.stateVersion;
    response.body = { refreshed: stale && this.clientRefreshesVariables };
    this.sendResponse(response);
    if (stale && this.clientRefreshesVariables) this.sendEvent(new InvalidatedEvent(["variables"]));
  }

  /** After a stop on a limit the run has already failed: continuing ends the session. */
  private afterLimitStop(): boolean {
    if (this.limitStop === undefined) return false;
    this.limitStop = undefined;
    if (this.finishedRun) this.end(1);
    return true;
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.sendResponse(response);
    if (this.replay) return void this.moveReplay(this.replay.stepForward());
    if (this.afterLimitStop()) return;
    this.setStepping(true);
    this.gate?.next(args.threadId, this.runOf(args.threadId)?.id);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.nextRequest(response, args);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.continueRequest(response as DebugProtocol.ContinueResponse, { threadId: args.threadId, singleThread: true });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    if (this.replay || !this.gate) return;
    // Every call not yet sent is held (each stops its thread as it arrives). If none is held now,
    // thread 1 stops at once and the runs' timers wait (the gate freezes them).
    if (this.gate.pause()) this.stopped({ threadId: RUN_THREAD, reason: "pause", description: "Paused", explain: "Paused: calls in flight finish, no new call is sent, and the run's timers wait." });
  }

  private setStepping(on: boolean): void {
    this.stepping = on;
    this.updatePlanning();
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    if (!this.replay) return this.notInReplay(response, "step back");
    this.sendResponse(response);
    void this.moveReplay(this.replay.stepBack());
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    if (!this.replay) return this.notInReplay(response, "reverse continue");
    this.sendResponse(response);
    void this.moveReplay(this.replay.backward());
  }

  private notInReplay(response: DebugProtocol.Response, what: string): void {
    this.sendErrorResponse(response, { id: 1004, format: `Stepwise: ${what} works in a replay — launch with "replay": "<runId>" (Stepwise Runs view → Replay)`, showUser: true });
  }

  protected override restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): void {
    const threadId = Math.floor(args.frameId / FRAMES_PER_THREAD);
    const subject = this.subject(threadId);
    if (subject.kind !== "live" || !subject.step || this.attached || args.frameId % FRAMES_PER_THREAD !== 0) {
      this.sendErrorResponse(response, { id: 1005, format: "Stepwise: restart frame works on a step's frame (the top frame of a step thread) of a launched run: it starts a new run with the results from before that step", showUser: true });
      return;
    }
    this.sendResponse(response);
    this.rerunFrom(subject.run, subject.step.hashedId);
  }

  /** A new run of the same function and event, starting from the results stored before the step. */
  private rerunFrom(old: Run, hashedId: string): void {
    for (const threadId of this.gate!.releaseRun(old.id)) this.threadExited(threadId);
    this.references.clear();
    this.gate!.stopOnNextEntry("restart");
    const stepId = old.steps.get(hashedId)?.id ?? hashedId;
    const kept = Math.max(0, old.stack.indexOf(hashedId) < 0 ? old.stack.length : old.stack.indexOf(hashedId));
    this.sendEvent(new OutputEvent(`Rerunning ${old.fn.slug} from step "${stepId}" with ${kept} stored result${kept === 1 ? "" : "s"} (run ${old.id} is cancelled)\n`, "console"));
    this.orchestrator_!.planEveryStep = this.planningNeeded;
    this.debugRun(this.orchestrator_!.rerunFrom(old, hashedId));
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: { event?: InngestEvent; stepId?: string; threadId?: number }): void {
    if (command === "stepwise/continueAllBranches") return this.continueAllBranches(response, args?.threadId);
    if (command === "stepwise/refocus") return this.refocus(response);
    if (command === "stepwise/focused") return this.focused(response, args?.threadId);
    if (command === "stepwise/sendEvent" && this.orchestrator_ && args?.event?.name) {
      response.body = { ids: this.orchestrator_.sendEvent({ ...args.event, data: args.event.data ?? {} }) };
      this.sendResponse(response);
    } else if (command === "stepwise/completedSteps" && this.run) {
      response.body = { steps: this.run.stack.map((h) => ({ id: this.run!.steps.get(h)?.id ?? h, hashedId: h })) };
      this.sendResponse(response);
    } else if (command === "stepwise/rerunFromStep" && this.run && !this.replay && args?.stepId) {
      const step = [...this.run.steps.values()].find((s) => s.id === args.stepId);
      if (!step) return this.sendErrorResponse(response, { id: 1006, format: `Stepwise: no step "${args.stepId}" in this run`, showUser: true });
      this.sendResponse(response);
      this.rerunFrom(this.run, step.hashedId);
    } else {
      super.customRequest(command, response, args);
    }
  }

  // ---- replay ----------------------------------------------------------------------------------

  private async startReplay(recorded: RecordedRun, stopOnEntry: boolean, stopAt?: number): Promise<void> {
    this.replay = new ReplayDebugger(new ReplayCursor(this.orchestrator_!, recorded, this.fn!), this.breakpoints, this.exceptionFilters);
    this.sendEvent(new CapabilitiesEvent({ supportsStepBack: true }));
    this.sendEvent(new OutputEvent(`Replaying run ${recorded.runId} of ${recorded.functionSlug}: ${recorded.stored.length} recorded results; no step body runs. Step back with the Step Back button.\n`, "console"));
    await this.moveReplay(this.replay.start(stopOnEntry, stopAt));
  }

  private async moveReplay(move: Promise<ReplayMove>): Promise<void> {
    let result: ReplayMove;
    try {
      result = await move;
    } catch (err) {
      this.sendEvent(new OutputEvent(`stepwise: replay failed: ${(err as Error).message}\n`, "stderr"));
      return this.end(2);
    }
    if ("stop" in result) return this.stopped(result.stop);
    this.sendEvent(new OutputEvent(`${result.end.message}\n`, result.end.exitCode === 0 ? "console" : "stderr"));
    this.end(result.end.exitCode);
  }

  // ---- the end ---------------------------------------------------------------------------------

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    void this.closeRuntimeOrSay().then(() => {
      this.sendResponse(response);
      this.shutdown();
    });
  }

  /** Over stdio the adapter process exits after disconnect or when its input closes: close the runtime first (inline, nothing exits). */
  override shutdown(): void {
    void this.closeRuntimeOrSay().finally(() => super.shutdown());
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    void this.closeRuntimeOrSay().then(() => {
      this.sendResponse(response);
      this.end(0);
    });
  }

  /** The session ends even when closing fails: say why on the console instead of leaving the request unanswered. */
  private closeRuntimeOrSay(): Promise<void> {
    return this.closeRuntime().catch((err: unknown) => this.sendEvent(new OutputEvent(`stepwise: could not stop cleanly: ${(err as Error).message}\n`, "stderr")));
  }

  /** Cancels the runs still going and stops the app hosts (and the Dev Server, attached), letting calls in flight answer first. */
  private async closeRuntime(): Promise<void> {
    this.closed = true;
    const orchestrator = this.orchestrator_;
    const server = this.devServer;
    this.orchestrator_ = undefined;
    this.devServer = undefined;
    if (orchestrator) {
      this.gate?.pause();
      if (server) await server.close({ drainMs: DRAIN_MS });
      else await orchestrator.close({ drainMs: DRAIN_MS });
    }
    this.gate?.continueAll();
  }
}

/** One line for the Debug Console when a run ends. */
function runOutcome(run: RunSnapshot): string {
  const outcome = run.status === "completed" ? `completed → ${preview(run.output)}` : `${run.status}: ${runErrorText(run.error)}`;
  return `Run ${run.runId} of ${run.functionSlug} ${outcome} (${run.calls.discovery} discovery + ${counted(run.calls.step, "step call")}; journal ${run.journal})`;
}

/** A copy of `root` with the value at `keys` replaced. */
function setIn(root: unknown, keys: Segment[], value: unknown): unknown {
  const copy = (Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
  const [key, ...rest] = keys;
  copy[key] = rest.length ? setIn(copy[key], rest, value) : value;
  return copy;
}
