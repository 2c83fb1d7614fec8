// The `stepwise` command: run, resume, replay, runs, explore, lint, dap, dev.
import { runDebugAdapterOverStdio } from "../debug-adapter/stdio";
import { StepwiseInputError } from "../runtime/errors";
import { parseCommandLine, PrintAndExit, version } from "./args";
import { runDevCommand } from "./dev-command";
import { runExploreCommand } from "./explore-command";
import { processIO, type CommandIO } from "./io";
import { runLintCommand } from "./lint-command";
import { runReplayCommand } from "./replay-command";
import { runResumeCommand } from "./resume-command";
import { runRunCommand } from "./run-command";
import { runRunsCommand } from "./runs-command";

const HELP = `Usage: stepwise <command> [options]

Debug, run and check Inngest step functions, with Stepwise as the local executor.

Commands:
  run <module>       run one function to completion and print its timeline
  resume <runId>     go on with an interrupted run from its journal
  replay <runId>     re-drive a recorded run against the current code (no step bodies run)
  runs               list recorded runs, newest first
  explore <module>   every outcome a function reaches over branch orders (and --faults)
  lint [paths…]      find durable-execution mistakes (unawaited steps, non-deterministic IDs…)
  dap                serve the Debug Adapter Protocol over stdio (for any DAP client)
  dev <module>       serve the live timeline in a browser

Run "stepwise <command> --help" for a command's options; "stepwise --version" for the version.
Exit codes: 0 success, 1 a run failed (or a lint error was found, or explore found several
outcomes), 2 bad input.
`;

const DAP_HELP = `Usage: stepwise dap

Serves the Stepwise debugger over the Debug Adapter Protocol on stdin/stdout.
Launch arguments: program | url, function, event | eventFile, stopOnEntry, stopOnParallel,
journal, replay, stopAtPosition, maxSteps, maxStateMb, debugUserCode, apiPort.
`;

type Command = (argv: string[], io: CommandIO) => Promise<number>;

const commands: Record<string, Command> = {
  run: runRunCommand,
  resume: runResumeCommand,
  replay: runReplayCommand,
  runs: runRunsCommand,
  explore: runExploreCommand,
  lint: runLintCommand,
  dev: (argv, io) => runDevCommand(argv, io),
  dap: async (argv) => {
    parseCommandLine(argv, {}, "dap", DAP_HELP);
    runDebugAdapterOverStdio();
    return new Promise<number>(() => {});
  },
};

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`stepwise: unknown command "${name}" — one of: ${Object.keys(commands).join(", ")} (see stepwise --help)\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof PrintAndExit) {
      io.stdout(err.text);
      return 0;
    }
    if (err instanceof StepwiseInputError || err instanceof RangeError) {
      io.stderr(`stepwise: ${err.message}\n`);
      return 2;
    }
    io.stderr(`stepwise: internal error: ${(err as Error).message ?? err} — please report it with the command you ran\n`);
    if (process.env.STEPWISE_DEBUG) io.stderr(`${(err as Error).stack}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `stepwise runs | head -1`: the reader went away; what it did not read is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
