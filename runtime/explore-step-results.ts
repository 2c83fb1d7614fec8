// What a step returns under exploration: its recorded result; or, for a step the recording lacks
// (a path the recorded run did not take, such as a fallback), the result of running it for real
// once — a targeted step call with its retries, a child run for an invoke, the request of a
// step.fetch — kept and handed to every later schedule. A sleep the recording lacks ends at once
// and a wait it lacks times out (null): exploring waits neither for time nor for events.
import type { ExploredRun, SendCall } from "./explore-discoveries";
import { functionNamed, invokedEvent, noInvokeTarget } from "./invocation";
import type { ScheduleState, ScheduleStep } from "./explore-schedule";
import type { InvokeOptions, Run } from "./run";
import { INFRASTRUCTURE_ERROR, toSerializedError } from "./run";
import { retryDelayMs, shouldRetry, type RetryPolicy } from "./retry-policy";
import { buildCallBody, describe, parseOps } from "./sdk-call";
import type { FunctionConfig, InngestEvent, RunSnapshot, SerializedError, StoredResult } from "./types";

/** A step's result, or the failure of the whole run its real call caused (the function threw outside the step). */
export type StepOutcome = { result: StoredResult } | { runFailed: SerializedError };

/** What running a step for real needs from the orchestrator. */
export interface StepRunner {
  send: SendCall;
  retryPolicy: RetryPolicy;
  functions: FunctionConfig[];
  startRun(fn: FunctionConfig, event: InngestEvent, options?: { parentRunId?: string }): Run;
  settle(run: Run): Promise<RunSnapshot>;
  mapError(fn: FunctionConfig, error: SerializedError): SerializedError;
}

/** A step the recording lacked, and what exploring did for it. */
export interface NewStep {
  id: string;
  how: "ran" | "slept" | "timed out";
}

export class StepResults {
  readonly newSteps: NewStep[] = [];
  private readonly known = new Map<string, StepOutcome>();
  private readonly pending = new Map<string, Promise<StepOutcome>>();

  constructor(
    private readonly runner: StepRunner,
    private readonly fn: FunctionConfig,
    private readonly run: ExploredRun,
    recorded: Array<{ hashedId: string; result: StoredResult }>,
  ) {
    for (const r of recorded) this.known.set(r.hashedId, { result: r.result });
  }

  recorded(hashedId: string): boolean {
    return this.known.has(hashedId);
  }

  /** The result a step has (for call bodies); every stack entry has one. */
  readonly get = (hashedId: string): StoredResult => {
    const known = this.known.get(hashedId);
    return known && "result" in known ? known.result : null;
  };

  /** The step's outcome; the first time a step the recording lacks is asked for, it runs for real. */
  async of(step: ScheduleStep, state: ScheduleState): Promise<StepOutcome> {
    const known = this.known.get(step.hashedId);
    if (known) return known;
    let running = this.pending.get(step.hashedId);
    if (!running) {
      running = this.runForReal(step, state).then((outcome) => {
        this.known.set(step.hashedId, outcome);
        this.pending.delete(step.hashedId);
        return outcome;
      });
      this.pending.set(step.hashedId, running);
    }
    return running;
  }

  private async runForReal(step: ScheduleStep, state: ScheduleState): Promise<StepOutcome> {
    switch (step.op.op) {
      case "Sleep":
        this.newSteps.push({ id: step.id, how: "slept" });
        return { result: null };
      case "WaitForEvent":
      case "WaitForSignal":
        this.newSteps.push({ id: step.id, how: "timed out" });
        return { result: null };
      case "InvokeFunction":
        this.newSteps.push({ id: step.id, how: "ran" });
        return this.invoke(step);
      case "Gateway":
      case "AIGateway":
        this.newSteps.push({ id: step.id, how: "ran" });
        return this.gateway(step);
      default:
        this.newSteps.push({ id: step.id, how: "ran" });
        return this.stepCall(step, state);
    }
  }

  /**
   * The call the run would have made for the step, with the state from when it was planned, retried
   * as a run retries it: for an inline step the discovery that found it (with its attempt), where
   * the SDK runs it; else a targeted step call (stepId = its hash).
   */
  private async stepCall(step: ScheduleStep, state: ScheduleState): Promise<StepOutcome> {
    const maxAttempts = this.fn.maxAttempts;
    for (let attempt = step.inline ? step.foundAtAttempt : 0; ; attempt++) {
      const body = buildCallBody({
        runId: this.run.runId,
        event: this.run.event,
        events: this.run.events,
        stack: state.stack.slice(0, step.planLength),
        stored: (hashedId) => state.resultOf(hashedId, this.get),
        attempt,
        maxAttempts,
        disableImmediateExecution: !step.inline,
        requestVersion: state.fanIn.requestVersion,
        defers: state.defers,
      });
      const answer = await this.runner.send(this.fn, step.inline ? "step" : step.hashedId, () => body, state.fanIn.requestVersion);
      if (answer.status === 206) {
        const op = parseOps(answer.body).find((o) => o.id === step.hashedId);
        if (op?.op === "StepRun") return { result: { data: op.data === undefined ? null : op.data } };
        const error = this.runner.mapError(this.fn, op?.error ?? { name: "Error", message: "step failed" });
        if (op?.op === "StepFailed") return { result: { error } };
        if (op?.op !== "StepError") return { runFailed: { name: INFRASTRUCTURE_ERROR, message: `the app answered the call for step "${step.id}" with ${describe(answer.body)}, not its result` } };
        if (!shouldRetry({ kind: "step-error" }, attempt, maxAttempts)) return { result: { error } };
        await delay(retryDelayMs(this.runner.retryPolicy, attempt + 1, answer.retryAfter, Date.now()));
      } else if (answer.status === 200) {
        return { runFailed: { name: INFRASTRUCTURE_ERROR, message: `the app answered the call for step "${step.id}" with the function's return value (HTTP 200), not the step's result` } };
      } else {
        const error = this.runner.mapError(this.fn, toSerializedError(answer.body, answer.status));
        if (!shouldRetry({ kind: "function-error", status: answer.status, noRetryHeader: answer.noRetry }, attempt, maxAttempts)) return { runFailed: error };
        await delay(retryDelayMs(this.runner.retryPolicy, attempt + 1, answer.retryAfter, Date.now()));
      }
    }
  }

  /** step.invoke: the target function runs for real (a child run, recorded as usual); its result or error is the step's. */
  private async invoke(step: ScheduleStep): Promise<StepOutcome> {
    const opts = (step.op.opts ?? {}) as InvokeOptions;
    const target = functionNamed(this.runner.functions, opts.function_id);
    if (!target) return { result: { error: noInvokeTarget(opts.function_id) } };
    const child = this.runner.startRun(target, invokedEvent(opts.payload?.data, target.id, `${this.run.runId}.${step.hashedId}`), { parentRunId: this.run.runId });
    const snapshot = await this.runner.settle(child);
    return { result: snapshot.status === "completed" ? { data: snapshot.output ?? null } : { error: snapshot.error ?? { name: "Error", message: `invoked run ${snapshot.status}` } } };
  }

  /** step.fetch / step.ai.infer: the request is made, as a run makes it. */
  private async gateway(step: ScheduleStep): Promise<StepOutcome> {
    const opts = (step.op.opts ?? {}) as { url?: string; method?: string; headers?: Record<string, string>; body?: unknown };
    try {
      const res = await fetch(String(opts.url), {
        method: opts.method ?? (opts.body ? "POST" : "GET"),
        headers: opts.headers,
        body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
      });
      const text = await res.text();
      if (step.op.op === "AIGateway") return { result: { data: parseOrText(text) } };
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => (headers[key] = value));
      return { result: { data: { status_code: res.status, headers, body: text } } };
    } catch (err) {
      return { result: { error: { name: "Error", message: `${step.op.op} request to ${opts.url} failed: ${(err as Error).message}` } } };
    }
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
