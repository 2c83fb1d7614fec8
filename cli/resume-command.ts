// `stepwise resume <runId>`: go on with a run that was interrupted (Ctrl-C, a killed process, a
// full disk) from its journal — completed steps are not run again.
import { existsSync } from "node:fs";
import { StepwiseInputError } from "../runtime/errors";
import { findRecordedRun } from "../runtime/journal";
import { Orchestrator } from "../runtime/orchestrator";
import { flag, onePositional, parseCommandLine, stringOption } from "./args";
import type { CommandIO } from "./io";
import { followRun, followStart, ProgressLine } from "./progress-line";
import { reportWhenSettled } from "./run-report";
import { apiPortOption, callTimeoutOption, followOutput, journalOption } from "./run-command";

export const RESUME_HELP = `Usage: stepwise resume <runId> [--json] [--journal DIR] [--module FILE | --url URL]

Goes on with an interrupted run (Ctrl-C, a killed process, a full disk) from its journal, with
the same run ID: every step that completed keeps its recorded result and is not run again; a call
that was in flight is sent again, as Inngest retries a call whose worker died. Prints what
"stepwise run" prints.

Options:
  --json               print exactly one JSON object (the same as stepwise run --json)
  --journal DIR        where the run is recorded (default .stepwise/runs)
  --module FILE        the module to host, when it moved since the run started
  --url URL            the app to call instead, for a run of an app you serve yourself
  --api-port N         the port the SDK calls back (default 8288 with --url)
  --call-timeout S     seconds a call may take before it fails and is retried (default 120)
  --checkpointing      let the SDK checkpoint the steps it runs inline (as stepwise run)
  -h, --help           show this help
Exit codes: 0 completed, 1 failed, 2 bad input (no such run, not interrupted).
`;

const OPTIONS = {
  json: { type: "boolean" },
  journal: { type: "string" },
  module: { type: "string" },
  url: { type: "string" },
  "api-port": { type: "string" },
  "call-timeout": { type: "string" },
  checkpointing: { type: "boolean" },
} as const;

export async function runResumeCommand(argv: string[], commandIO: CommandIO): Promise<number> {
  const line = parseCommandLine(argv, OPTIONS, "resume", RESUME_HELP);
  const runId = onePositional(line, "resume", "run ID");
  if (!runId) throw new StepwiseInputError("stepwise resume needs a run ID (see stepwise runs)");
  const journalDir = journalOption(line);
  const recorded = findRecordedRun(journalDir, runId);
  if (!recorded) throw new StepwiseInputError(`no recorded run "${runId}" in ${journalDir} — list them with stepwise runs`);
  if (recorded.status !== "interrupted") {
    const why = recorded.status === "running" ? "is still running in another process" : `has ended (${recorded.status})`;
    throw new StepwiseInputError(`run ${recorded.runId} ${why}; only an interrupted run can be resumed${recorded.status === "running" ? "" : ` — start a new one with stepwise run, or replay it with stepwise replay ${recorded.runId}`}`);
  }
  const url = stringOption(line, "url") ?? (stringOption(line, "module") ? undefined : recorded.source?.url);
  const program = url ? undefined : (stringOption(line, "module") ?? recorded.source?.program);
  if (program && !existsSync(program)) throw new StepwiseInputError(`the run's module ${program} no longer exists — pass its new path with --module`);
  if (!program && !url) throw new StepwiseInputError(`the journal of ${recorded.runId} does not say which module ran it — pass --module`);
  const json = flag(line, "json");
  const progress = ProgressLine.forCommand(json);
  const io = progress.wrap(commandIO);
  try {
    const orchestrator = await Orchestrator.start(program ? { program } : { url: url! }, {
      journalDir,
      workers: 1,
      limits: recordedLimits(recorded.limits),
      callTimeoutMs: callTimeoutOption(line),
      apiPort: apiPortOption(line),
      checkpointing: flag(line, "checkpointing"),
      beforeStart: (o) => {
        followStart(progress, o);
        followOutput(o, io, json);
      },
    });
    progress.follow(undefined);
    try {
      const run = orchestrator.resumeRun(recorded);
      followRun(progress, orchestrator, run);
      return await reportWhenSettled(orchestrator, run, io, json);
    } finally {
      progress.stop();
      await orchestrator.close();
    }
  } finally {
    progress.stop();
  }
}

/** The limits the run started with (a resumed run keeps them). */
function recordedLimits(limits: Record<string, number>) {
  const { maxSteps, maxStepOutputBytes, maxStateBytes } = limits;
  return typeof maxSteps === "number" && typeof maxStepOutputBytes === "number" && typeof maxStateBytes === "number" ? { maxSteps, maxStepOutputBytes, maxStateBytes } : undefined;
}
