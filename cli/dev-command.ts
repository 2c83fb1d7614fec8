// `stepwise dev`: Stepwise in place of the Inngest Dev Server (`npx inngest-cli dev`), on one
// port with its API, Inngest's REST API and a page — for a module Stepwise hosts, for apps you
// run yourself (`-u`, discovery, or apps that register themselves), or both.
import path from "node:path";
import { StepwiseInputError } from "../runtime/errors";
import { DevServer } from "../runtime/dev-server";
import { readEventInput } from "./event-input";
import { flag, isPort, listOption, numberOption, parseCommandLine, stringOption } from "./args";
import type { CommandIO } from "./io";
import { followStart, ProgressLine } from "./progress-line";
import { journalOption, limitOptions } from "./run-command";

export const DEV_HELP = `Usage: stepwise dev [module…] [-u URL]… [options]

Stepwise as the Inngest Dev Server: one port (8288) serves the SDK's API (events, sync), Inngest's
REST API v1 and a page with your apps, functions, runs and their timelines. Point your app at it
with INNGEST_DEV=http://127.0.0.1:8288, as you would the Dev Server.

Apps:
  module…              modules Stepwise hosts with the SDK's own serve(); reloaded when they or a
                       file they import change (runs in flight finish on the code they started on)
  -u, --sdk-url URL    an app you run (repeatable), e.g. http://localhost:3000/api/inngest; an app
                       that registers itself (its serve endpoint got a PUT) is kept as well

Options:
  -p, --port N         the Dev Server port: API, UI and live feed (default 8288)
  --api-port N         the same port, as older Stepwise scripts name it (it wins over --port)
  --no-discovery       do not look for apps on the usual local ports (3000, 8080, …)
  --no-poll            do not re-sync apps every few seconds (failed ones are still retried)
  --poll-interval S    seconds between re-syncs (default 5)
  --no-cron            do not run cron functions on their schedules
  --no-watch           do not reload modules when their files change
  --checkpointing      let the SDK checkpoint the steps it runs inline, as production's SDK v4
                       does (fewer calls)
  --max-steps N        steps a run may have (default 1000, at most 10000)
  --max-state-mb N     step output a run may store in total (default 4)
  --journal DIR        where runs are recorded (default .stepwise/runs)
  --function ID        start one run of this function at once (with --event or --event-file)
  -h, --help           show this help
Stop with Ctrl+C.
`;

const OPTIONS = {
  port: { type: "string", short: "p" },
  "api-port": { type: "string" },
  "sdk-url": { type: "string", short: "u", multiple: true },
  "no-discovery": { type: "boolean" },
  "no-poll": { type: "boolean" },
  "poll-interval": { type: "string" },
  "no-cron": { type: "boolean" },
  "no-watch": { type: "boolean" },
  journal: { type: "string" },
  "max-steps": { type: "string" },
  checkpointing: { type: "boolean" },
  "max-state-mb": { type: "string" },
  function: { type: "string" },
  event: { type: "string" },
  "event-file": { type: "string" },
} as const;

export async function runDevCommand(argv: string[], commandIO: CommandIO, stop: Promise<void> = interrupted()): Promise<number> {
  const line = parseCommandLine(argv, OPTIONS, "dev", DEV_HELP);
  // A live line only while the modules are hosted and the apps synced at the start: the log is the rest.
  const progress = ProgressLine.forCommand(false);
  const io = progress.wrap(commandIO);
  const apiPort = numberOption(line, "api-port", isPort, "a port number");
  const port = numberOption(line, "port", isPort, "a port number");
  if (apiPort !== undefined && port !== undefined && apiPort !== port) io.stderr(`stepwise: --port ${port} ignored: --api-port ${apiPort} names the Dev Server port\n`);
  const modules = line.positionals.map((p) => path.resolve(p));
  const pollSeconds = numberOption(line, "poll-interval", (n) => n >= 1, "a number of seconds, at least 1");
  const server = await DevServer.start({
    port: apiPort ?? port ?? 8288,
    modules,
    urls: listOption(line, "sdk-url"),
    discovery: !flag(line, "no-discovery"),
    poll: !flag(line, "no-poll"),
    pollMs: pollSeconds === undefined ? undefined : pollSeconds * 1000,
    cron: !flag(line, "no-cron"),
    watch: !flag(line, "no-watch"),
    journalDir: journalOption(line),
    log: (text) => io.stdout(`${text}\n`),
    output: (text) => io.stderr(text),
    orchestrator: { limits: limitOptions(line), checkpointing: flag(line, "checkpointing"), beforeStart: (o) => followStart(progress, o) },
  })
    .catch((err: Error) => {
      throw err instanceof StepwiseInputError ? err : new StepwiseInputError(err.message);
    })
    .finally(() => progress.stop());
  server.orchestrator.on("log", (message: string) => io.stderr(message + "\n"));
  try {
    io.stdout(`stepwise dev: ${server.url}  (INNGEST_DEV=${server.url})\n`);
    io.stdout(`  page:   ${server.url}/\n  events: POST ${server.url}/e/<key>   REST: ${server.url}/v1/…\n`);
    const fnId = stringOption(line, "function");
    if (fnId) {
      const fn = server.orchestrator.findFunction(fnId);
      const outcome = await server.orchestrator.trigger(fn, readEventInput(stringOption(line, "event"), stringOption(line, "event-file"), server.orchestrator.defaultEvent(fn)));
      io.stdout("run" in outcome ? `  started run ${outcome.run.id} of ${fn.slug}\n` : `  no run of ${fn.slug} started — ${outcome.skipped}\n`);
    }
    await stop;
    return 0;
  } finally {
    await server.close();
  }
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}
