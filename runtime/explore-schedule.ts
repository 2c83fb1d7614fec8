// One schedule of a function under exploration (docs/explore.md): the executor's state machine of
// PROTOCOL.md §5 with the step bodies taken out. A planned step completes when the search chooses
// it, with its result from the recording (or a failure the search injects); only discoveries reach
// the SDK, each asking it to report steps rather than run them. The decisions are the run's own:
// fan-in.ts says when a discovery is due, retry-policy.ts whether a failure is retried,
// limits.ts what is over a limit.
import type { AppAnswer } from "./app-client";
import { FanIn } from "./fan-in";
import { resultBytes, resultOverLimit, stepCountOverLimit } from "./limits";
import { shouldRetry } from "./retry-policy";
import { INFRASTRUCTURE_ERROR, toSerializedError } from "./run";
import { isLazyOp, stepKindOf, userStepId, type Op } from "./sdk-call";
import type { RunLimits, SerializedError, StepKind, StoredResult } from "./types";

/** `retried`: the step failed once and its retry brought its recorded result; `failed`: the failure was final (no retries left). */
export type FaultKind = "retried" | "failed";

export interface Fault {
  hashedId: string;
  stepId: string;
  kind: FaultKind;
}

export interface ScheduleStep {
  hashedId: string;
  /** The user's step ID. */
  id: string;
  kind: StepKind;
  /** The opcode that reported it (StepPlanned, Sleep, WaitForEvent, InvokeFunction…). */
  op: Op;
  race: boolean;
  /**
   * The real executor would have let the SDK run it inside the discovery that found it (a lone new
   * step while steps run inline): its retry is that discovery again, one attempt later.
   */
  inline: boolean;
  /** The attempt of the discovery that found it. */
  foundAtAttempt: number;
  /** Stack length when it was planned: the state a real call for it carries. */
  planLength: number;
}

export type ScheduleEnd = { status: "completed"; output: unknown } | { status: "failed"; error: SerializedError };

export type Choice = { kind: "discover"; attempt: number } | { kind: "complete"; hashedId: string } | { kind: "fail"; hashedId: string };

/** What a discovery call answered, as much as a schedule reads of it. */
export type DiscoveryAnswer = Pick<AppAnswer, "status" | "body" | "noRetry" | "requestVersion"> & { ops?: Op[] };

/** What does not change from one schedule of a run to another. */
export interface ScheduleRules {
  maxAttempts: number;
  limits: RunLimits;
  /** How many injected failures a schedule may have (0 without --faults). */
  faults: number;
}

/** The error a step's injected failure stores: what the code then catches as a StepError. */
export function injectedFailure(stepId: string): SerializedError {
  return { name: "Error", message: `step "${stepId}" failed (a failure injected by stepwise explore)` };
}

export class ScheduleState {
  /** Hashed step IDs in completion order: what the SDK gets as `ctx.stack`. */
  stack: string[] = [];
  /** Stack entries whose result is an injected failure instead of their own result (never changed in place: clones share it). */
  injected: ReadonlySet<string> = new Set<string>();
  /** Every step planned so far, done or in flight (never changed in place: clones share it). */
  steps: ReadonlyMap<string, ScheduleStep> = new Map<string, ScheduleStep>();
  /** Planned steps without a result, in the order they were planned. */
  inFlight: string[] = [];
  /** The attempts of the discoveries due (work items of the run). */
  due: number[] = [0];
  fanIn = new FanIn();
  faults: Fault[] = [];
  faultsLeft: number;
  /** `defer()` calls the SDK reported, told back to it as the run does. */
  defers: Record<string, { abortable: boolean }> = {};
  stateBytes = 0;
  /** Discovery calls made along this schedule. */
  discoveries = 0;
  /** How far the search strayed from the recorded order to get here (docs/explore.md, "Search order"). */
  delays = 0;
  end?: ScheduleEnd;

  constructor(readonly rules: ScheduleRules) {
    this.faultsLeft = rules.faults;
  }

  clone(): ScheduleState {
    const copy = new ScheduleState(this.rules);
    copy.stack = [...this.stack];
    // Shared, and replaced rather than changed when one of them changes (most moves change neither).
    copy.injected = this.injected;
    copy.steps = this.steps;
    copy.inFlight = [...this.inFlight];
    copy.due = [...this.due];
    copy.fanIn = this.fanIn.copy();
    copy.faults = [...this.faults];
    copy.faultsLeft = this.faultsLeft;
    copy.defers = { ...this.defers };
    copy.stateBytes = this.stateBytes;
    copy.discoveries = this.discoveries;
    copy.delays = this.delays;
    copy.end = this.end;
    return copy;
  }

  /** The result the SDK gets for a stack entry: the step's own, or its injected failure. */
  resultOf(hashedId: string, ownResult: (hashedId: string) => StoredResult): StoredResult {
    return this.injected.has(hashedId) ? { error: injectedFailure(this.steps.get(hashedId)?.id ?? hashedId) } : ownResult(hashedId);
  }

  /**
   * What may happen next, each with the delays it costs: a due discovery first, then each step in
   * flight finishing, in `rank` order (the recorded order) — or, where a failure is allowed,
   * failing instead, at the same cost. Empty when the schedule has ended.
   */
  choices(rank: (hashedId: string) => number): Array<{ choice: Choice; cost: number }> {
    if (this.end) return [];
    const out: Array<{ choice: Choice; cost: number }> = [];
    let cost = 0;
    for (const attempt of this.due) out.push({ choice: { kind: "discover", attempt }, cost: cost++ });
    for (const hashedId of [...this.inFlight].sort((a, b) => rank(a) - rank(b))) {
      out.push({ choice: { kind: "complete", hashedId }, cost });
      if (this.canFail(hashedId)) out.push({ choice: { kind: "fail", hashedId }, cost });
      cost++;
    }
    return out;
  }

  /**
   * Whether a failure of this step is worth a schedule of its own: only a step.run-like step, once,
   * within the fault budget; and a failure that is retried only when the retry is a discovery (an
   * inline step). A retried targeted step call changes nothing the SDK sees (nothing is stored, no
   * discovery follows): the step just finishes later, an order the search explores anyway.
   */
  private canFail(hashedId: string): boolean {
    const step = this.steps.get(hashedId)!;
    if (this.faultsLeft <= 0 || step.op.op !== "StepPlanned" || this.faults.some((f) => f.hashedId === hashedId)) return false;
    return step.inline || !this.failureRetried(step);
  }

  private failureRetried(step: ScheduleStep): boolean {
    return shouldRetry({ kind: "step-error" }, step.inline ? step.foundAtAttempt : 0, this.rules.maxAttempts);
  }

  /** A discovery with `attempt` was answered (PROTOCOL.md §5 step 2, as run.ts handles it). */
  discovered(attempt: number, answer: DiscoveryAnswer): void {
    this.discoveries++;
    this.due.splice(this.due.indexOf(attempt), 1);
    const stepsRanInline = !this.fanIn.planSteps;
    this.fanIn.observeAnswer(answer.status, answer.requestVersion);
    if (answer.status === 200) return this.finish({ status: "completed", output: answer.body });
    if (answer.status !== 206 || !answer.ops) {
      const error = toSerializedError(answer.body, answer.status);
      if (shouldRetry({ kind: "function-error", status: answer.status, noRetryHeader: answer.noRetry }, attempt, this.rules.maxAttempts)) this.addDue(attempt + 1);
      else this.finish({ status: "failed", error });
      return;
    }
    const ops = answer.ops;
    this.fanIn.observeOps(ops, (id) => this.stack.includes(id));
    for (const op of ops.filter(isLazyOp)) {
      if (op.op === "DeferAdd") this.defers[op.id] ??= { abortable: true };
      else this.defers[String(op.opts?.target_hashed_id ?? "")] = { abortable: false };
    }
    const steps = ops.filter((o) => !isLazyOp(o));
    if (steps.length === 0) return this.addDue(0);
    const known = new Map(this.steps);
    this.steps = known;
    const inline = stepsRanInline && steps.length === 1 && steps[0].op === "StepPlanned" && steps[0].opts?.parallelMode !== "race";
    for (const op of steps) {
      switch (op.op) {
        case "StepPlanned":
        case "Sleep":
        case "WaitForEvent":
        case "WaitForSignal":
        case "InvokeFunction":
        case "AIGateway":
        case "Gateway":
          this.plan(known, op, inline, attempt);
          break;
        case "RunComplete":
          return this.finish({ status: "completed", output: op.data ?? null });
        case "DiscoveryRequest":
          this.addDue(0);
          break;
        default:
          return this.finish({ status: "failed", error: { name: INFRASTRUCTURE_ERROR, message: `the app answered ${op.op} for step "${userStepId(op)}" to a discovery that asked it to run no step` } });
      }
      if (this.end) return;
    }
  }

  private plan(known: Map<string, ScheduleStep>, op: Op, inline: boolean, attempt: number): void {
    // V1 discoveries report again the steps still in flight.
    if (known.has(op.id)) return;
    const step: ScheduleStep = { hashedId: op.id, id: userStepId(op), kind: stepKindOf(op), op, race: op.opts?.parallelMode === "race", inline, foundAtAttempt: attempt, planLength: this.stack.length };
    known.set(op.id, step);
    this.inFlight.push(op.id);
    const over = stepCountOverLimit(this.steps.size, step.id, this.rules.limits);
    if (over) this.finish({ status: "failed", error: over });
  }

  /** A step in flight finished with `result`. */
  completed(hashedId: string, result: StoredResult): void {
    const step = this.steps.get(hashedId)!;
    this.inFlight.splice(this.inFlight.indexOf(hashedId), 1);
    const bytes = resultBytes(result);
    const over = resultOverLimit(step.id, bytes, this.stateBytes, this.rules.limits);
    if (over) return this.finish({ status: "failed", error: over });
    this.stack.push(hashedId);
    this.stateBytes += bytes;
    if (this.fanIn.resultStored(hashedId, step.race)) this.addDue(0);
  }

  /**
   * A step in flight fails once. With retries left it is tried again — for an inline step that is
   * its discovery again, one attempt later, and the step comes back with its own result; without,
   * the failure is stored and the code sees a StepError.
   */
  failed(hashedId: string): void {
    const step = this.steps.get(hashedId)!;
    this.faultsLeft--;
    if (this.failureRetried(step)) {
      this.faults.push({ hashedId, stepId: step.id, kind: "retried" });
      this.inFlight.splice(this.inFlight.indexOf(hashedId), 1);
      const known = new Map(this.steps);
      known.delete(hashedId);
      this.steps = known;
      this.addDue(step.foundAtAttempt + 1);
      return;
    }
    this.faults.push({ hashedId, stepId: step.id, kind: "failed" });
    this.injected = new Set(this.injected).add(hashedId);
    this.completed(hashedId, { error: injectedFailure(step.id) });
  }

  finish(end: ScheduleEnd): void {
    this.end ??= end;
  }

  private addDue(attempt: number): void {
    if (!this.due.includes(attempt)) this.due = [...this.due, attempt].sort((a, b) => a - b);
  }

  /** The stack as the SDK sees it, with `index` numbering the steps: what makes two discoveries the same. */
  stackKey(index: (hashedId: string) => number): string {
    return this.stack.map((h) => `${this.injected.has(h) ? "!" : ""}${index(h)}`).join(".");
  }

  /** Everything that decides what can still happen: two schedules in the same state have the same futures. */
  key(index: (hashedId: string) => number): string {
    const ids = (hashes: Iterable<string>) => [...hashes].map(index).sort((a, b) => a - b).join(".");
    return [
      this.stackKey(index),
      [...this.inFlight].map((h) => `${index(h)}${this.steps.get(h)!.inline ? "i" : ""}`).sort().join("."),
      this.due.join("."),
      `${this.fanIn.mode ?? "-"}${this.fanIn.planSteps ? "p" : ""}:${ids(this.fanIn.openGroup)}`,
      this.faultsLeft,
      this.faultsKey(index),
      Object.keys(this.defers).length > 0 ? JSON.stringify(this.defers) : "",
      this.end ? "end" : "",
    ].join("|");
  }

  /** What tells one finished schedule from another: the stack the SDK saw last, and the failures injected. */
  scheduleKey(index: (hashedId: string) => number): string {
    return `${this.stackKey(index)}|${this.faultsKey(index)}`;
  }

  private faultsKey(index: (hashedId: string) => number): string {
    return this.faults.map((f) => `${f.kind === "failed" ? "f" : "r"}${index(f.hashedId)}`).sort().join(".");
  }
}
