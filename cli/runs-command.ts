// `stepwise runs`: the recorded runs, newest first.
import path from "node:path";
import { defaultJournalDir, listRecordedRuns } from "../runtime/journal";
import { parseArgs, stringFlag } from "./args";
import type { CommandIO } from "./io";

export const RUNS_HELP = `Usage: stepwise runs [--json] [--journal DIR]

Lists the recorded runs in the journal folder (default .stepwise/runs), newest first.
`;

export async function runRunsCommand(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: ["journal"], booleans: ["json", "help"] }, "runs");
  if (args.flags.has("help")) {
    io.stdout(RUNS_HELP);
    return 0;
  }
  const runs = listRecordedRuns(path.resolve(stringFlag(args, "journal") ?? defaultJournalDir()));
  if (args.flags.has("json")) {
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
    io.stdout(`${r.runId}  ${new Date(r.startedAt).toISOString()}  ${r.status.padEnd(9)}  ${r.functionSlug}  ${r.stackOrder.length} steps  ${took}\n`);
  }
  return 0;
}
