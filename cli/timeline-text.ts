// The run as a person reads it in a terminal: one line a step in completion order, a lane for
// each parallel branch, then the outcome and the calls it cost.
import type { RunSnapshot } from "../runtime/types";
import { runErrorText } from "../runtime/outcome-text";

/** A wait before the first call shorter than this is the runtime's own, not worth a line. */
const WAIT_SHOWN_MS = 1000;

const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

export function formatTimeline(run: RunSnapshot, lanes: Map<string, number>, triggered: RunSnapshot[] = [], skipped: Array<{ function: string; reason: string }> = []): string {
  const lines: string[] = [];
  const mode = run.mode === "v1" ? "v1 parallelism (optimizeParallelism: false)" : run.mode === "optimized" ? "optimized parallelism" : "no steps";
  lines.push(`${run.functionSlug}  run ${run.runId}  (${mode})`);
  const width = Math.max(0, ...run.steps.map((s) => s.id.length));
  const laneCount = Math.max(1, ...[...lanes.values()].map((l) => l + 1));
  const ordered = [...run.steps].sort((a, b) => order(run, a.hashedId) - order(run, b.hashedId));
  // Step times count from the run's first call, as the timeline view's axis does: a run that
  // waited for it (a concurrency slot, its throttle) says so once.
  const origin = run.firstCallAt ?? run.startedAt;
  if (origin - run.startedAt >= WAIT_SHOWN_MS) lines.push(`  first call ${ms(origin - run.startedAt)} after the run started`);
  for (const step of ordered) {
    const lane = lanes.get(step.hashedId) ?? 0;
    const track = Array.from({ length: laneCount }, (_, i) => (i === lane ? "●" : "│")).join(" ");
    const start = step.startedAt !== undefined ? `+${ms(step.startedAt - origin)}` : "";
    const took = step.startedAt !== undefined && step.endedAt !== undefined ? ms(step.endedAt - step.startedAt) : "";
    const status = step.status === "completed" ? "ok" : step.status === "failed" ? `failed: ${step.error?.name}: ${step.error?.message}` : step.status;
    const attempts = step.attempts > 1 ? ` (${step.attempts} attempts)` : "";
    lines.push(`  ${start.padStart(9)}  ${track}  ${step.id.padEnd(width)}  ${took.padStart(8)}  ${status}${attempts}`);
  }
  for (const mark of run.marks) lines.push(`  ${mark.kind}: ${mark.text}`);
  const total = run.calls.discovery + run.calls.step;
  const took = run.endedAt ? ms(run.endedAt - run.startedAt) : "?";
  const outcome = run.status === "completed" ? `completed in ${took}` : `${run.status} after ${took}: ${runErrorText(run.error)}`;
  const checkpoints = run.calls.checkpoint ? ` + ${run.calls.checkpoint} checkpoint${run.calls.checkpoint === 1 ? "" : "s"}` : "";
  lines.push(`${outcome} · ${total} call${total === 1 ? "" : "s"} (${run.calls.discovery} discovery, ${run.calls.step} step)${checkpoints} · ${run.bytesSent.toLocaleString("en-US")} bytes sent`);
  if (run.status === "completed") lines.push(`output: ${JSON.stringify(run.output) ?? "undefined"}`);
  for (const s of skipped) lines.push(`  ↳ ${s.function}: ${s.reason}`);
  for (const t of triggered) {
    lines.push(`  ↳ triggered ${t.functionSlug} run ${t.runId}: ${t.status}${t.status === "completed" ? ` → ${JSON.stringify(t.output)}` : `: ${t.error?.message ?? ""}`}`);
  }
  if (run.journal) lines.push(`journal: ${run.journal}`);
  return lines.join("\n") + "\n";
}

function order(run: RunSnapshot, hashedId: string): number {
  const i = run.stack.indexOf(hashedId);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
