// The Stepwise debug session: Debug Adapter Protocol requests in, orchestrator commands out;
// orchestrator events in, DAP events out. Thread 1 is the run (its discovery calls); every
// planned step is a thread of its own while it waits and runs. Policy lives in run-debugger.ts
// (which calls to hold) and runtime/ (everything about runs); this file only translates.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  Breakpoint,
  DebugSession,
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
  Event,
} from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { locateFunctions } from "../lint/function-locator";
import { StepwiseInputError } from "../runtime/errors";
import { defaultJournalDir, findRecordedRun, type RecordedRun } from "../runtime/journal";
import { formatMb, resolveLimits } from "../runtime/limits";
import { Orchestrator, type StartRunOptions } from "../runtime/orchestrator";
import { ReplayCursor, type ReplayPosition } from "../runtime/replay";
import type { Run } from "../runtime/run";
import type { FunctionConfig, InngestEvent, RunSnapshot, SerializedError, StepRecord } from "../runtime/types";
import { checkLaunchArguments, launchEvent, LaunchArgumentError, type StepwiseLaunchArguments } from "./launch-arguments";
import { evaluatePath, PathExpressionError } from "./path-expression";
import { RUN_THREAD, RunDebugger, type ExceptionFilter, type Stop } from "./run-debugger";
import { StepBreakpoints } from "./step-breakpoints";
import { childrenOf, formatBytes, isExpandable, parseEnteredValue, preview, variable } from "./value-view";

const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: "retry", label: "Step error (will retry)", description: "Stop when a step throws and will be retried", default: true },
  { filter: "failed", label: "Step failed for good", description: "Stop when a step has used up its retries or threw NonRetriableError", default: true },
  { filter: "limit", label: "Limit reached", description: "Stop when the run goes over the step, output or state limit", default: true },
  { filter: "divergence", label: "Non-determinism in replay", description: "Stop when the code asks for a different step than the recording", default: true },
];

type Container =
  | { kind: "scope"; scope: "step" | "state" | "event" | "run"; threadId: number }
  | { kind: "value"; value: unknown; evaluateName: string; edit?: { hashedId: string; keys: Array<string | number> } };

const FRAMES_PER_THREAD = 1000;

export class StepwiseDebugSession extends DebugSession {
  private orchestrator_?: Orchestrator;
  private readonly orchestratorListeners: Array<(o: Orchestrator) => void> = [];
  private readonly breakpoints = new StepBreakpoints();
  private exceptionFilters = new Set<ExceptionFilter>(EXCEPTION_FILTERS.map((f) => f.filter as ExceptionFilter));
  private debugger_?: RunDebugger;
  private run?: Run;
  private fn?: FunctionConfig;
  private program?: string;
  private replay?: { cursor: ReplayCursor; at: ReplayPosition };
  private readonly containers = new Map<number, Container>();
  private nextReference = 1;
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private terminated = false;
  private finishedRun?: RunSnapshot;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** The orchestrator of this session once launch has started it. */
  get orchestrator(): Orchestrator | undefined {
    return this.orchestrator_;
  }

  onOrchestrator(listener: (orchestrator: Orchestrator) => void): void {
    if (this.orchestrator_) listener(this.orchestrator_);
    else this.orchestratorListeners.push(listener);
  }

  // ---- set-up ----------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsEvaluateForHovers: false,
      supportsSetVariable: true,
      supportsRestartFrame: true,
      supportsStepBack: true,
      supportsTerminateRequest: true,
      supportsSingleThreadExecutionRequests: true,
      supportsExceptionInfoRequest: true,
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
    try {
      checkLaunchArguments(args);
      const event = launchEvent(args);
      // Wait for the breakpoints the client sends after `initialized` (at most a moment).
      await Promise.race([this.configured, new Promise((r) => setTimeout(r, 1000))]);
      const journalDir = args.journal ?? defaultJournalDir(args.program ? path.dirname(args.program) : process.cwd());
      const recorded = args.replay ? this.recordedRun(journalDir, args.replay) : undefined;
      this.program = args.program ?? recorded?.source?.program;
      const limits = resolveLimits({ maxSteps: args.maxSteps, maxStateMb: args.maxStateMb });
      this.debugger_ = new RunDebugger({
        stopOnEntry: args.stopOnEntry ?? true,
        stopOnParallel: args.stopOnParallel ?? true,
        breakpoints: this.breakpoints,
        exceptionFilters: this.exceptionFilters,
        onStop: (stop) => this.stopped(stop),
      });
      const source = args.url ? { url: args.url } : { program: path.resolve(this.program!) };
      const orchestrator = await Orchestrator.start(source, {
        gate: this.debugger_,
        journalDir,
        limits,
        workers: 1,
        inspect: args.debugUserCode === true,
        callTimeoutMs: args.debugUserCode ? null : undefined,
        apiPort: args.apiPort,
      });
      this.orchestrator_ = orchestrator;
      orchestrator.planEveryStep = this.breakpoints.any;
      this.follow(orchestrator);
      this.orchestratorListeners.splice(0).forEach((l) => l(orchestrator));
      this.fn = orchestrator.findFunction(args.function ?? recorded?.functionId);
      this.sendResponse(response);
      if (args.debugUserCode) {
        for (const port of orchestrator.inspectorPorts) this.sendEvent(new Event("stepwise/childSession", { port, address: "127.0.0.1" }));
      }
      if (recorded) await this.startReplay(recorded, args.stopOnEntry ?? true);
      else this.startRun({ ...orchestrator.defaultEvent(this.fn), ...event } as InngestEvent);
    } catch (err) {
      const known = err instanceof LaunchArgumentError || err instanceof StepwiseInputError || err instanceof RangeError;
      this.sendErrorResponse(response, { id: 1001, format: `Stepwise: ${known ? "" : "could not launch: "}${(err as Error).message}`, showUser: true });
      await this.orchestrator_?.close();
    }
  }

  private recordedRun(journalDir: string, runId: string): RecordedRun {
    const recorded = findRecordedRun(journalDir, runId);
    if (!recorded) throw new LaunchArgumentError(`"replay": no recorded run "${runId}" in ${journalDir}`);
    return recorded;
  }

  private startRun(event: InngestEvent, memoized?: StartRunOptions["memoized"]): void {
    const run = this.orchestrator_!.startRun(this.fn!, event, { memoized });
    this.run = run;
    this.finishedRun = undefined;
    void this.orchestrator_!.settle(run).then((snapshot) => {
      if (this.run !== run) return;
      this.finishedRun = snapshot;
      const outcome = snapshot.status === "completed" ? `completed → ${preview(snapshot.output)}` : `${snapshot.status}: ${snapshot.error?.name}: ${snapshot.error?.message}`;
      this.sendEvent(new OutputEvent(`Run ${snapshot.runId} of ${snapshot.functionSlug} ${outcome} (${snapshot.calls.discovery + snapshot.calls.step} calls; journal ${snapshot.journal})\n`, "console"));
      if (this.limitStopPending) return;
      this.end(snapshot.status === "completed" ? 0 : 1);
    });
  }

  private limitStopPending = false;

  /** Orchestrator events become threads, output and stops. */
  private follow(orchestrator: Orchestrator): void {
    orchestrator.on("step.planned", (run: RunSnapshot, step: StepRecord) => {
      const threadId = this.debugger_!.stepPlanned(run, step);
      if (threadId !== undefined) this.sendEvent(new ThreadEvent("started", threadId));
    });
    const finished = (run: RunSnapshot, step: StepRecord) => {
      const threadId = this.debugger_!.stepFinished(run, step);
      if (threadId !== undefined) this.sendEvent(new ThreadEvent("exited", threadId));
    };
    orchestrator.on("step.completed", finished);
    orchestrator.on("step.errored", (run: RunSnapshot, step: StepRecord, error: SerializedError, willRetry: boolean) => {
      this.debugger_!.stepErrored(run, step, error, willRetry);
      this.sendEvent(new OutputEvent(`step "${step.id}" attempt ${step.attempts}: ${error.name}: ${error.message}${willRetry ? " (will retry)" : ""}\n`, "stderr"));
    });
    orchestrator.on("limit.reached", (run: RunSnapshot, message: string) => {
      if (run.runId !== this.run?.id || !this.exceptionFilters.has("limit")) return;
      this.limitStopPending = true;
      this.limitMessage = message;
      this.stopped({ threadId: RUN_THREAD, reason: "exception", description: "Paused on a limit", text: message });
    });
    orchestrator.on("output", (text: string, stream: "stdout" | "stderr") => this.sendEvent(new OutputEvent(text, stream)));
    orchestrator.on("log", (message: string) => this.sendEvent(new OutputEvent(message + "\n", "console")));
  }

  private limitMessage?: string;
  private lastStop?: Stop;

  private stopped(stop: Stop): void {
    this.lastStop = stop;
    const event = new StoppedEvent(stop.reason, stop.threadId, stop.text) as DebugProtocol.StoppedEvent;
    event.body.description = stop.description;
    event.body.allThreadsStopped = false;
    event.body.preserveFocusHint = false;
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
    const file = args.source.path ?? "";
    const lines = (args.breakpoints ?? []).map((b) => b.line);
    response.body = { breakpoints: this.breakpoints.setLineBreakpoints(file, lines).map((b) => ({ ...b, source: args.source })) };
    if (this.orchestrator_) this.orchestrator_.planEveryStep = this.breakpoints.any;
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    response.body = { breakpoints: this.breakpoints.setFunctionBreakpoints(args.breakpoints.map((b) => b.name)) };
    if (this.orchestrator_) this.orchestrator_.planEveryStep = this.breakpoints.any;
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters.clear();
    for (const f of args.filters) this.exceptionFilters.add(f as ExceptionFilter);
    response.body = { breakpoints: args.filters.map(() => new Breakpoint(true)) };
    this.sendResponse(response);
  }

  // ---- threads, frames, scopes, variables --------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const runName = this.replay ? `replay ${this.replay.cursor.recorded.functionSlug}` : `run ${this.fn?.slug ?? ""}`.trim();
    const threads = [new Thread(RUN_THREAD, runName)];
    if (!this.replay) for (const t of this.debugger_?.stepThreads() ?? []) threads.push(new Thread(t.id, t.name));
    response.body = { threads };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const frames: StackFrame[] = [];
    const base = args.threadId * FRAMES_PER_THREAD;
    const step = this.stepOfThread(args.threadId);
    const stepId = this.replay ? this.replay.cursor.recorded.stored[this.replay.at.position]?.id ?? this.replay.at.reported[0]?.id : step?.id;
    if (stepId) {
      const site = this.stepSite(stepId);
      const kind = step?.kind ?? "run";
      frames.push(new StackFrame(base, `step.${kind === "run" ? "run" : kind}("${stepId}")`, site?.source, site?.line ?? 0, site?.column ?? 0));
    } else if (args.threadId === RUN_THREAD) {
      const held = this.debugger_?.heldCalls(RUN_THREAD)[0];
      frames.push(new StackFrame(base, this.finishedRun ? `run ${this.finishedRun.status}` : held ? "discovery call" : "run", this.handlerSite()?.source, this.handlerSite()?.line ?? 0, 1));
    }
    const handler = this.handlerSite();
    frames.push(new StackFrame(base + 1, `${this.fn?.slug ?? "function"} handler`, handler?.source, handler?.line ?? 0, handler?.column ?? 0));
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  private stepOfThread(threadId: number): StepRecord | undefined {
    const thread = this.debugger_?.thread(threadId);
    if (!thread || !this.run) return undefined;
    return this.run.steps.get(thread.hashedId);
  }

  private stepSite(stepId: string): { source: Source; line: number; column: number } | undefined {
    if (!this.program) return undefined;
    const site = this.breakpoints.stepsIn(this.program).find((s) => s.pattern.test(stepId) && (!s.functionId || s.functionId === this.fn?.slug));
    return site ? { source: new Source(path.basename(this.program), this.program), line: site.line, column: site.column } : undefined;
  }

  private handlerSite(): { source: Source; line: number; column: number } | undefined {
    if (!this.program) return undefined;
    try {
      const fn = locateFunctions(this.program, readFileSync(this.program, "utf8")).find((f) => f.id === this.fn?.slug);
      return fn ? { source: new Source(path.basename(this.program), this.program), line: fn.line, column: fn.column } : undefined;
    } catch {
      return undefined;
    }
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const threadId = Math.floor(args.frameId / FRAMES_PER_THREAD);
    const scope = (name: string, kind: "step" | "state" | "event" | "run", expensive = false) => new Scope(name, this.reference({ kind: "scope", scope: kind, threadId }), expensive);
    const scopes = [];
    if (this.stepOfThread(threadId) || this.replay) scopes.push(scope("Step", "step"));
    scopes.push(scope("Memoized state", "state"), scope("Event", "event"), scope("Run", "run"));
    response.body = { scopes };
    this.sendResponse(response);
  }

  private reference(container: Container): number {
    const id = this.nextReference++;
    this.containers.set(id, container);
    return id;
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const container = this.containers.get(args.variablesReference);
    let variables: DebugProtocol.Variable[] = [];
    if (container?.kind === "scope") variables = this.scopeVariables(container.scope, container.threadId);
    else if (container?.kind === "value") {
      const entries = childrenOf(container.value);
      const start = args.start ?? 0;
      const slice = args.count ? entries.slice(start, start + args.count) : entries;
      variables = slice.map(([name, value]) => this.valueVariable(name, value, /^\d+$/.test(name) ? `${container.evaluateName}[${name}]` : `${container.evaluateName}.${name}`, container.edit ? { hashedId: container.edit.hashedId, keys: [...container.edit.keys, /^\d+$/.test(name) && Array.isArray(container.value) ? Number(name) : name] } : undefined));
    }
    response.body = { variables };
    this.sendResponse(response);
  }

  private valueVariable(name: string, value: unknown, evaluateName: string, edit?: { hashedId: string; keys: Array<string | number> }): DebugProtocol.Variable {
    const ref = isExpandable(value) ? this.reference({ kind: "value", value, evaluateName, edit }) : 0;
    return variable(name, value, ref, evaluateName);
  }

  /** The memoized results in stack order, as the code will see them. */
  private memoized(): Array<{ hashedId: string; id: string; value: unknown }> {
    if (this.replay) {
      return this.replay.cursor.recorded.stored.slice(0, this.replay.at.position).map((s) => ({ hashedId: s.hashedId, id: s.id, value: outputOf(s.result) }));
    }
    if (!this.run) return [];
    return this.run.stack.map((hashedId) => ({ hashedId, id: this.run!.steps.get(hashedId)?.id ?? hashedId, value: outputOf(this.run!.stored.get(hashedId)) }));
  }

  private scopeVariables(scope: "step" | "state" | "event" | "run", threadId: number): DebugProtocol.Variable[] {
    if (scope === "state") return this.memoized().map((m) => this.valueVariable(m.id, m.value, `state[${JSON.stringify(m.id)}]`, { hashedId: m.hashedId, keys: [] }));
    if (scope === "event") {
      const event = this.replay ? this.replay.cursor.recorded.event : this.run?.event;
      return Object.entries(event ?? {}).map(([k, v]) => this.valueVariable(k, v, `event.${k}`));
    }
    if (scope === "step") return Object.entries(this.stepView(threadId) ?? {}).map(([k, v]) => this.valueVariable(k, v, `step.${k}`));
    return Object.entries(this.runView()).map(([k, v]) => this.valueVariable(k, v, `run.${k}`));
  }

  private stepView(threadId: number): Record<string, unknown> | undefined {
    if (this.replay) {
      const at = this.replay.at;
      const recorded = this.replay.cursor.recorded.stored[at.position];
      return {
        position: `${at.position} of ${this.replay.cursor.length}`,
        recordedStep: recorded ? recorded.id : "(end of the recording)",
        recordedOutput: recorded ? outputOf(recorded.result) : undefined,
        codeAsksFor: at.reported.map((r) => `${r.id} (${r.op})`),
        ...(at.divergence ? { divergence: at.divergence.message } : {}),
        ...(at.outcome ? { outcome: at.outcome } : {}),
      };
    }
    const step = this.stepOfThread(threadId);
    if (!step) return undefined;
    const view: Record<string, unknown> = {
      id: step.id,
      hashedId: step.hashedId,
      kind: step.kind,
      attempt: step.attempts,
      maxAttempts: this.fn?.maxAttempts,
      status: step.status,
    };
    if (step.output !== undefined) view.output = step.output;
    if (step.error) view.error = step.error;
    if (step.startedAt) view.startedAt = new Date(step.startedAt).toISOString();
    if (step.endedAt && step.startedAt) view.durationMs = step.endedAt - step.startedAt;
    return view;
  }

  private runView(): Record<string, unknown> {
    if (this.replay) {
      const r = this.replay.cursor.recorded;
      return { runId: r.runId, function: r.functionSlug, mode: "replay (no step bodies run)", recordedStatus: r.status, recordedSteps: r.stored.length, position: this.replay.at.position };
    }
    const run = this.run;
    if (!run) return {};
    return {
      runId: run.id,
      function: run.fn.slug,
      status: run.status,
      parallelism: run.mode ?? "not known yet (set by the first answer)",
      calls: { discovery: run.calls.discovery, step: run.calls.step, total: run.calls.discovery + run.calls.step },
      state: `${formatBytes(run.stateBytes)} of ${formatMb(run.limits.maxStateBytes)} (${((100 * run.stateBytes) / run.limits.maxStateBytes).toFixed(1)}%)`,
      steps: `${run.steps.size} of ${run.limits.maxSteps}`,
      ...(run.error ? { error: run.error } : {}),
      ...(run.status === "completed" ? { output: run.output } : {}),
      ...(this.orchestrator_?.planEveryStep ? { note: "step breakpoints are set: every step is planned before it runs (2 calls a step)" } : {}),
      journal: run.journal.file,
    };
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const container = this.containers.get(args.variablesReference);
    const memo = container?.kind === "scope" && container.scope === "state" ? this.memoized().find((m) => m.id === args.name) : undefined;
    const edit = memo ? { hashedId: memo.hashedId, keys: [] as Array<string | number> } : container?.kind === "value" && container.edit ? { hashedId: container.edit.hashedId, keys: [...container.edit.keys, args.name] } : undefined;
    if (!edit || !this.run || this.replay) {
      this.sendErrorResponse(response, { id: 1002, format: "Stepwise: only memoized step results can be changed (Memoized state), and not in replay", showUser: true });
      return;
    }
    const entered = parseEnteredValue(args.value);
    const current = outputOf(this.run.stored.get(edit.hashedId));
    const next = edit.keys.length === 0 ? entered : setIn(current, edit.keys, entered);
    const stored = this.run.stored.get(edit.hashedId);
    const isError = stored && typeof stored === "object" && "error" in stored;
    this.run.editStoredResult(edit.hashedId, isError ? { error: next } : { data: next });
    response.body = { value: preview(entered), variablesReference: 0 };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const threadId = args.frameId !== undefined ? Math.floor(args.frameId / FRAMES_PER_THREAD) : RUN_THREAD;
    const state = Object.fromEntries(this.memoized().map((m) => [m.id, m.value]));
    try {
      const value = evaluatePath(args.expression, {
        state,
        event: this.replay ? this.replay.cursor.recorded.event : this.run?.event,
        step: this.stepView(threadId),
        run: this.runView(),
      });
      const ref = isExpandable(value) ? this.reference({ kind: "value", value, evaluateName: args.expression }) : 0;
      response.body = { result: preview(value), variablesReference: ref };
      this.sendResponse(response);
    } catch (err) {
      const message = err instanceof PathExpressionError ? err.message : String(err);
      this.sendErrorResponse(response, { id: 1003, format: message, showUser: false });
    }
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const text = this.lastStop?.text ?? this.limitMessage ?? this.replay?.at.divergence?.message ?? "";
    response.body = { exceptionId: this.lastStop?.description ?? "step error", description: text, breakMode: "always" };
    this.sendResponse(response);
  }

  // ---- execution -------------------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    if (this.replay) {
      response.body = { allThreadsContinued: true };
      this.sendResponse(response);
      void this.replayForward(Number.MAX_SAFE_INTEGER);
      return;
    }
    // Continue on a step thread lets only that step go; on the run's thread, everything.
    const one = args.threadId !== RUN_THREAD;
    this.clearReferences();
    if (this.afterLimitStop()) {
      response.body = { allThreadsContinued: true };
      this.sendResponse(response);
      return;
    }
    if (one) this.debugger_?.continueThread(args.threadId);
    else this.debugger_?.continueAll();
    response.body = { allThreadsContinued: !one };
    this.sendResponse(response);
  }

  /** After a stop on a limit the run has ended: continuing ends the session. */
  private afterLimitStop(): boolean {
    if (!this.limitStopPending) return false;
    this.limitStopPending = false;
    if (this.finishedRun) this.end(1);
    return true;
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.sendResponse(response);
    this.clearReferences();
    if (this.replay) return void this.replayTo(this.replay.at.position + 1, "step");
    if (this.afterLimitStop()) return;
    this.debugger_?.next(args.threadId);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.nextRequest(response, args);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.continueRequest(response as DebugProtocol.ContinueResponse, { threadId: args.threadId, singleThread: true });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.debugger_?.pause();
    this.sendResponse(response);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    if (!this.replay) {
      this.sendErrorResponse(response, { id: 1004, format: 'Stepwise: step back works in replay — launch with "replay": "<runId>" (Stepwise Runs view → Replay)', showUser: true });
      return;
    }
    this.sendResponse(response);
    this.clearReferences();
    void this.replayTo(this.replay.at.position - 1, "step");
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    if (!this.replay) {
      this.sendErrorResponse(response, { id: 1004, format: 'Stepwise: reverse continue works in replay — launch with "replay": "<runId>"', showUser: true });
      return;
    }
    this.sendResponse(response);
    this.clearReferences();
    const recorded = this.replay.cursor.recorded.stored;
    let target = this.replay.at.position - 1;
    while (target > 0 && this.breakpoints.matching(recorded[target].id) === undefined) target--;
    void this.replayTo(Math.max(0, target), target > 0 ? "breakpoint" : "entry");
  }

  protected override restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): void {
    const step = this.stepOfThread(Math.floor(args.frameId / FRAMES_PER_THREAD));
    if (!step || !this.run || this.replay) {
      this.sendErrorResponse(response, { id: 1005, format: "Stepwise: restart frame works on a step's frame: it starts a new run with the results from before that step", showUser: true });
      return;
    }
    this.rerunFrom(step.hashedId);
    this.sendResponse(response);
  }

  /** A new run of the same function and event, starting from the results stored before the step. */
  private rerunFrom(hashedId: string): void {
    const old = this.run!;
    const index = old.stack.indexOf(hashedId);
    const before = index < 0 ? old.stack : old.stack.slice(0, index);
    const memoized = before.map((h) => {
      const s = old.steps.get(h)!;
      return { hashedId: h, id: s.id, kind: s.kind, result: old.stored.get(h) };
    });
    for (const threadId of this.debugger_!.releaseRun(old.id)) this.sendEvent(new ThreadEvent("exited", threadId));
    old.cancel(`restarted from step "${old.steps.get(hashedId)?.id}"`);
    this.debugger_!.stopOnNextEntry();
    this.sendEvent(new OutputEvent(`Rerunning ${old.fn.slug} from step "${old.steps.get(hashedId)?.id}" with ${memoized.length} stored result(s)\n`, "console"));
    this.startRun(old.event, memoized);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: { event?: InngestEvent; stepId?: string }): void {
    if (command === "stepwise/sendEvent" && this.orchestrator_ && args?.event?.name) {
      response.body = { ids: this.orchestrator_.sendEvent({ ...args.event, data: args.event.data ?? {} }) };
      this.sendResponse(response);
    } else if (command === "stepwise/completedSteps" && this.run) {
      response.body = { steps: this.run.stack.map((h) => ({ id: this.run!.steps.get(h)?.id ?? h, hashedId: h })) };
      this.sendResponse(response);
    } else if (command === "stepwise/rerunFromStep" && this.run && args?.stepId) {
      const step = [...this.run.steps.values()].find((s) => s.id === args.stepId);
      if (!step) return this.sendErrorResponse(response, { id: 1006, format: `Stepwise: no step "${args.stepId}" in this run`, showUser: true });
      this.rerunFrom(step.hashedId);
      this.sendResponse(response);
    } else {
      super.customRequest(command, response, args);
    }
  }

  private clearReferences(): void {
    this.containers.clear();
  }

  // ---- replay ----------------------------------------------------------------------------------

  private async startReplay(recorded: RecordedRun, stopOnEntry: boolean): Promise<void> {
    const cursor = new ReplayCursor(this.orchestrator_!, recorded, this.fn!);
    this.replay = { cursor, at: await cursor.goTo(0) };
    this.sendEvent(new OutputEvent(`Replaying run ${recorded.runId} of ${recorded.functionSlug}: ${recorded.stored.length} recorded results; no step body runs. Step back with Shift+F11 / the Step Back button.\n`, "console"));
    if (stopOnEntry) this.stopped({ threadId: RUN_THREAD, reason: "entry", description: `Replay at position 0 of ${cursor.length}` });
    else await this.replayForward(Number.MAX_SAFE_INTEGER);
  }

  private async replayTo(position: number, reason: Stop["reason"]): Promise<void> {
    const replay = this.replay!;
    try {
      replay.at = await replay.cursor.goTo(position);
    } catch (err) {
      this.sendEvent(new OutputEvent(`replay failed: ${(err as Error).message}\n`, "stderr"));
      return this.end(2);
    }
    if (replay.at.divergence && this.exceptionFilters.has("divergence")) {
      this.stopped({ threadId: RUN_THREAD, reason: "exception", description: "Non-determinism", text: replay.at.divergence.message });
      return;
    }
    this.stopped({ threadId: RUN_THREAD, reason, description: `Replay at position ${replay.at.position} of ${replay.cursor.length}` });
  }

  /** Moves forward until a breakpoint, a divergence or the end. */
  private async replayForward(limit: number): Promise<void> {
    const replay = this.replay!;
    const recorded = replay.cursor.recorded.stored;
    if (replay.at.position >= replay.cursor.length) {
      const outcome = replay.at.outcome;
      this.sendEvent(new OutputEvent(`Replay finished: the function ${outcome?.status ?? "did not finish"}${outcome?.status === "completed" ? ` → ${preview(outcome.output)}` : outcome?.error ? `: ${outcome.error.message}` : ""}\n`, "console"));
      return this.end(replay.at.divergence ? 1 : 0);
    }
    for (let p = replay.at.position + 1, steps = 0; p <= replay.cursor.length && steps < limit; p++, steps++) {
      replay.at = await replay.cursor.goTo(p);
      if (replay.at.divergence) {
        if (this.exceptionFilters.has("divergence")) {
          this.stopped({ threadId: RUN_THREAD, reason: "exception", description: "Non-determinism", text: replay.at.divergence.message });
          return;
        }
        this.sendEvent(new OutputEvent(`${replay.at.divergence.message}\n`, "stderr"));
        return this.end(1);
      }
      const bp = recorded[p] ? this.breakpoints.matching(recorded[p].id) : undefined;
      if (bp !== undefined) {
        this.stopped({ threadId: RUN_THREAD, reason: "breakpoint", description: `Replay at position ${p}`, hitBreakpointIds: [bp] });
        return;
      }
    }
    this.stopped({ threadId: RUN_THREAD, reason: "step", description: `Replay at the end (position ${replay.at.position})` });
  }

  // ---- the end -----------------------------------------------------------------------------------

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.closeRuntime();
    this.sendResponse(response);
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.closeRuntime();
    this.sendResponse(response);
    this.end(0);
  }

  private async closeRuntime(): Promise<void> {
    const orchestrator = this.orchestrator_;
    this.orchestrator_ = undefined;
    this.debugger_?.continueAll();
    await orchestrator?.close();
  }
}

function outputOf(stored: unknown): unknown {
  if (stored && typeof stored === "object" && !Array.isArray(stored)) {
    if ("data" in stored && Object.keys(stored).length === 1) return (stored as { data: unknown }).data;
    if ("error" in stored && Object.keys(stored).length === 1) return (stored as { error: unknown }).error;
  }
  return stored;
}

function setIn(root: unknown, keys: Array<string | number>, value: unknown): unknown {
  const copy = Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) };
  const [key, ...rest] = keys;
  (copy as Record<string | number, unknown>)[key] = rest.length ? setIn((root as Record<string | number, unknown>)[key], rest, value) : value;
  return copy;
}
