// What an interrupted run was doing, read back from its journal, so that it can go on where it
// stopped: completed steps are never run again; a call that was in flight is sent again with the
// same attempt number — Inngest's queue re-leases an item whose worker died without counting an
// attempt (Go: pkg/execution/queue/process.go increments Attempt only on a returned error).
import type { JournalEntry, PlannedInvoke, PlannedWait } from "./journal";
import type { CallsByKind, HeldInterval, ParallelismMode, StepKind, StoredResult } from "./types";

export interface WorkItem {
  /** `step` for a discovery, else a planned step's hashed ID. */
  stepId: string;
  attempt: number;
  /** Epoch ms before which the item must not be sent (a retry's back-off). */
  notBefore?: number;
}

export interface ResumedStep {
  hashedId: string;
  id: string;
  kind: StepKind;
  order: number;
  lane?: number;
  /** StepRecord.wave; derived from the order of answers in a journal written before it was recorded. */
  wave: number;
  /** When its calls were held at the gate. */
  held: HeldInterval[];
  attempts: number;
  startedAt?: number;
  endedAt?: number;
  result?: StoredResult;
  /** Stack length when the step was planned (for trimmed step-call state). */
  stackAtPlan?: number;
}

export interface ResumeState {
  seq: number;
  calls: CallsByKind;
  bytesSent: number;
  mode: ParallelismMode | null;
  planSteps: boolean;
  steps: ResumedStep[];
  /** Hashed IDs in completion order. */
  stack: string[];
  /** Completions whose next steps no answer reported yet (they keep their lanes; lanes.ts). */
  unfollowed: string[];
  /** Answers that reported new steps: the next wave. */
  waves: number;
  firstCallAt?: number;
  /** Calls to send again, in the order they were first made. */
  work: WorkItem[];
  sleeps: Array<{ hashedId: string; until: number }>;
  waits: Array<{ hashedId: string } & PlannedWait>;
  invokes: Array<{ hashedId: string } & PlannedInvoke>;
  /** `defer()` calls, in the order made (an abort comes after its defer). */
  defers: Array<{ hashedId: string; id: string; fnSlug: string; aborted: boolean; input?: unknown }>;
}

export function resumeStateOf(entries: JournalEntry[]): ResumeState {
  const state: ResumeState = { seq: 0, calls: { discovery: 0, step: 0, checkpoint: 0 }, bytesSent: 0, mode: null, planSteps: false, steps: [], stack: [], unfollowed: [], waves: 0, work: [], sleeps: [], waits: [], invokes: [], defers: [] };
  const steps = new Map<string, ResumedStep>();
  const unanswered = new Map<number, WorkItem>();
  const retries = new Map<string, WorkItem>();
  const called = new Set<string>();
  const planned = new Map<string, Extract<JournalEntry, { type: "planned" }>>();
  const discoveries = new Set<number>();
  // A journal written before waves were recorded: the steps first seen after one answer share one.
  let derivedWave = -1;
  let answered = false;
  const stepOf = (hashedId: string, id: string, kind: string, wave: number | undefined): ResumedStep => {
    let step = steps.get(hashedId);
    if (!step) {
      if (wave === undefined && answered) derivedWave++;
      answered = false;
      step = { hashedId, id, kind: kind as StepKind, order: steps.size, attempts: 0, wave: wave ?? derivedWave, held: [] };
      state.waves = Math.max(state.waves, step.wave + 1);
      steps.set(hashedId, step);
    }
    return step;
  };
  // Mirrors Run.follow: an answer follows the completions its request carried, a checkpoint all.
  const follow = (followed: (hashedId: string) => boolean) => (state.unfollowed = state.unfollowed.filter((id) => !followed(id)));
  for (const e of entries) {
    switch (e.type) {
      case "call":
        state.seq = Math.max(state.seq, e.seq);
        state.calls[e.kind]++;
        state.firstCallAt ??= e.at;
        unanswered.set(e.seq, { stepId: e.stepId, attempt: e.attempt });
        called.add(e.stepId);
        retries.delete(e.stepId);
        if (e.kind === "discovery") discoveries.add(e.seq);
        if (e.kind === "step") {
          const step = steps.get(e.stepId);
          if (step) {
            step.attempts = Math.max(step.attempts, e.attempt + 1);
            step.startedAt ??= e.at;
            if (e.heldFrom !== undefined) step.held.push({ from: e.heldFrom, to: e.at });
          }
        }
        break;
      case "deferred":
        state.defers.push({ hashedId: e.hashedId, id: e.id, fnSlug: e.fnSlug, aborted: e.aborted, input: e.input });
        break;
      case "checkpoint":
        state.calls.checkpoint++;
        follow(() => true);
        break;
      case "answer": {
        unanswered.delete(e.seq);
        answered = true;
        if (discoveries.has(e.seq)) {
          const carried = new Set(state.stack.slice(0, e.requestStack ?? state.stack.length));
          follow((id) => carried.has(id));
        }
        state.bytesSent += e.bytes ?? 0;
        if (e.mode) state.mode = e.mode;
        if (Array.isArray(e.ops) && e.ops.filter((o) => !isLazy(o)).length > 1) state.planSteps = true;
        break;
      }
      case "call-failed":
        unanswered.delete(e.seq);
        break;
      case "retry":
        retries.set(e.stepId, { stepId: e.stepId, attempt: e.attempt, notBefore: e.dueAt });
        break;
      case "planned": {
        const step = stepOf(e.hashedId, e.id, e.kind, e.wave);
        step.lane = e.lane;
        step.stackAtPlan = state.stack.length;
        planned.set(e.hashedId, e);
        break;
      }
      case "stored": {
        const step = stepOf(e.hashedId, e.id, e.kind, e.wave);
        step.lane ??= e.lane;
        step.result = e.result;
        step.attempts = Math.max(step.attempts, e.attempts);
        step.startedAt ??= e.startedAt;
        step.endedAt = e.at;
        if (!state.stack.includes(e.hashedId)) {
          state.stack.push(e.hashedId);
          // Results carried over from another run are recorded before the first call: no completions of this one.
          if (state.firstCallAt !== undefined) state.unfollowed.push(e.hashedId);
        }
        retries.delete(e.hashedId);
        break;
      }
      case "edit": {
        const step = steps.get(e.hashedId);
        if (step) step.result = e.result;
        break;
      }
    }
  }
  state.steps = [...steps.values()];
  const done = (hashedId: string) => steps.get(hashedId)?.result !== undefined;
  const work = new Map<string, WorkItem>();
  const add = (item: WorkItem) => {
    if (item.stepId !== "step" && done(item.stepId)) return;
    const known = work.get(item.stepId);
    if (!known || known.attempt < item.attempt) work.set(item.stepId, item);
  };
  for (const item of unanswered.values()) add(item);
  for (const item of retries.values()) add(item);
  for (const [hashedId, p] of planned) {
    if (done(hashedId)) continue;
    if (p.until !== undefined) state.sleeps.push({ hashedId, until: p.until });
    else if (p.wait) state.waits.push({ hashedId, ...p.wait });
    else if (p.invoke) state.invokes.push({ hashedId, ...p.invoke });
    else if (!called.has(hashedId)) add({ stepId: hashedId, attempt: 0 });
  }
  state.work = [...work.values()];
  return state;
}

const isLazy = (op: unknown) => {
  const code = (op as { op?: unknown } | null)?.op;
  return code === "DeferAdd" || code === "DeferAbort";
};
