// `singleton`: at most one run of the function (per key) at a time. Inngest
// (pkg/execution/singleton/singleton.go, executor.go Schedule): with mode "skip" a new run is not
// started while one holds the key; with mode "cancel" the running one is cancelled and the new one
// starts. Without a key expression the function itself is the key; a key that evaluates to false
// (a missing field) means no singleton for that event; one that cannot be evaluated is ignored.
// The key is released when the run ends. Pure: the caller starts, cancels and reports endings.

import { evaluateKey } from "./flow-key";
import type { FunctionOptions } from "./function-options";

export type SingletonConfig = NonNullable<FunctionOptions["singleton"]>;

export type SingletonKey = { singleton: true; key: string } | { singleton: false; reason: string };

export type SingletonDecision =
  | { action: "start" }
  | { action: "skip"; runningRunId: string; reason: string }
  | { action: "cancel-running"; runningRunId: string; reason: string };

export function singletonKey(config: SingletonConfig, event: unknown): SingletonKey {
  if (config.key === undefined) return { singleton: true, key: "" };
  const outcome = evaluateKey(config.key, event);
  if (!outcome.ok) return { singleton: false, reason: `singleton key could not be evaluated (${outcome.error}); Inngest ignores the singleton` };
  if (outcome.value === false) return { singleton: false, reason: `singleton key ${config.key} is false for this event; no singleton applies` };
  return { singleton: true, key: outcome.text };
}

export class SingletonLocks {
  private readonly holders = new Map<string, string>();

  constructor(private readonly config: SingletonConfig) {}

  /** What to do with a new run for `key`. On "start" and "cancel-running" the new run takes the key. */
  decide(key: string, runId: string): SingletonDecision {
    const running = this.holders.get(key);
    const scope = this.config.key === undefined ? "" : ` for key ${JSON.stringify(key)}`;
    if (running === undefined || running === runId) {
      this.holders.set(key, runId);
      return { action: "start" };
    }
    if (this.config.mode === "skip") {
      return { action: "skip", runningRunId: running, reason: `skipped: singleton run ${running} is running${scope}` };
    }
    this.holders.set(key, runId);
    return { action: "cancel-running", runningRunId: running, reason: `cancelled by singleton: run ${runId} replaces it${scope}` };
  }

  /** The run ended (completed, failed or cancelled): its key is free again. */
  finished(runId: string): void {
    for (const [key, holder] of this.holders) if (holder === runId) this.holders.delete(key);
  }

  runningFor(key: string): string | undefined {
    return this.holders.get(key);
  }
}
