// Where an event goes (PROTOCOL.md §10): the functions whose trigger it matches (the event name,
// with `*` wildcards, and the trigger's `if` in CEL), and the steps waiting for it.
import { compileCondition, type ConditionResult } from "./expression";
import type { Run } from "./run";
import type { FunctionConfig, InngestEvent } from "./types";

interface WaitingStep {
  run: Run;
  matches: (candidate: InngestEvent) => boolean;
}

export class EventRouter {
  private readonly conditions = new Map<string, (vars: Record<string, unknown>) => ConditionResult>();
  private readonly waits = new Set<WaitingStep>();

  constructor(private readonly log: (message: string) => void) {}

  /** The functions `event` starts, in the order they were synced. */
  triggered(functions: readonly FunctionConfig[], event: InngestEvent): FunctionConfig[] {
    return functions.filter((fn) => fn.triggers.some((t) => t.event !== undefined && eventNameMatches(t.event, event.name) && this.holds(t.expression, fn, event)));
  }

  private holds(expression: string | undefined, fn: FunctionConfig, event: InngestEvent): boolean {
    if (!expression) return true;
    let condition = this.conditions.get(expression);
    if (!condition) {
      condition = compileCondition(expression);
      this.conditions.set(expression, condition);
    }
    const result = condition({ event });
    if (result.error) this.log(`stepwise: the trigger of "${fn.slug}" did not match ${event.name}: ${result.error}`);
    return result.matched;
  }

  /** A step waits for an event: `matches` takes the event (and returns true) when it is the one. */
  addWait(run: Run, matches: (candidate: InngestEvent) => boolean): void {
    this.waits.add({ run, matches });
  }

  /** Offers the event to every waiting step; a step takes the first event that matches. */
  offerToWaits(event: InngestEvent): void {
    for (const wait of [...this.waits]) {
      if (wait.run.finished || wait.matches(event)) this.waits.delete(wait);
    }
  }
}

/** Inngest trigger names may end in a wildcard: `app/*`. */
export function eventNameMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  return false;
}
