// `stepwise run <module>`: host the module, run one function to completion (and every run it
// triggered), print a timeline or one JSON object.
import path from "node:path";
import { StepwiseInputError } from "../runtime/errors";
import { defaultJournalDir } from "../runtime/journal";
import { resolveLimits } from "../runtime/limits";
import { defaultWorkers, Orchestrator } from "../runtime/orchestrator";
import { INFRASTRUCTURE_ERROR, type Run } from "../runtime/run";
import type { RunSnapshot } from "../runtime/types";
import { numberFlag, parseArgs, stringFlag } from "./args";
import { readEventInput } from "./event-input";
import type { CommandIO } from "./io";
import { formatTimeline } from "./timeline-text";

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
  --json               print exactly one JSON object instead of the timeline
  --journal DIR        where runs are recorded (default .stepwise/runs)
  --max-steps N        steps a run may have (default 1000, at most 10000)
  --max-state-mb N     step output a run may store in total (default 4)
  --workers N          app-host processes sharing the calls of a parallel wave (default: CPUs)
  --call-timeout S     seconds a call may take before the run fails (default 120)
Exit codes: 0 completed, 1 failed, 2 bad input.
`;

export async function runRunCommand(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: ["function", "event", "event-file", "url", "journal", "max-steps", "max-state-mb", "workers", "call-timeout"], booleans: ["json", "help"] }, "run");
  if (args.flags.has("help")) {
    io.stdout(RUN_HELP);
    return 0;
  }
  const program = args.positionals[0];
  const url = stringFlag(args, "url");
  if (!program && !url) throw new StepwiseInputError("stepwise run needs a module (stepwise run src/inngest.ts) or --url");
  if (args.positionals.length > 1) throw new StepwiseInputError(`stepwise run takes one module, got: ${args.positionals.join(" ")}`);
  const limits = (() => {
    try {
      return resolveLimits({ maxSteps: numberFlag(args, "max-steps", () => true, ""), maxStateMb: numberFlag(args, "max-state-mb", () => true, "") });
    } catch (err) {
      throw new StepwiseInputError(`--${(err as Error).message}`);
    }
  })();
  const workers = numberFlag(args, "workers", (n) => Number.isInteger(n) && n >= 1 && n <= 64, "a whole number from 1 to 64") ?? defaultWorkers();
  const callTimeout = numberFlag(args, "call-timeout", (n) => n > 0, "a positive number of seconds");
  const journalDir = path.resolve(stringFlag(args, "journal") ?? defaultJournalDir());

  const orchestrator = await Orchestrator.start(program ? { program: path.resolve(program) } : { url: url! }, {
    journalDir,
    limits,
    workers: program ? workers : 1,
    callTimeoutMs: callTimeout === undefined ? undefined : callTimeout * 1000,
  });
  if (!args.flags.has("json")) {
    orchestrator.on("output", (text: string) => io.stderr(text));
    orchestrator.on("log", (message: string) => io.stderr(message + "\n"));
  }
  try {
    const fn = orchestrator.findFunction(stringFlag(args, "function"));
    const event = readEventInput(stringFlag(args, "event"), stringFlag(args, "event-file"), orchestrator.defaultEvent(fn));
    const run = orchestrator.startRun(fn, event);
    const snapshot = await orchestrator.settle(run);
    const triggered = allTriggered(run).map((r) => r.snapshot());
    if (args.flags.has("json")) io.stdout(JSON.stringify(runReport(snapshot, triggered)) + "\n");
    else io.stdout(formatTimeline(snapshot, run.laneOf, triggered));
    if (snapshot.status === "completed") return 0;
    if (!args.flags.has("json")) io.stderr(`stepwise: run failed: ${snapshot.error?.message}\n`);
    return snapshot.error?.name === INFRASTRUCTURE_ERROR ? 2 : 1;
  } finally {
    await orchestrator.close();
  }
}

function allTriggered(run: Run): Run[] {
  return run.triggered.flatMap((t) => [t, ...allTriggered(t)]);
}

/** The `--json` contract other tools rely on (issue #2). */
export function runReport(run: RunSnapshot, triggered: RunSnapshot[]) {
  const idOf = (hash: string) => run.steps.find((s) => s.hashedId === hash)?.id ?? hash;
  return {
    runId: run.runId,
    function: run.functionSlug,
    status: run.status === "completed" ? "completed" : "failed",
    output: run.output ?? null,
    error: run.error ? { name: run.error.name, message: run.error.message } : null,
    steps: run.steps.map((s) => ({ id: s.id, hashedId: s.hashedId, status: s.status, attempts: s.attempts, startedAt: s.startedAt ?? null, endedAt: s.endedAt ?? null })),
    stackOrder: run.stack.map(idOf),
    calls: { total: run.calls.discovery + run.calls.step, discovery: run.calls.discovery, step: run.calls.step },
    parallelism: run.mode ?? "optimized",
    bytesSent: run.bytesSent,
    journal: run.journal,
    triggered: triggered.map((t) => ({
      runId: t.runId,
      function: t.functionSlug,
      status: t.status === "completed" ? "completed" : "failed",
      output: t.output ?? null,
      error: t.error ? { name: t.error.name, message: t.error.message } : null,
    })),
  };
}
