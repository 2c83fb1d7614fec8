// The one set-up every runtime test shares: the real SDK serving a fixture app in a real app
// host, a real orchestrator over loopback, a journal folder under the OS temp dir.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Orchestrator, type OrchestratorOptions } from "../../runtime/orchestrator";
import { exponentialBackoff } from "../../runtime/retry-policy";
import type { Run } from "../../runtime/run";
import type { InngestEvent, RunSnapshot } from "../../runtime/types";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const fixtureApp = (name: string) => path.join(repoRoot, "test-fixtures", "apps", name);

export function tempDir(prefix = "stepwise-test-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts an orchestrator on a fixture app; fast retries so tests do not wait out real back-offs. */
export async function startApp(fixture: string, options: OrchestratorOptions = {}): Promise<Orchestrator> {
  return Orchestrator.start(
    { program: fixtureApp(fixture) },
    { journalDir: tempDir("stepwise-journal-"), retryPolicy: exponentialBackoff(50, 200), callTimeoutMs: 30_000, ...options },
  );
}

export interface Finished {
  run: Run;
  snapshot: RunSnapshot;
  /** User step IDs in completion order. */
  stackOrder: string[];
  calls: number;
}

/** Runs one function to the end (and everything it triggered). */
export async function runToEnd(orchestrator: Orchestrator, functionId: string, event?: Partial<InngestEvent>): Promise<Finished> {
  const fn = orchestrator.findFunction(functionId);
  const run = orchestrator.startRun(fn, { ...orchestrator.defaultEvent(fn), ...event } as InngestEvent);
  const snapshot = await orchestrator.settle(run);
  return { run, snapshot, stackOrder: stackOrder(snapshot), calls: snapshot.calls.discovery + snapshot.calls.step };
}

export function stackOrder(snapshot: RunSnapshot): string[] {
  return snapshot.stack.map((h) => snapshot.steps.find((s) => s.hashedId === h)?.id ?? h);
}
