// `step.waitForSignal` and `inngest.sendSignal` (POST /v1/signals): one wait per signal name in the
// environment. A second wait for the same signal fails its run, unless it says onConflict:
// "replace" — then it takes the signal over and the first wait stays pending until its timeout
// (executor.go handleGeneratorWaitForSignal, state.ErrSignalConflict).
import type { Run } from "./run";

interface SignalWait {
  run: Run;
  deliver: (data: unknown) => boolean;
}

export class SignalWaits {
  private readonly waits = new Map<string, SignalWait>();

  /** Registers the wait; false on a conflict (another live run waits and `replace` is not set). */
  wait(run: Run, signal: string, replace: boolean, deliver: (data: unknown) => boolean): boolean {
    const current = this.waits.get(signal);
    if (current && !current.run.finished && current.run !== run && !replace) return false;
    this.waits.set(signal, { run, deliver });
    return true;
  }

  /** Delivers a signal: the run it resumed, or undefined when nothing waits for it (a 404 for the SDK). */
  send(signal: string, data: unknown): string | undefined {
    const wait = this.waits.get(signal);
    if (!wait) return undefined;
    this.waits.delete(signal);
    return wait.deliver(data) ? wait.run.id : undefined;
  }
}
