// `stepwise dev <module>`: keep the module hosted, accept events like the Inngest Dev Server
// (POST /e/<key> on the API port), and serve the live timeline in a browser.
import path from "node:path";
import { StepwiseInputError } from "../runtime/errors";
import { defaultJournalDir } from "../runtime/journal";
import { Orchestrator } from "../runtime/orchestrator";
import { TimelineFeed } from "../runtime/timeline-feed";
import { TimelineServer } from "../runtime/timeline-server";
import { numberFlag, parseArgs, stringFlag } from "./args";
import { readEventInput } from "./event-input";
import type { CommandIO } from "./io";

export const DEV_HELP = `Usage: stepwise dev <module> [--port N] [--api-port N] [--journal DIR]
                    [--function ID [--event JSON | --event-file FILE]]

Hosts the module and keeps it running. Send events to http://127.0.0.1:<api-port>/e/<any-key>
(default port 8288, like the Inngest Dev Server) to trigger its functions; with --function,
one run starts at once. The live timeline of every run is served at http://127.0.0.1:<port>/
(default 8289). Stop with Ctrl+C.
`;

export async function runDevCommand(argv: string[], io: CommandIO, stop: Promise<void> = interrupted()): Promise<number> {
  const args = parseArgs(argv, { values: ["port", "api-port", "journal", "function", "event", "event-file"], booleans: ["help"] }, "dev");
  if (args.flags.has("help")) {
    io.stdout(DEV_HELP);
    return 0;
  }
  const program = args.positionals[0];
  if (!program) throw new StepwiseInputError("stepwise dev needs a module (stepwise dev src/inngest.ts)");
  const port = numberFlag(args, "port", (n) => Number.isInteger(n) && n >= 0 && n < 65536, "a port number") ?? 8289;
  const apiPort = numberFlag(args, "api-port", (n) => Number.isInteger(n) && n >= 0 && n < 65536, "a port number") ?? 8288;
  const journalDir = path.resolve(stringFlag(args, "journal") ?? defaultJournalDir());
  const orchestrator = await Orchestrator.start({ program: path.resolve(program) }, { journalDir, apiPort, workers: 1 });
  orchestrator.on("output", (text: string) => io.stderr(text));
  orchestrator.on("log", (message: string) => io.stderr(message + "\n"));
  const feed = new TimelineFeed(journalDir, orchestrator);
  const server = new TimelineServer(feed);
  try {
    const url = await server.listen(port).catch((err: NodeJS.ErrnoException) => {
      throw new StepwiseInputError(`cannot serve the timeline on 127.0.0.1:${port} (${err.code ?? err.message}) — pass another --port`);
    });
    io.stdout(`stepwise dev: ${orchestrator.functions.map((f) => f.slug).join(", ")}\n`);
    io.stdout(`  timeline: ${url}\n  events:   POST ${orchestrator.apiUrl}/e/local\n`);
    const fnId = stringFlag(args, "function");
    if (fnId) {
      const fn = orchestrator.findFunction(fnId);
      const run = orchestrator.startRun(fn, readEventInput(stringFlag(args, "event"), stringFlag(args, "event-file"), orchestrator.defaultEvent(fn)));
      io.stdout(`  started run ${run.id} of ${fn.slug}\n`);
    }
    await stop;
    return 0;
  } finally {
    feed.dispose();
    await server.close();
    await orchestrator.close();
  }
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}
