// Timers for sleeps, waitForEvent timeouts and retry back-offs that stop while the debugger
// holds a call: a breakpoint never makes a run time out.
import { MAX_TIMEOUT_MS } from "./long-timeout";

export interface RunTimer {
  cancel(): void;
}

interface Pending {
  remaining: number;
  startedAt: number;
  handle?: NodeJS.Timeout;
  fire: () => void;
  done: boolean;
}

export class RunClock {
  private readonly pending = new Set<Pending>();
  private freezes = 0;

  get frozen(): boolean {
    return this.freezes > 0;
  }

  setTimer(ms: number, fire: () => void): RunTimer {
    const timer: Pending = { remaining: Math.max(0, ms), startedAt: Date.now(), fire, done: false };
    this.pending.add(timer);
    if (!this.frozen) this.arm(timer);
    return {
      cancel: () => {
        clearTimeout(timer.handle);
        timer.done = true;
        this.pending.delete(timer);
      },
    };
  }

  /** Stops every timer until the matching `thaw()`. Calls nest. */
  freeze(): void {
    if (this.freezes++ > 0) return;
    const now = Date.now();
    for (const t of this.pending) {
      if (!t.handle) continue;
      clearTimeout(t.handle);
      t.handle = undefined;
      t.remaining = Math.max(0, t.remaining - (now - t.startedAt));
    }
  }

  thaw(): void {
    if (this.freezes === 0 || --this.freezes > 0) return;
    for (const t of this.pending) this.arm(t);
  }

  private arm(timer: Pending): void {
    timer.startedAt = Date.now();
    // setTimeout fires at once past ~24.8 days: long sleeps wait in chunks.
    const chunk = Math.min(timer.remaining, MAX_TIMEOUT_MS);
    timer.handle = setTimeout(() => {
      if (timer.done) return;
      if (chunk < timer.remaining) {
        timer.remaining -= chunk;
        this.arm(timer);
        return;
      }
      timer.done = true;
      this.pending.delete(timer);
      timer.fire();
    }, chunk);
  }

  cancelAll(): void {
    for (const t of this.pending) clearTimeout(t.handle);
    this.pending.clear();
  }
}
