// `stepwise explore <module>`: run one function once for real, then every schedule of it from the
// recorded step results (docs/explore.md), grouped by outcome.
import path from "node:path";
import { AppProtocolError, AppUnreachableError } from "../runtime/app-client";
import { StepwiseInputError } from "../runtime/errors";
import { DEFAULT_MAX_SCHEDULES, explore } from "../runtime/explore";
import { Orchestrator } from "../runtime/orchestrator";
import { BadAnswerError } from "../runtime/sdk-call";
import { flag, numberOption, onePositional, parseCommandLine, stringOption } from "./args";
import { readEventInput } from "./event-input";
import { exploreJson, formatExplore } from "./explore-report";
import type { CommandIO } from "./io";
import { INTERRUPTED_EXIT } from "./run-report";
import { journalOption } from "./run-command";

export const EXPLORE_HELP = `Usage: stepwise explore <module> [options]

Every outcome a function can reach over the orders in which its parallel steps complete and,
with --faults, over a step failing once. The function runs once for real (recorded as usual);
then it is re-driven from the recorded step results under every distinct schedule: each order
the SDK may see its parallel steps complete in (its own fan-in mode, optimized or V1). Only the
code between steps runs again, never a recorded step body; a step the recording lacks (a
fallback path) runs once for real and is reused. Schedules are grouped by outcome; the shortest
schedule of each is written as a journal that "stepwise replay" and the debugger replay as is.

Options:
  --function ID        the function to explore: its ID or <app>-<fn> (optional when there is one)
  --event JSON         the trigger event (default: { name: <its first trigger>, data: {} })
  --event-file FILE    the trigger event, from a JSON file
  --faults             also let each step fail once: retried where it has retries left, for
                       good where it has none (retries: 0), so that the code gets a StepError
  --max-schedules N    stop after N distinct schedules (default ${DEFAULT_MAX_SCHEDULES}); "exhaustive" is then false
  --json               print exactly one JSON object
  --journal DIR        where the run and the examples are recorded (default .stepwise/runs)
  -h, --help           show this help
The app's own output is shown for the real run only. How schedules are told apart and searched:
docs/explore.md.
Exit codes: 0 one outcome, 1 several outcomes, 2 bad input (or the exploration could not run).
`;

const OPTIONS = {
  function: { type: "string" },
  event: { type: "string" },
  "event-file": { type: "string" },
  faults: { type: "boolean" },
  "max-schedules": { type: "string" },
  json: { type: "boolean" },
  journal: { type: "string" },
} as const;

export async function runExploreCommand(argv: string[], io: CommandIO): Promise<number> {
  const line = parseCommandLine(argv, OPTIONS, "explore", EXPLORE_HELP);
  const program = onePositional(line, "explore", "module");
  if (!program) throw new StepwiseInputError("stepwise explore needs a module (stepwise explore src/inngest.ts)");
  const maxSchedules = numberOption(line, "max-schedules", (n) => Number.isInteger(n) && n >= 1, "a whole number of at least 1") ?? DEFAULT_MAX_SCHEDULES;
  const json = flag(line, "json");
  const orchestrator = await Orchestrator.start({ program: path.resolve(program) }, { journalDir: journalOption(line), workers: 1 });
  // The app's output and the runtime's notes while the real run goes; exploring repeats the
  // code between steps thousands of times, and its output with it.
  let recording = true;
  orchestrator.on("output", (text: string) => recording && io.stderr(text));
  if (!json) orchestrator.on("log", (message: string) => recording && io.stderr(message + "\n"));
  const stop = new AbortController();
  const onInterrupt = () => {
    stop.abort();
    if (recording) orchestrator.interrupt("stopped by Ctrl-C (SIGINT)");
  };
  process.once("SIGINT", onInterrupt);
  try {
    const fn = orchestrator.findFunction(stringOption(line, "function"));
    const event = readEventInput(stringOption(line, "event"), stringOption(line, "event-file"), orchestrator.defaultEvent(fn));
    let report;
    try {
      report = await explore(orchestrator, fn, event, { faults: flag(line, "faults"), maxSchedules, signal: stop.signal, onRecorded: () => (recording = false) });
    } catch (err) {
      if (stop.signal.aborted && recording) return INTERRUPTED_EXIT;
      if (err instanceof BadAnswerError || err instanceof AppProtocolError || err instanceof AppUnreachableError) {
        io.stderr(`stepwise: exploring ${fn.slug} failed: ${err instanceof BadAnswerError ? "the app " : ""}${err.message}\n`);
        return 2;
      }
      throw err;
    }
    io.stdout(json ? JSON.stringify(exploreJson(report)) + "\n" : formatExplore(report, maxSchedules));
    return report.outcomes.length === 1 ? 0 : 1;
  } finally {
    process.off("SIGINT", onInterrupt);
    await orchestrator.close();
  }
}
