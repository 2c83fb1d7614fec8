// The Stepwise debug session: Debug Adapter Protocol requests in, orchestrator commands out;
// orchestrator events in, DAP events out. Thread 1 is the run (its discovery calls); every
// planned step is a thread of its own while it waits and runs. Which calls to hold lives in
// run-debugger.ts, how replay moves in replay-debugger.ts, everything about runs in runtime/;
// this file only translates. It runs over stdio (stdio.ts) and inline in the extension host.
import path from "node:path";
import {
  Breakpoint,
  CapabilitiesEvent,
  DebugSession,
  Event,
  ExitedEvent,
  InitializedEvent,
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
import { StepwiseInputError } from "../runtime/errors";
import { findRecordedRun, type RecordedRun } from "../runtime/journal";
import { formatMb, resolveLimits } from "../runtime/limits";
import { Orchestrator, type AppSource, type StartRunOptions } from "../runtime/orchestrator";
import { ReplayCursor } from "../runtime/replay";
import type { Run } from "../runtime/run";
import { storedError, storedOutput } from "../runtime/stored-result";
import type { Call, FunctionConfig, InngestEvent, RunSnapshot, SerializedError, StepKind, StepRecord, StoredResult } from "../runtime/types";
import { checkLaunchArguments, defaultJournalFor, launchEvent, LaunchArgumentError, type StepwiseLaunchArguments } from "./launch-arguments";
import { formatPath, lookup, parsePath, PathExpressionError, type Segment } from "./path-expression";
import { ReplayDebugger, type ReplayMove } from "./replay-debugger";
import { RUN_THREAD, RunDebugger, type ExceptionFilter, type Stop } from "./run-debugger";
import { StepBreakpoints } from "./step-breakpoints";
import { childrenOf, formatBytes, isExpandable, parseEnteredValue, preview, typeOf } from "./value-view";

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: "retry", label: "Step error (will retry)", description: "Stop before the retry of a step that threw", default: true },
  { filter: "failed", label: "Step failed for good", description: "Stop when a step has used up its retries or threw NonRetriableError", default: true },
  { filter: "limit", label: "Limit reached", description: "Stop when the run goes over the step, output or state limit", default: true },
  { filter: "divergence", label: "Non-determinism in replay", description: "Stop when the code asks for a different step than the recording has", default: true },
];

type ScopeName = "step" | "state" | "event" | "run";

/** What a variablesReference stands for: a scope of a thread, or a value by its path (read when asked, so never stale). */
type Container = { kind: "scope"; scope: ScopeName; threadId: number } | { kind: "path"; path: Segment[]; threadId: number };

/** Frame IDs: threadId × FRAMES_PER_THREAD + index (0: the step's call site, 1: the handler). */
const FRAMES_PER_THREAD = 1000;

const TOOL_OF_KIND: Record<StepKind, string> = { run: "run", sendEvent: "sendEvent", sleep: "sleep", waitForEvent: "waitForEvent", waitForSignal: "waitForSignal", invoke: "invoke", ai: "ai.infer", other: "run" };

export class StepwiseDebugSession extends DebugSession {
  private orchestrator_?: Orchestrator;
  private readonly orchestratorListeners: Array<(o: Orchestrator) => void> = [];
  private readonly breakpoints = new StepBreakpoints();
  private readonly exceptionFilters = new Set<ExceptionFilter>(EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter as ExceptionFilter));
  private gate?: RunDebugger;
  private replay?: ReplayDebugger;
  /** The debugged run (the launched one, or its latest rerun). */
  private run?: Run;
  private fn?: FunctionConfig;
  private program?: string;
  private readonly containers = new Map<number, Container>();
  private readonly referenceByKey = new Map<string, number>();
  private nextReference = 1;
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private terminated = false;
  private finishedRun?: RunSnapshot;
  /** Set while the run is stopped on a limit: it has already failed, so continuing ends the session. */
  private limitStop?: string;
  /** The latest stop of each thread (exceptionInfo answers for the thread asked about). */
  private readonly lastStopOf = new Map<number, Stop>();
  /** `next` asks the SDK to plan each step (2 calls a step) so the next stop is before a step, not inside a discovery. */
  private stepping = false;
  /** A pause with nothing held froze the run clock; continue or next thaws it. */
  private pauseFroze = false;
  /** Calls sent and not yet answered (`<runId> <seq>`). */
  private readonly callsInFlight = new Set<string>();
  private closed = false;
  private checkpointing = false;

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

  /** The orchestrator of this session once launch has started it (the extension's timeline follows it). */
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

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
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

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: StepwiseLaunchArguments): Promise<void> {
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
      const limits = resolveLimits({ maxSteps: args.maxSteps, maxStateMb: args.maxStateMb });
      this.gate = new RunDebugger({
        stopOnEntry: args.stopOnEntry ?? true,
        stopOnParallel: args.stopOnParallel ?? true,
        breakpoints: this.breakpoints,
        exceptionFilters: this.exceptionFilters,
        onStop: (stop) => this.stopped(stop),
      });
      // Read the module's step call sites while the app host starts (stack frames need them at the first stop).
      const program = this.program;
      if (program) setImmediate(() => this.breakpoints.callSites.of(program));
      // Host the app while the client sends its breakpoints (configurationDone; at most a second).
      const [started] = await Promise.all([
        Orchestrator.start(source, {
          gate: this.gate,
          journalDir: this.journalDir(args),
          limits,
          workers: 1,
          inspect: args.debugUserCode === true,
          callTimeoutMs: args.debugUserCode ? null : undefined,
          apiPort: args.apiPort,
          checkpointing: args.checkpointing === true,
        }),
        Promise.race([this.configured, new Promise((resolve) => setTimeout(resolve, 1000).unref())]),
      ]);
      orchestrator = started;
      if (this.closed) throw new Error("the client disconnected while the app was starting");
      this.fn = this.chooseFunction(orchestrator, args.function ?? recorded?.functionId);
      this.orchestrator_ = orchestrator;
      this.follow(orchestrator);
      this.orchestratorListeners.splice(0).forEach((l) => l(orchestrator!));
      this.sendResponse(response);
      if (args.debugUserCode) {
        orchestrator.setCallTimeout(null);
        for (const port of orchestrator.inspectorPorts) this.sendEvent(new Event("stepwise/childSession", { port, address: "127.0.0.1" }));
        if (orchestrator.inspectorPorts.length === 0) {
          this.sendEvent(new OutputEvent('"debugUserCode" needs "program" (Stepwise hosts the module under the inspector); with "url", start your app under a JavaScript debugger yourself\n', "console"));
        }
      }
      if (args.resume) {
        orchestrator.planEveryStep = this.planningNeeded;
        this.debugRun(orchestrator.resumeRun(recorded!));
      }
      else if (recorded) await this.startReplay(recorded, args.stopOnEntry ?? true, args.stopAtPosition);
      else this.triggerRun({ ...orchestrator.defaultEvent(this.fn), ...event } as InngestEvent);
    } catch (err) {
      const known = err instanceof LaunchArgumentError || err instanceof StepwiseInputError || err instanceof RangeError;
      this.orchestrator_ = undefined;
      await orchestrator?.close();
      this.sendErrorResponse(response, { id: 1001, format: `Stepwise: ${known ? "" : "could not launch: "}${(err as Error).message}`, showUser: true });
    }
  }

  protected override attachRequest(response: DebugProtocol.AttachResponse): void {
    this.sendErrorResponse(response, { id: 1007, format: 'Stepwise: use "request": "launch" — with "url" it reaches an app you already started', showUser: true });
  }

  private journalDir(args: StepwiseLaunchArguments): string {
    return path.resolve(args.journal ?? defaultJournalFor(args.program));
  }

  private recordedRun(args: StepwiseLaunchArguments): RecordedRun {
    const dir = this.journalDir(args);
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

  private startRun(event: InngestEvent, memoized?: StartRunOptions["memoized"]): void {
    this.orchestrator_!.planEveryStep = this.planningNeeded;
    this.debugRun(this.orchestrator_!.startRun(this.fn!, event, { memoized }));
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

  /** The run this session debugs from now on (launched, resumed or rerun). */
  private debugRun(run: Run): void {
    this.run = run;
    this.finishedRun = undefined;
    void this.orchestrator_!.settle(run).then((snapshot) => {
      if (this.run !== run || this.terminated) return;
      this.finishedRun = snapshot;
      const outcome = snapshot.status === "completed" ? `completed → ${preview(snapshot.output)}` : `${snapshot.status}: ${snapshot.error?.name}: ${snapshot.error?.message}`;
      this.sendEvent(new OutputEvent(`Run ${snapshot.runId} of ${snapshot.functionSlug} ${outcome} (${snapshot.calls.discovery} discovery + ${snapshot.calls.step} step calls; journal ${snapshot.journal})\n`, "console"));
      if (this.limitStop === undefined) this.end(snapshot.status === "completed" ? 0 : 1);
    });
  }

  /** Orchestrator events become threads, output and stops. */
  private follow(orchestrator: Orchestrator): void {
    orchestrator.on("call.started", (call: Call) => this.callsInFlight.add(`${call.runId} ${call.seq}`));
    orchestrator.on("call.finished", (call: Call) => this.callsInFlight.delete(`${call.runId} ${call.seq}`));
    orchestrator.on("step.planned", (run: RunSnapshot, step: StepRecord) => {
      const threadId = this.gate!.stepPlanned(run, step);
      if (threadId !== undefined) this.sendEvent(new ThreadEvent("started", threadId));
    });
    orchestrator.on("step.completed", (_run: RunSnapshot, step: StepRecord) => {
      const threadId = this.gate!.stepFinished(step);
      if (threadId !== undefined) this.sendEvent(new ThreadEvent("exited", threadId));
    });
    orchestrator.on("step.errored", (run: RunSnapshot, step: StepRecord, error: SerializedError, willRetry: boolean) => {
      this.gate!.stepErrored(run, step, error, willRetry);
      this.sendEvent(new OutputEvent(`step "${step.id}" attempt ${step.attempts}: ${error.name}: ${error.message}${willRetry ? " (will retry)" : " (failed for good)"}\n`, "stderr"));
    });
    orchestrator.on("limit.reached", (run: RunSnapshot, message: string) => {
      this.sendEvent(new OutputEvent(`stepwise: run failed: ${message}\n`, "stderr"));
      if (run.runId !== this.run?.id || !this.exceptionFilters.has("limit")) return;
      this.limitStop = message;
      this.stopped({ threadId: RUN_THREAD, reason: "exception", description: "Paused on a limit", text: message });
    });
    orchestrator.on("run.finished", (run: RunSnapshot) => {
      if (run.runId !== this.run?.id) return;
      for (const threadId of this.gate!.releaseRun(run.runId)) this.sendEvent(new ThreadEvent("exited", threadId));
    });
    orchestrator.on("output", (text: string, stream: "stdout" | "stderr") => this.sendEvent(new OutputEvent(text, stream)));
    orchestrator.on("log", (message: string) => this.sendEvent(new OutputEvent(message + "\n", "console")));
    orchestrator.on("run.note", (run: RunSnapshot, message: string) => this.sendEvent(new OutputEvent(`run ${run.runId}: ${message}\n`, "console")));
  }

  private stopped(stop: Stop): void {
    this.lastStopOf.set(stop.threadId, stop);
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

  /** A step breakpoint can only stop before a step the SDK plans; while any is set (or while stepping), every step is planned. */
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
    const name = this.replay ? `replay of ${this.replay.recorded.functionSlug} (${this.replay.recorded.runId})` : `run ${this.fn?.slug ?? ""}`.trim();
    const threads = [new Thread(RUN_THREAD, name)];
    for (const t of this.gate?.stepThreads() ?? []) threads.push(new Thread(t.id, t.name));
    response.body = { threads };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const base = args.threadId * FRAMES_PER_THREAD;
    const frames: DebugProtocol.StackFrame[] = [];
    const step = this.stepOfThread(args.threadId);
    const stepId = this.replay ? this.replay.nextRecorded?.id : step?.id;
    if (stepId) {
      const site = this.program ? this.breakpoints.callSites.stepSite(this.program, stepId, this.fn?.slug) : undefined;
      const tool = site ? (site.tool === "infer" || site.tool === "wrap" ? `ai.${site.tool}` : site.tool) : TOOL_OF_KIND[(step?.kind ?? this.replay?.nextRecorded?.kind ?? "run") as StepKind] ?? "run";
      const frame: DebugProtocol.StackFrame = new StackFrame(base, `step.${tool}("${stepId}")`, site ? this.source() : undefined, site?.line ?? 0, site?.column ?? 0);
      frame.canRestart = !!step && !this.replay;
      frames.push(frame);
    } else if (args.threadId === RUN_THREAD) {
      const held = this.gate?.heldCalls(RUN_THREAD)[0];
      const name = this.replay ? "function returns" : this.finishedRun ? `run ${this.finishedRun.status}` : held ? (held.checkpointed ? `after the checkpoint of ${held.checkpointed.map((id) => `"${id}"`).join(", ")}` : `discovery call #${held.seq}`) : "run";
      const handler = this.handlerSite();
      frames.push(new StackFrame(base, name, handler ? this.source() : undefined, handler?.line ?? 0, handler?.column ?? 0));
    }
    const handler = this.handlerSite();
    const handlerFrame: DebugProtocol.StackFrame = new StackFrame(base + 1, `${this.fn?.slug ?? "function"} handler`, handler ? this.source() : undefined, handler?.line ?? 0, handler?.column ?? 0);
    handlerFrame.canRestart = false;
    frames.push(handlerFrame);
    const start = args.startFrame ?? 0;
    const page = args.levels ? frames.slice(start, start + args.levels) : frames.slice(start);
    response.body = { stackFrames: page, totalFrames: frames.length };
    this.sendResponse(response);
  }

  private source(): Source | undefined {
    return this.program ? new Source(path.basename(this.program), this.convertDebuggerPathToClient(this.program)) : undefined;
  }

  private handlerSite() {
    return this.program ? this.breakpoints.callSites.handlerSite(this.program, this.fn?.slug) : undefined;
  }

  private stepOfThread(threadId: number): StepRecord | undefined {
    const thread = this.gate?.thread(threadId);
    const run = thread ? this.orchestrator_?.runs.get(thread.runId) : undefined;
    return run?.steps.get(thread!.hashedId);
  }

  // ---- scopes and variables --------------------------------------------------------------------

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const threadId = Math.floor(args.frameId / FRAMES_PER_THREAD);
    const scope = (name: string, kind: ScopeName, presentationHint?: string) => {
      const s: DebugProtocol.Scope = new Scope(name, this.reference({ kind: "scope", scope: kind, threadId }), false);
      if (presentationHint) s.presentationHint = presentationHint;
      return s;
    };
    const scopes: DebugProtocol.Scope[] = [];
    if (this.stepView(threadId)) scopes.push(scope("Step", "step", "arguments"));
    scopes.push(scope("Memoized state", "state", "locals"), scope("Event", "event"), scope("Run", "run"));
    response.body = { scopes };
    this.sendResponse(response);
  }

  /** One reference per scope or path and thread, so repeated requests do not pile up references. */
  private reference(container: Container): number {
    const key = container.kind === "scope" ? `${container.threadId} ${container.scope}` : `${container.threadId} ${JSON.stringify(container.path)}`;
    let id = this.referenceByKey.get(key);
    if (id === undefined) {
      id = this.nextReference++;
      this.referenceByKey.set(key, id);
      this.containers.set(id, container);
    }
    return id;
  }

  /** What paths start from: `state`, `event`, `step`, `run` (as the given thread sees them). */
  private roots(threadId: number): Record<string, unknown> {
    return {
      state: Object.fromEntries(this.memoized().map((m) => [m.id, m.value])),
      event: this.replay ? this.replay.recorded.event : this.run?.event,
      step: this.stepView(threadId),
      run: this.runView(),
    };
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const container = this.containers.get(args.variablesReference);
    let variables: DebugProtocol.Variable[] = [];
    if (container?.kind === "scope") {
      variables = this.scopeEntries(container.scope, container.threadId).map(([name, value, segments]) => this.variable(name, value, segments, container.threadId));
    } else if (container?.kind === "path") {
      let value: unknown;
      try {
        value = lookup(this.roots(container.threadId), container.path);
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
    const variablesReference = isExpandable(value) ? this.reference({ kind: "path", path: segments, threadId }) : 0;
    const v: DebugProtocol.Variable = { name, value: preview(value), type: typeOf(value), variablesReference, evaluateName: formatPath(segments) };
    if (Array.isArray(value) && variablesReference) v.indexedVariables = value.length;
    return v;
  }

  private scopeEntries(scope: ScopeName, threadId: number): Array<[string, unknown, Segment[]]> {
    if (scope === "state") return this.memoized().map((m) => [m.id, m.value, ["state", m.id]]);
    const root = scope === "step" ? this.stepView(threadId) : scope === "event" ? this.roots(threadId).event : this.runView();
    return Object.entries((root as Record<string, unknown>) ?? {}).map(([k, v]) => [k, v, [scope, k]]);
  }

  /** The memoized results in stack order, as the code will see them. */
  private memoized(): Array<{ hashedId: string; id: string; value: unknown; stored: StoredResult }> {
    if (this.replay) return this.replay.memoized.map((s) => ({ hashedId: s.hashedId, id: s.id, value: outputOf(s.result), stored: s.result }));
    const run = this.run;
    if (!run) return [];
    return run.stack.map((hashedId) => ({ hashedId, id: run.steps.get(hashedId)?.id ?? hashedId, value: outputOf(run.stored.get(hashedId)), stored: run.stored.get(hashedId) }));
  }

  /** The Step scope: the step a thread runs, the discovery held on thread 1, or the replay position. */
  private stepView(threadId: number): Record<string, unknown> | undefined {
    if (this.replay) {
      const at = this.replay.at;
      const next = this.replay.nextRecorded;
      return {
        position: `${at.position} of ${this.replay.length}`,
        nextRecordedStep: next ? next.id : "(end of the recording)",
        ...(next ? { recordedOutput: outputOf(next.result) } : {}),
        codeAsksFor: at.reported.map((r) => `${r.id} (${r.op})`),
        ...(at.divergence ? { divergence: at.divergence.message } : {}),
        ...(at.outcome ? { outcome: at.outcome } : {}),
      };
    }
    const step = this.stepOfThread(threadId);
    if (!step) {
      const held = threadId === RUN_THREAD ? this.gate?.heldCalls(RUN_THREAD)[0] : undefined;
      return held ? { call: "discovery", seq: held.seq, attempt: held.attempt + 1, runs: "the function's code up to its next new steps (memoized steps are not run again)" } : undefined;
    }
    const view: Record<string, unknown> = {
      id: step.id,
      hashedId: step.hashedId,
      kind: step.kind,
      attempt: Math.max(step.attempts, (this.gate?.heldCalls(threadId)[0]?.attempt ?? -1) + 1),
      maxAttempts: this.fn?.maxAttempts,
      status: step.status,
    };
    if (step.output !== undefined) view.output = step.output;
    if (step.error) view.error = step.error;
    if (step.startedAt) view.startedAt = new Date(step.startedAt).toISOString();
    if (step.endedAt) view.endedAt = new Date(step.endedAt).toISOString();
    if (step.endedAt && step.startedAt) view.durationMs = step.endedAt - step.startedAt;
    return view;
  }

  private runView(): Record<string, unknown> {
    if (this.replay) {
      const r = this.replay.recorded;
      return { runId: r.runId, function: r.functionSlug, mode: "replay (no step body runs)", recordedStatus: r.status, recordedResults: r.stored.length, position: this.replay.at.position, journal: r.file };
    }
    const run = this.run;
    if (!run) return {};
    const statePercent = (100 * run.stateBytes) / run.limits.maxStateBytes;
    return {
      runId: run.id,
      function: run.fn.slug,
      status: run.status,
      parallelism: run.mode ?? "not known yet (the first answer tells)",
      calls: { discovery: run.calls.discovery, step: run.calls.step, total: run.calls.discovery + run.calls.step, checkpoint: run.calls.checkpoint },
      state: `${formatBytes(run.stateBytes)} of ${formatMb(run.limits.maxStateBytes)} (${statePercent.toFixed(1)}%)${statePercent >= 80 ? " — close to the limit" : ""}`,
      steps: `${run.steps.size} of ${run.limits.maxSteps}`,
      ...(run.waitingFor ? { waiting: run.waitingFor } : {}),
      ...(run.error ? { error: run.error } : {}),
      ...(run.status === "completed" ? { output: run.output } : {}),
      ...(this.orchestrator_?.planEveryStep ? { note: "step breakpoints or stepping: every step is planned before it runs (2 calls a step)" } : {}),
      ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
      journal: run.journal.file,
    };
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const container = this.containers.get(args.variablesReference);
    const parent = container?.kind === "scope" ? [container.scope] : container?.kind === "path" ? container.path : [];
    const target = [...parent, /^\d+$/.test(args.name) && container?.kind === "path" ? Number(args.name) : args.name];
    const memo = target[0] === "state" ? this.memoized().find((m) => m.id === target[1]) : undefined;
    if (!memo || !this.run || this.replay) {
      const why = this.replay ? "a replay does not change its recording" : "only memoized step results (the Memoized state scope) can be changed";
      this.sendErrorResponse(response, { id: 1002, format: `Stepwise: ${why}`, showUser: true });
      return;
    }
    const entered = parseEnteredValue(args.value);
    const keys = target.slice(2);
    const next = keys.length === 0 ? entered : setIn(memo.value, keys, entered);
    const isError = storedError(memo.stored) !== undefined;
    this.run.editStoredResult(memo.hashedId, isError ? { error: next } : { data: next });
    response.body = { value: preview(entered), type: typeOf(entered), variablesReference: isExpandable(entered) ? this.reference({ kind: "path", path: target, threadId: container!.threadId }) : 0 };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const threadId = args.frameId !== undefined ? Math.floor(args.frameId / FRAMES_PER_THREAD) : RUN_THREAD;
    try {
      const segments = parsePath(args.expression);
      const value = lookup(this.roots(threadId), segments);
      response.body = { result: preview(value), type: typeOf(value), variablesReference: isExpandable(value) ? this.reference({ kind: "path", path: segments, threadId }) : 0 };
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
    // Continue on a step thread lets only that step go; on the run's thread, everything.
    const one = !this.replay && args.threadId !== RUN_THREAD;
    response.body = { allThreadsContinued: !one };
    this.sendResponse(response);
    if (this.replay) return void this.moveReplay(this.replay.forward());
    if (this.afterLimitStop()) return;
    this.thawAfterPause();
    if (one) this.gate?.continueThread(args.threadId);
    else this.gate?.continueAll();
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
    this.thawAfterPause();
    this.gate?.next(args.threadId);
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
    // Every call not yet sent is held (each stops its thread as it arrives). If none is held now, the
    // run's thread stops at once and the run's timers freeze, as they do while a call is held.
    if (this.gate.pause() && this.orchestrator_) {
      if (!this.pauseFroze) this.orchestrator_.clock.freeze();
      this.pauseFroze = true;
      this.stopped({ threadId: RUN_THREAD, reason: "pause", description: "Paused: calls in flight finish, no new call is sent, timers wait" });
    }
  }

  private thawAfterPause(): void {
    if (this.pauseFroze) this.orchestrator_?.clock.thaw();
    this.pauseFroze = false;
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
    const step = this.stepOfThread(Math.floor(args.frameId / FRAMES_PER_THREAD));
    if (!step || !this.run || this.replay || args.frameId % FRAMES_PER_THREAD !== 0) {
      this.sendErrorResponse(response, { id: 1005, format: "Stepwise: restart frame works on a step's frame (the top frame of a step thread): it starts a new run with the results from before that step", showUser: true });
      return;
    }
    this.sendResponse(response);
    this.rerunFrom(step.hashedId);
  }

  /** A new run of the same function and event, starting from the results stored before the step. */
  private rerunFrom(hashedId: string): void {
    const old = this.run!;
    const index = old.stack.indexOf(hashedId);
    const memoized = (index < 0 ? old.stack : old.stack.slice(0, index)).map((h) => {
      const s = old.steps.get(h)!;
      return { hashedId: h, id: s.id, kind: s.kind, result: old.stored.get(h) };
    });
    const stepId = old.steps.get(hashedId)?.id ?? hashedId;
    for (const threadId of this.gate!.releaseRun(old.id)) this.sendEvent(new ThreadEvent("exited", threadId));
    old.cancel(`restarted from step "${stepId}"`);
    this.forgetReferences();
    this.gate!.stopOnNextEntry("restart");
    this.sendEvent(new OutputEvent(`Rerunning ${old.fn.slug} from step "${stepId}" with ${memoized.length} stored result${memoized.length === 1 ? "" : "s"} (run ${old.id} is cancelled)\n`, "console"));
    this.startRun(old.event, memoized);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: { event?: InngestEvent; stepId?: string }): void {
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
      this.rerunFrom(step.hashedId);
    } else {
      super.customRequest(command, response, args);
    }
  }

  private forgetReferences(): void {
    this.containers.clear();
    this.referenceByKey.clear();
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

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.closeRuntime();
    this.sendResponse(response);
    this.shutdown();
  }

  /** Over stdio the adapter process exits after disconnect or when its input closes: close the runtime first (inline, nothing exits). */
  override shutdown(): void {
    void this.closeRuntime().finally(() => super.shutdown());
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.closeRuntime();
    this.sendResponse(response);
    this.end(0);
  }

  /**
   * Cancels the runs still going (their journals end with an `end` line) and stops the app host.
   * First no new call may start and the calls in flight may answer (up to 3 s): a call cut off by
   * the host's exit would make the runtime start a fresh host after close (see the report).
   */
  private async closeRuntime(): Promise<void> {
    this.closed = true;
    const orchestrator = this.orchestrator_;
    this.orchestrator_ = undefined;
    if (orchestrator) {
      this.gate?.pause();
      const deadline = Date.now() + 3000;
      while (this.callsInFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await orchestrator.close();
    }
    this.gate?.continueAll();
  }
}

/** A stored result as the code sees it: `{ data }` → data, `{ error }` → the error. */
/** What the code sees for a stored result: its data, or the error a failed step throws. */
function outputOf(stored: unknown): unknown {
  return storedError(stored) ?? storedOutput(stored);
}

/** A copy of `root` with the value at `keys` replaced. */
function setIn(root: unknown, keys: Segment[], value: unknown): unknown {
  const copy = (Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
  const [key, ...rest] = keys;
  copy[key] = rest.length ? setIn(copy[key], rest, value) : value;
  return copy;
}
