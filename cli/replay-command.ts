// `stepwise replay <runId>`: re-drive a recorded run against the current code, no step bodies run.
import { existsSync } from "node:fs";
import path from "node:path";
import { StepwiseInputError } from "../runtime/errors";
import { defaultJournalDir, findRecordedRun } from "../runtime/journal";
import { Orchestrator } from "../runtime/orchestrator";
import { ReplayCursor } from "../runtime/replay";
import { parseArgs, stringFlag } from "./args";
import type { CommandIO } from "./io";

export const REPLAY_HELP = `Usage: stepwise replay <runId> [--json] [--journal DIR]

Re-drives a recorded run against the module's current code with the recorded step results as
memoized state, one position at a time, executing no step body. Reports non-determinism: the
position, the recorded step ID and the step ID the code asks for now. Exit 1 on divergence.
`;

export async function runReplayCommand(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: ["journal", "module"], booleans: ["json", "help"] }, "replay");
  if (args.flags.has("help")) {
    io.stdout(REPLAY_HELP);
    return 0;
  }
  const runId = args.positionals[0];
  if (!runId) throw new StepwiseInputError("stepwise replay needs a run ID (see stepwise runs)");
  const journalDir = path.resolve(stringFlag(args, "journal") ?? defaultJournalDir());
  const recorded = findRecordedRun(journalDir, runId);
  if (!recorded) throw new StepwiseInputError(`no recorded run "${runId}" in ${journalDir} — list them with stepwise runs`);
  const program = stringFlag(args, "module") ?? recorded.source?.program;
  const url = recorded.source?.url;
  if (program && !existsSync(program)) throw new StepwiseInputError(`the run's module ${program} no longer exists — pass its new path with --module`);
  if (!program && !url) throw new StepwiseInputError(`the journal of ${recorded.runId} does not say which module ran it — pass --module`);
  const orchestrator = await Orchestrator.start(program ? { program } : { url: url! }, { journalDir, workers: 1 });
  try {
    const fn = orchestrator.findFunction(recorded.functionId);
    const cursor = new ReplayCursor(orchestrator, recorded, fn);
    const last = await cursor.runToEnd();
    const report = {
      runId: recorded.runId,
      function: recorded.functionSlug,
      status: last.divergence ? "diverged" : (last.outcome?.status ?? "failed"),
      output: last.outcome?.output ?? null,
      divergence: last.divergence ? { position: last.divergence.position, expected: last.divergence.expected, actual: last.divergence.actual } : null,
    };
    if (args.flags.has("json")) io.stdout(JSON.stringify(report) + "\n");
    else if (last.divergence) io.stdout(`${recorded.functionSlug} run ${recorded.runId}: ${last.divergence.message}\n`);
    else io.stdout(`${recorded.functionSlug} run ${recorded.runId}: replayed ${recorded.stored.length} recorded results without divergence; the function ${report.status}${report.status === "completed" ? ` → ${JSON.stringify(report.output)}` : `: ${last.outcome?.error?.message ?? ""}`}\n`);
    return last.divergence ? 1 : 0;
  } finally {
    await orchestrator.close();
  }
}
