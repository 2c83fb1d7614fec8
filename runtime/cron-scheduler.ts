// Cron triggers in a long-running executor (`stepwise dev`): each function with a `cron` trigger
// gets a run at every time its schedule names, with the `inngest/scheduled.timer` event Inngest
// sends (cron.ts scheduledTimerEvent). Wall-clock time: a paused debugger does not delay a schedule.
import { nextCronTime, scheduledTimerEvent } from "./cron";
import { setLongTimeout, type LongTimeout } from "./long-timeout";
import type { FunctionConfig, InngestEvent } from "./types";

export interface CronHost {
  trigger(fn: FunctionConfig, event: InngestEvent): void;
  log(message: string): void;
}

export class CronScheduler {
  private readonly timers = new Map<string, LongTimeout>();

  /** `now` is the wall clock; a test may start it elsewhere. */
  constructor(private readonly host: CronHost, private readonly now: () => number = Date.now) {}

  /** Schedules every cron trigger of these functions (replacing what was scheduled before). */
  schedule(functions: readonly FunctionConfig[]): void {
    this.stop();
    for (const fn of functions) {
      fn.triggers.forEach((t, i) => {
        if (t.cron) this.next(fn, t.cron, `${fn.id}#${i}`, this.now());
      });
    }
  }

  /** The next time of each scheduled function, for a log line. */
  describe(functions: readonly FunctionConfig[]): string[] {
    return functions.flatMap((fn) => fn.triggers.filter((t) => t.cron).map((t) => `${fn.slug}: "${t.cron}", next ${new Date(nextCronTime(t.cron!, this.now()) ?? 0).toISOString()}`));
  }

  private next(fn: FunctionConfig, cron: string, key: string, after: number): void {
    const at = nextCronTime(cron, after);
    if (at === null) return;
    this.timers.set(
      key,
      setLongTimeout(at - this.now(), () => {
        this.host.trigger(fn, scheduledTimerEvent(cron, at, Math.max(at, this.now())) as InngestEvent);
        this.next(fn, cron, key, at);
      }),
    );
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
