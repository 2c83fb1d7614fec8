// What `stepwise run` and `stepwise resume` print when a run is over: one JSON object (--json) or
// the timeline, and the exit code (0 completed, 1 failed, cancelled or interrupted).
import type { Orchestrator } from "../runtime/orchestrator";
import type { Run } from "../runtime/run";
import type { RunSnapshot } from "../runtime/types";
import type { CommandIO } from "./io";
import { formatTimeline } from "./timeline-text";

/** Exit code of `stepwise run` / `resume` when Ctrl-C stopped the run (the shell's 128 + SIGINT). */
export const INTERRUPTED_EXIT = 130;

/**
 * Waits for the run and every run it triggered, then prints them. Ctrl-C (SIGINT) does not lose
 * the run: it is marked interrupted in its journal, and `stepwise resume` goes on from there.
 */
export async function reportWhenSettled(orchestrator: Orchestrator, run: Run, io: CommandIO, json: boolean): Promise<number> {
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    for (const r of orchestrator.interrupt("stopped by Ctrl-C (SIGINT)")) {
      io.stderr(`stepwise: interrupted run ${r.id} of ${r.fn.slug} — go on with: stepwise resume ${r.id}\n`);
    }
  };
  process.once("SIGINT", onInterrupt);
  try {
    const snapshot = await orchestrator.settle(run);
    if (interrupted) return INTERRUPTED_EXIT;
    const triggered = allTriggered(run);
    const skipped = [run, ...triggered].flatMap((r) => r.skippedTriggers);
    if (json) io.stdout(JSON.stringify(runReport(snapshot, triggered.map((r) => r.snapshot()), skipped)) + "\n");
    else io.stdout(formatTimeline(snapshot, run.laneOf, triggered.map((r) => r.snapshot()), skipped));
    if (snapshot.status === "completed") return 0;
    if (!json) io.stderr(`stepwise: run ${snapshot.status}: ${snapshot.error?.message ?? ""}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

function allTriggered(run: Run): Run[] {
  return run.triggered.flatMap((t) => [t, ...allTriggered(t)]);
}

/** The `--json` contract other tools rely on. */
export function runReport(run: RunSnapshot, triggered: RunSnapshot[], skipped: Run["skippedTriggers"] = []) {
  const idOf = (hash: string) => run.steps.find((s) => s.hashedId === hash)?.id ?? hash;
  return {
    runId: run.runId,
    function: run.functionSlug,
    status: run.status,
    output: run.output ?? null,
    error: run.error ? { name: run.error.name, message: run.error.message } : null,
    steps: run.steps.map((s) => ({ id: s.id, hashedId: s.hashedId, status: s.status, attempts: s.attempts, startedAt: s.startedAt ?? null, endedAt: s.endedAt ?? null })),
    stackOrder: run.stack.map(idOf),
    calls: { total: run.calls.discovery + run.calls.step, discovery: run.calls.discovery, step: run.calls.step, checkpoint: run.calls.checkpoint },
    parallelism: run.mode ?? "optimized",
    bytesSent: run.bytesSent,
    journal: run.journal,
    triggered: [
      ...triggered.map((t) => ({
        runId: t.runId,
        function: t.functionSlug,
        status: t.status,
        output: t.output ?? null,
        error: t.error ? { name: t.error.name, message: t.error.message } : null,
      })),
      // Where flow control dropped an event (a rate limit, idempotency, a singleton): no run, and why.
      ...skipped.map((s) => ({ runId: null, function: s.function, status: "skipped" as const, output: null, error: null, skipped: s.reason })),
    ],
  };
}
