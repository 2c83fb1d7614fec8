// What `stepwise explore` prints: one JSON object (--json, the contract other tools rely on) or
// each outcome with its shortest example schedule, for a person.
import type { ExploreOutcome, ExploreReport } from "../runtime/explore";

/** The `--json` contract. */
export function exploreJson(report: ExploreReport) {
  return {
    function: report.function,
    recordedRunId: report.recordedRunId,
    schedules: report.schedules,
    exhaustive: report.exhaustive,
    outcomes: report.outcomes.map((o) => ({
      status: o.status,
      output: o.output ?? null,
      error: o.error,
      schedules: o.schedules,
      example: { runId: o.example.runId, journal: o.example.journal, order: o.example.order, faults: o.example.faults },
    })),
  };
}

export function formatExplore(report: ExploreReport, maxSchedules: number): string {
  const lines: string[] = [];
  const mode = report.mode === "v1" ? "v1 fan-in (optimizeParallelism: false)" : "optimized fan-in";
  const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  const reach = report.exhaustive ? "every schedule there is" : `stopped at --max-schedules ${maxSchedules.toLocaleString("en-US")}; more schedules exist`;
  lines.push(`${report.function}: ${count(report.outcomes.length, "outcome")} in ${count(report.schedules, "schedule")} (${reach}), from run ${report.recordedRunId} (${mode})`);
  report.outcomes.forEach((outcome, i) => {
    lines.push("");
    lines.push(`${i + 1}. ${describeOutcome(outcome)}  (${count(outcome.schedules, "schedule")})`);
    const example = outcome.example;
    const recorded = example.faults.length === 0 && example.position === example.order.length;
    lines.push(`   order: ${example.order.join(", ") || "(no steps)"}${recorded ? " — the recorded order" : ` — differs from the recorded run at position ${example.position}`}`);
    for (const fault of example.faults) {
      lines.push(`   fault: "${fault.stepId}" ${fault.kind === "failed" ? "failed for good (no retries left): the code got a StepError" : "failed once; its retry brought its recorded result"}`);
    }
    lines.push(`   replay: stepwise replay ${example.runId}`);
  });
  lines.push("");
  const stats = report.stats;
  lines.push(`${count(stats.discoveries, "discovery call")} (${stats.answersReused.toLocaleString("en-US")} answers reused; ${count(stats.merged, "interleaving")} reached a state already walked); no recorded step body ran again`);
  for (const step of report.newSteps) {
    lines.push(step.how === "ran" ? `step "${step.id}" is not in the recording: it ran once for real and its result was reused` : `step "${step.id}" is not in the recording: it ${step.how} at once (exploring waits for no time or event)`);
  }
  return lines.join("\n") + "\n";
}

function describeOutcome(outcome: ExploreOutcome): string {
  if (outcome.status === "completed") return `completed → ${JSON.stringify(outcome.output) ?? "undefined"}`;
  return `failed: ${outcome.error?.name}: ${outcome.error?.message}`;
}
