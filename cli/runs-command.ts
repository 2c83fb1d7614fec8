// `stepwise runs`: the recorded runs, newest first.
import { listRecordedRuns } from "../runtime/journal";
import { flag, parseCommandLine } from "./args";
import type { CommandIO } from "./io";
import { journalOption } from "./run-command";

export const RUNS_HELP = `Usage: stepwise runs [--json] [--journal DIR]

Lists the recorded runs in the journal folder (default .stepwise/runs), newest first. A run whose
process stopped before its end is "interrupted": go on with stepwise resume <runId>.
`;

export async function runRunsCommand(argv: string[], io: CommandIO): Promise<number> {
  const line = parseCommandLine(argv, { journal: { type: "string" }, json: { type: "boolean" } }, "runs", RUNS_HELP);
  const { runs, skipped } = listRecordedRuns(journalOption(line));
  for (const s of skipped) io.stderr(`stepwise: skipped ${s.reason}\n`);
  if (flag(line, "json")) {
    io.stdout(
      JSON.stringify(
        runs.map((r) => ({ runId: r.runId, function: r.functionSlug, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt ?? null, output: r.output ?? null, error: r.error ? { name: r.error.name, message: r.error.message } : null, stackOrder: r.stackOrder })),
      ) + "\n",
    );
    return 0;
  }
  if (runs.length === 0) {
    io.stdout("no recorded runs — start one with: stepwise run <module>\n");
    return 0;
  }
  for (const r of runs) {
    const took = r.endedAt ? `${r.endedAt - r.startedAt} ms` : "";
    const steps = `${r.stackOrder.length} ${r.stackOrder.length === 1 ? "step" : "steps"}`;
    io.stdout(`${r.runId}  ${new Date(r.startedAt).toISOString()}  ${r.status.padEnd(11)}  ${r.functionSlug}  ${steps}  ${took}\n`);
  }
  return 0;
}
