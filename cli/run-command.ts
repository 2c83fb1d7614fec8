// `stepwise run <module>`: host the module, run one function to completion (and every run it
// triggered), print a timeline or one JSON object.
import path from "node:path";
import { StepwiseInputError } from "../runtime/errors";
import { journalDirFor } from "../runtime/journal-location";
import { resolveLimits } from "../runtime/limits";
import { defaultWorkers, Orchestrator } from "../runtime/orchestrator";
import { flag, isPort, numberOption, onePositional, parseCommandLine, stringOption, type CommandLine } from "./args";
import { readEventInput } from "./event-input";
import type { CommandIO } from "./io";
import { followRun, followStart, ProgressLine } from "./progress-line";
import { reportWhenSettled } from "./run-report";

export const RUN_HELP = `Usage: stepwise run <module> [options]
       stepwise run --url <serve-url> [options]

Hosts the module's Inngest functions with the SDK's own serve(), runs one function to
completion with Stepwise as the executor, waits for every run it triggered (events, invokes,
onFailure), and prints a timeline: one line a step, a lane for each parallel branch.

Options:
  --function ID        the function to run: its ID or <app>-<fn> (optional when there is one)
  --event JSON         the trigger event (default: { name: <its first trigger>, data: {} })
  --event-file FILE    the trigger event, from a JSON file
  --url URL            run against an app that is already serving (INNGEST_DEV=http://127.0.0.1:8288)
  --api-port N         the port the SDK calls back (default 8288 with --url, a free one for a module)
  --json               print exactly one JSON object instead of the timeline
  --journal DIR        where runs are recorded (default .stepwise/runs)
  --max-steps N        steps a run may have (default 1000, at most 10000)
  --max-state-mb N     step output a run may store in total (default 4)
  --workers N          app-host processes sharing the calls of a parallel wave (default: CPUs)
  --call-timeout S     seconds a call may take before it fails and is retried (default 120)
  --checkpointing      let the SDK checkpoint the steps it runs inline, as production's SDK v4
                       does (fewer calls; see "calls.checkpoint" in --json)
  -h, --help           show this help
Ctrl-C stops the run without losing it: go on with "stepwise resume <runId>".
Exit codes: 0 completed, 1 failed (or cancelled, or interrupted: 130), 2 bad input.
`;

const OPTIONS = {
  function: { type: "string" },
  event: { type: "string" },
  "event-file": { type: "string" },
  url: { type: "string" },
  "api-port": { type: "string" },
  json: { type: "boolean" },
  journal: { type: "string" },
  "max-steps": { type: "string" },
  "max-state-mb": { type: "string" },
  workers: { type: "string" },
  "call-timeout": { type: "string" },
  checkpointing: { type: "boolean" },
} as const;

export async function runRunCommand(argv: string[], commandIO: CommandIO): Promise<number> {
  const line = parseCommandLine(argv, OPTIONS, "run", RUN_HELP);
  const program = onePositional(line, "run", "module");
  const url = stringOption(line, "url");
  if (!program && !url) throw new StepwiseInputError("stepwise run needs a module (stepwise run src/inngest.ts) or --url");
  if (program && url) throw new StepwiseInputError("pass either a module or --url, not both");
  const limits = limitOptions(line);
  const workers = numberOption(line, "workers", (n) => Number.isInteger(n) && n >= 1 && n <= 64, "a whole number from 1 to 64") ?? defaultWorkers();
  const json = flag(line, "json");
  const progress = ProgressLine.forCommand(json);
  const io = progress.wrap(commandIO);
  try {
    const orchestrator = await Orchestrator.start(program ? { program: path.resolve(program) } : { url: url! }, {
      journalDir: journalOption(line),
      limits,
      workers: program ? workers : 1,
      callTimeoutMs: callTimeoutOption(line),
      apiPort: apiPortOption(line),
      checkpointing: flag(line, "checkpointing"),
      beforeStart: (o) => {
        followStart(progress, o, program ? workers : 1);
        followOutput(o, io, json);
      },
    });
    progress.follow(undefined);
    try {
      const fn = orchestrator.findFunction(stringOption(line, "function"));
      const event = readEventInput(stringOption(line, "event"), stringOption(line, "event-file"), orchestrator.defaultEvent(fn));
      const outcome = await orchestrator.trigger(fn, event);
      if ("skipped" in outcome) {
        if (json) io.stdout(JSON.stringify({ function: fn.slug, status: "skipped", skipped: outcome.skipped }) + "\n");
        io.stderr(`stepwise: no run of ${fn.slug} started — ${outcome.skipped}\n`);
        return 1;
      }
      followRun(progress, orchestrator, outcome.run);
      return await reportWhenSettled(orchestrator, outcome.run, io, json);
    } finally {
      progress.stop();
      await orchestrator.close();
    }
  } finally {
    progress.stop();
  }
}

/** `--max-steps` and `--max-state-mb`, for `run` and `dev` alike. */
export const limitOptions = (line: CommandLine) =>
  resolveLimits({
    maxSteps: numberOption(line, "max-steps", (n) => Number.isInteger(n) && n >= 1 && n <= 10_000, "a whole number from 1 to 10,000"),
    maxStateMb: numberOption(line, "max-state-mb", (n) => n > 0, "a positive number of MB"),
  });

export const journalOption = (line: CommandLine) => journalDirFor({ journal: stringOption(line, "journal") });

export const apiPortOption = (line: CommandLine) => numberOption(line, "api-port", isPort, "a port number (0 for any free port)");

export function callTimeoutOption(line: CommandLine): number | undefined {
  const seconds = numberOption(line, "call-timeout", (n) => n > 0, "a positive number of seconds");
  return seconds === undefined ? undefined : seconds * 1000;
}

/** The app's own output (from its load on) and the runtime's notes go to stderr; in --json mode only the app's. */
export function followOutput(orchestrator: Orchestrator, io: CommandIO, json: boolean): void {
  orchestrator.on("output", (text: string) => io.stderr(text));
  if (!json) orchestrator.on("log", (message: string) => io.stderr(message + "\n"));
}
