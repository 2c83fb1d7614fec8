// `stepwise dev <module>`: keep the module hosted, accept events like the Inngest Dev Server
// (POST /e/<key> on the API port), and serve the live timeline in a browser.
import path from "node:path";
import { StepwiseInputError } from "../runtime/errors";
import { defaultJournalDir } from "../runtime/journal";
import { CronScheduler } from "../runtime/cron-scheduler";
import { Orchestrator } from "../runtime/orchestrator";
import { TimelineFeed } from "../runtime/timeline-feed";
import { TimelineServer } from "../runtime/timeline-server";
import { isPort, numberOption, onePositional, parseCommandLine, stringOption } from "./args";
import { readEventInput } from "./event-input";
import type { CommandIO } from "./io";

export const DEV_HELP = `Usage: stepwise dev <module> [--port N] [--api-port N] [--journal DIR]
                    [--function ID [--event JSON | --event-file FILE]] [--no-cron]

Hosts the module and keeps it running. Send events to http://127.0.0.1:<api-port>/e/<any-key>
(default port 8288, like the Inngest Dev Server) to trigger its functions; with --function,
one run starts at once. The live timeline of every run is served at http://127.0.0.1:<port>/
(default 8289). Cron functions run on their schedule (not with --no-cron). Stop with Ctrl+C.
`;

export async function runDevCommand(argv: string[], io: CommandIO, stop: Promise<void> = interrupted()): Promise<number> {
  const line = parseCommandLine(argv, { port: { type: "string" }, "api-port": { type: "string" }, journal: { type: "string" }, function: { type: "string" }, event: { type: "string" }, "event-file": { type: "string" }, "no-cron": { type: "boolean" } }, "dev", DEV_HELP);
  const program = onePositional(line, "dev", "module");
  if (!program) throw new StepwiseInputError("stepwise dev needs a module (stepwise dev src/inngest.ts)");
  const port = numberOption(line, "port", isPort, "a port number") ?? 8289;
  const apiPort = numberOption(line, "api-port", isPort, "a port number") ?? 8288;
  const journalDir = path.resolve(stringOption(line, "journal") ?? defaultJournalDir());
  const orchestrator = await Orchestrator.start({ program: path.resolve(program) }, { journalDir, apiPort, workers: 1 });
  orchestrator.on("output", (text: string) => io.stderr(text));
  orchestrator.on("log", (message: string) => io.stderr(message + "\n"));
  orchestrator.on("run.note", (run: { runId: string }, message: string) => io.stderr(`run ${run.runId}: ${message}\n`));
  const cron = new CronScheduler({ trigger: (fn, event) => void orchestrator.trigger(fn, event), log: (m) => io.stderr(m + "\n") });
  if (!line.values["no-cron"]) cron.schedule(orchestrator.functions);
  const feed = new TimelineFeed(journalDir, orchestrator);
  const server = new TimelineServer(feed);
  try {
    const url = await server.listen(port).catch((err: NodeJS.ErrnoException) => {
      throw new StepwiseInputError(`cannot serve the timeline on 127.0.0.1:${port} (${err.code ?? err.message}) — pass another --port`);
    });
    io.stdout(`stepwise dev: ${orchestrator.functions.map((f) => f.slug).join(", ")}\n`);
    io.stdout(`  timeline: ${url}\n  events:   POST ${orchestrator.apiUrl}/e/local\n`);
    if (!line.values["no-cron"]) for (const c of cron.describe(orchestrator.functions)) io.stdout(`  cron:     ${c}\n`);
    const fnId = stringOption(line, "function");
    if (fnId) {
      const fn = orchestrator.findFunction(fnId);
      const outcome = await orchestrator.trigger(fn, readEventInput(stringOption(line, "event"), stringOption(line, "event-file"), orchestrator.defaultEvent(fn)));
      io.stdout("run" in outcome ? `  started run ${outcome.run.id} of ${fn.slug}\n` : `  no run of ${fn.slug} started — ${outcome.skipped}\n`);
    }
    await stop;
    return 0;
  } finally {
    cron.stop();
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
