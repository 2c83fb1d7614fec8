// The `stepwise` command: run, replay, runs, lint, dap, dev.
import { StepwiseInputError } from "../runtime/errors";
import { processIO, type CommandIO } from "./io";
import { runReplayCommand } from "./replay-command";
import { runRunCommand } from "./run-command";
import { runRunsCommand } from "./runs-command";
import { runLintCommand } from "./lint-command";
import { runDevCommand } from "./dev-command";
import { runDebugAdapterOverStdio } from "../debug-adapter/stdio";

const HELP = `Usage: stepwise <command> [options]

Debug, run and check Inngest step functions, with Stepwise as the local executor.

Commands:
  run <module>       run one function to completion and print its timeline
  replay <runId>     re-drive a recorded run against the current code (no step bodies run)
  runs               list recorded runs, newest first
  lint [paths…]      find durable-execution mistakes (unawaited steps, non-deterministic IDs…)
  dap                serve the Debug Adapter Protocol over stdio (for any DAP client)
  dev <module>       serve the live timeline in a browser

Run "stepwise <command> --help" for a command's options.
`;

type Command = (argv: string[], io: CommandIO) => Promise<number>;

const commands: Record<string, Command> = {
  run: runRunCommand,
  replay: runReplayCommand,
  runs: runRunsCommand,
  lint: runLintCommand,
  dev: (argv, io) => runDevCommand(argv, io),
  dap: async (argv, io) => {
    if (argv.includes("--help")) {
      io.stdout("Usage: stepwise dap\n\nServes the Stepwise debugger over the Debug Adapter Protocol on stdin/stdout.\nLaunch arguments: program | url, function, event | eventFile, stopOnEntry, stopOnParallel,\njournal, replay, maxSteps, maxStateMb, debugUserCode.\n");
      return 0;
    }
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
  if (name === "--version") {
    io.stdout(`${require("../package.json").version}\n`);
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
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
