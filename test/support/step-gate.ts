// A gate that plays the debugger's part in runtime tests: it holds every step call until the
// test lets that step go, so a test chooses the order in which parallel branches run (the way a
// user continues one thread and leaves the others paused). Discovery calls go through.
import type { Orchestrator } from "../../runtime/orchestrator";
import type { Call, Gate, RunSnapshot, StepRecord } from "../../runtime/types";

export class StepGate implements Gate {
  private readonly held = new Map<string, () => void>();
  private readonly arrivals: Array<() => void> = [];
  private holding = true;
  private entry?: Promise<void>;

  async beforeCall(call: Call): Promise<void> {
    if (this.entry && call.seq === 1) {
      const entry = this.entry;
      this.entry = undefined;
      return entry;
    }
    if (!this.holding || call.kind !== "step" || !call.step) return;
    await new Promise<void>((release) => {
      this.held.set(call.step!.id, release);
      this.arrivals.splice(0).forEach((wake) => wake());
    });
  }

  /** Holds the first call of the next run (the debugger's stop on entry) until the returned function is called. */
  holdEntry(): () => void {
    let release!: () => void;
    this.entry = new Promise<void>((resolve) => (release = resolve));
    return release;
  }

  /** Step IDs whose calls are held right now. */
  get heldSteps(): string[] {
    return [...this.held.keys()].sort();
  }

  /** Waits (at most `timeoutMs`) until the call of step `id` is held, then lets it go. */
  async release(id: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.held.has(id)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`step "${id}" was never held at the gate (held: ${this.heldSteps.join(", ") || "none"})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.arrivals.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const release = this.held.get(id)!;
    this.held.delete(id);
    release();
  }

  /** Lets every held call go, and every later one until `hold()`. */
  openAll(): void {
    this.holding = false;
    for (const release of this.held.values()) release();
    this.held.clear();
  }

  /** Holds step calls again (after `openAll`). */
  hold(): void {
    this.holding = true;
  }
}

/** Resolves with the step when step `id` of `runId` has its result stored; rejects after `timeoutMs`. */
export function stepCompleted(app: Orchestrator, runId: string, id: string, timeoutMs = 15_000): Promise<StepRecord> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      app.off("step.completed", listener);
      reject(new Error(`step "${id}" did not complete within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (run: RunSnapshot, step: StepRecord) => {
      if (run.runId !== runId || step.id !== id) return;
      clearTimeout(timer);
      app.off("step.completed", listener);
      resolve(step);
    };
    app.on("step.completed", listener);
  });
}

/** Lets the steps go one at a time, in this order, each only after the one before it completed. */
export async function runInOrder(app: Orchestrator, gate: StepGate, runId: string, order: string[]): Promise<void> {
  for (const id of order) {
    const done = stepCompleted(app, runId, id);
    await gate.release(id);
    await done;
  }
}
