// `stepwise replay <runId>`: re-drive a recorded run against the current code, no step bodies run.
import { existsSync } from "node:fs";
import { AppProtocolError, AppUnreachableError } from "../runtime/app-client";
import { StepwiseInputError } from "../runtime/errors";
import { findRecordedRun, type RecordedRun } from "../runtime/journal";
import { Orchestrator } from "../runtime/orchestrator";
import { ReplayCursor, type ReplayPosition } from "../runtime/replay";
import { BadAnswerError } from "../runtime/sdk-call";
import { flag, onePositional, parseCommandLine, stringOption } from "./args";
import type { CommandIO } from "./io";
import { followReplay, followStart, ProgressLine } from "./progress-line";
import { apiPortOption, journalOption } from "./run-command";

export const REPLAY_HELP = `Usage: stepwise replay <runId> [--json] [--journal DIR] [--module FILE | --url URL] [--api-port N]

Re-drives a recorded run against the module's current code with the recorded step results as
memoized state, one position at a time, executing no step body. Reports non-determinism: the
position, the recorded step ID and the step ID the code asks for now. A recording that stops
before the function's end (a limit, an interrupted run) replays up to its end and reports the
recorded status. Exit 1 on divergence, 0 otherwise, 2 on bad input.
`;

const OPTIONS = {
  json: { type: "boolean" },
  journal: { type: "string" },
  module: { type: "string" },
  url: { type: "string" },
  "api-port": { type: "string" },
} as const;

export async function runReplayCommand(argv: string[], commandIO: CommandIO): Promise<number> {
  const line = parseCommandLine(argv, OPTIONS, "replay", REPLAY_HELP);
  const runId = onePositional(line, "replay", "run ID");
  if (!runId) throw new StepwiseInputError("stepwise replay needs a run ID (see stepwise runs)");
  const journalDir = journalOption(line);
  const recorded = findRecordedRun(journalDir, runId);
  if (!recorded) throw new StepwiseInputError(`no recorded run "${runId}" in ${journalDir} — list them with stepwise runs`);
  const url = stringOption(line, "url") ?? (stringOption(line, "module") ? undefined : recorded.source?.url);
  const program = url ? undefined : (stringOption(line, "module") ?? recorded.source?.program);
  if (program && !existsSync(program)) throw new StepwiseInputError(`the run's module ${program} no longer exists — pass its new path with --module`);
  if (!program && !url) throw new StepwiseInputError(`the journal of ${recorded.runId} does not say which module ran it — pass --module`);
  const json = flag(line, "json");
  const progress = ProgressLine.forCommand(json);
  const io = progress.wrap(commandIO);
  try {
    const orchestrator = await Orchestrator.start(program ? { program } : { url: url! }, { journalDir, workers: 1, apiPort: apiPortOption(line), beforeStart: (o) => followStart(progress, o) });
    progress.follow(undefined);
    try {
      return await replay(orchestrator, recorded, io, json, followReplay(progress, recorded));
    } finally {
      progress.stop();
      await orchestrator.close();
    }
  } finally {
    progress.stop();
  }
}

async function replay(orchestrator: Orchestrator, recorded: RecordedRun, io: CommandIO, json: boolean, onPosition: (p: ReplayPosition) => void): Promise<number> {
  const fn = orchestrator.findFunction(recorded.functionId);
  let last: ReplayPosition;
  try {
    last = await new ReplayCursor(orchestrator, recorded, fn).runToEnd(onPosition);
  } catch (err) {
    if (err instanceof BadAnswerError || err instanceof AppProtocolError || err instanceof AppUnreachableError) {
      io.stderr(`stepwise: replay of ${recorded.runId} failed: ${err instanceof BadAnswerError ? "the app " : ""}${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const status = last.divergence ? "diverged" : (last.outcome?.status ?? "failed");
  const report = {
    runId: recorded.runId,
    function: recorded.functionSlug,
    status,
    output: last.outcome?.output ?? null,
    divergence: last.divergence ? { position: last.divergence.position, expected: last.divergence.expected, actual: last.divergence.actual } : null,
  };
  if (json) io.stdout(JSON.stringify(report) + "\n");
  else if (last.divergence) io.stdout(`${recorded.functionSlug} run ${recorded.runId}: ${last.divergence.message}\n`);
  else io.stdout(`${recorded.functionSlug} run ${recorded.runId}: replayed ${recorded.stored.length} recorded results without divergence; ${describeOutcome(last)}\n`);
  return last.divergence ? 1 : 0;
}

function describeOutcome(last: ReplayPosition): string {
  const outcome = last.outcome;
  if (!outcome) return "the function failed";
  if (outcome.recordingEnded) return `the recording ends there (the run was ${outcome.status}${outcome.error ? `: ${outcome.error.message}` : ""})`;
  if (outcome.status === "completed") return `the function completed → ${JSON.stringify(outcome.output)}`;
  return `the function ${outcome.status}: ${outcome.error?.message ?? ""}`;
}
