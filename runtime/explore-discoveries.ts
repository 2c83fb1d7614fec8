// The SDK's side of an exploration: each distinct discovery is asked once. A discovery is the
// event, the stack with its results, and the attempt — all the SDK can see of a call — so a
// schedule that shows the SDK what another one already showed it gets the same answer from here
// (the premise of durable execution: the code between steps is deterministic; replay checks it).
import type { AppAnswer, CallBody } from "./app-client";
import type { DiscoveryAnswer, ScheduleState } from "./explore-schedule";
import { buildCallBody, parseOps } from "./sdk-call";
import type { FunctionConfig, InngestEvent, StoredResult } from "./types";

/** The one call an exploration makes to the app (the orchestrator's `send`). */
export type SendCall = (fn: FunctionConfig, stepId: string, body: () => CallBody, requestVersion: number) => Promise<AppAnswer>;

/** The run whose schedules are explored: its ID and event are what every call carries. */
export interface ExploredRun {
  runId: string;
  event: InngestEvent;
  events?: InngestEvent[];
}

export class DiscoveryCache {
  /** Discoveries sent to the app. */
  calls = 0;
  /** Discoveries answered from here. */
  reused = 0;
  private readonly answers = new Map<string, Promise<DiscoveryAnswer>>();
  private readonly indexes = new Map<string, number>();

  constructor(
    private readonly send: SendCall,
    private readonly fn: FunctionConfig,
    private readonly run: ExploredRun,
    private readonly ownResult: (hashedId: string) => StoredResult,
  ) {}

  /** A short number for a hashed step ID, for keys. */
  readonly index = (hashedId: string): number => {
    let n = this.indexes.get(hashedId);
    if (n === undefined) this.indexes.set(hashedId, (n = this.indexes.size));
    return n;
  };

  ask(state: ScheduleState, attempt: number): Promise<DiscoveryAnswer> {
    const defers = Object.keys(state.defers).length > 0 ? JSON.stringify(state.defers) : "";
    const key = `${attempt}|${state.stackKey(this.index)}|${defers}`;
    const known = this.answers.get(key);
    if (known) {
      this.reused++;
      return known;
    }
    this.calls++;
    const body = buildCallBody({
      runId: this.run.runId,
      event: this.run.event,
      events: this.run.events,
      stack: state.stack,
      stored: (hashedId) => state.resultOf(hashedId, this.ownResult),
      attempt,
      maxAttempts: this.fn.maxAttempts,
      disableImmediateExecution: true,
      requestVersion: state.fanIn.requestVersion,
      defers: state.defers,
    });
    const answer = this.send(this.fn, "step", () => body, state.fanIn.requestVersion).then((a) => ({
      status: a.status,
      body: a.body,
      noRetry: a.noRetry,
      requestVersion: a.requestVersion,
      ops: a.status === 206 ? parseOps(a.body) : undefined,
    }));
    // A failed call is not an answer: a later schedule asks again.
    answer.catch(() => this.answers.delete(key));
    this.answers.set(key, answer);
    return answer;
  }
}
