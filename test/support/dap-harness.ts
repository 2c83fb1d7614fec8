// A real DAP client (DebugClient from @vscode/debugadapter-testsupport) talking to the Stepwise
// debug session, the one set-up every debugger test shares. Two transports:
// - "inline": a StepwiseDebugSession created in this process (as the extension creates it inside
//   DebugAdapterInlineImplementation), reached over a loopback socket;
// - "stdio": `node --import tsx debug-adapter/stdio-main.ts`, the same code as `stepwise dap`.
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { StepwiseAttachArguments, StepwiseLaunchArguments } from "../../debug-adapter/launch-arguments";
import { StepwiseDebugSession } from "../../debug-adapter/session";
import { repoRoot, tempDir } from "./runtime-harness";

export interface DapTest {
  client: DebugClient;
  /** Every stopped event so far, in order. */
  stops: DebugProtocol.StoppedEvent[];
  /** Every output event's text so far, by category. */
  output: Array<{ category: string; text: string }>;
  /** The `stepwise/childSession`, `stepwise/activity`, `capabilities`, `exited`, `continued` and `invalidated` events so far. */
  otherEvents: DebugProtocol.Event[];
  /** Every thread event so far. */
  threadEvents: DebugProtocol.ThreadEvent[];
  /** Resolves once `check` holds (checked after every event); rejects after 30 s. */
  waitUntil(check: () => boolean, what: string): Promise<void>;
  /** Resolves with the next `count` stopped events after the first `since` (default: those seen so far). */
  waitForStops(count: number, since?: number): Promise<DebugProtocol.StoppedEvent[]>;
  /** Continues the run's thread on every stop until the session ends. */
  continueToEnd(): Promise<void>;
  /** The name of a thread by its ID (from a fresh `threads` request). */
  threadName(threadId: number): Promise<string | undefined>;
  journal: string;
  /** The in-process session (inline transport). */
  session(): StepwiseDebugSession | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Requests sent after `initialized` and before `configurationDone` (breakpoints, exception filters). */
  configure?: (client: DebugClient) => Promise<unknown>;
  transport?: "inline" | "stdio";
  /** `attach` serves the Dev Server and debugs every run an event starts (default `launch`). */
  request?: "launch" | "attach";
  /** What the client says it supports in `initialize` (VS Code: `supportsInvalidatedEvent`, …). */
  clientCapabilities?: Partial<DebugProtocol.InitializeRequestArguments>;
}

const WAIT_MS = 30_000;

export async function startDebugging(launch: Partial<StepwiseLaunchArguments & StepwiseAttachArguments>, options: StartOptions = {}): Promise<DapTest> {
  const { client, server, session } = options.transport === "stdio" ? await stdioClient() : await inlineClient();
  const stops: DebugProtocol.StoppedEvent[] = [];
  const output: DapTest["output"] = [];
  const otherEvents: DebugProtocol.Event[] = [];
  const threadEvents: DebugProtocol.ThreadEvent[] = [];
  const waiters: Array<() => void> = [];
  let terminated = false;
  const wake = () => waiters.splice(0).forEach((w) => w());
  client.on("stopped", (event: DebugProtocol.StoppedEvent) => (stops.push(event), wake()));
  client.on("terminated", () => ((terminated = true), wake()));
  client.on("thread", (event: DebugProtocol.ThreadEvent) => (threadEvents.push(event), wake()));
  client.on("output", (event: DebugProtocol.OutputEvent) => (output.push({ category: event.body.category ?? "console", text: event.body.output }), wake()));
  for (const name of ["stepwise/childSession", "stepwise/activity", "capabilities", "exited", "continued", "invalidated"]) client.on(name, (event: DebugProtocol.Event) => (otherEvents.push(event), wake()));
  const journal = launch.journal ?? tempDir("stepwise-dap-journal-");
  const adapterProcess = (client as unknown as { _adapterProcess?: ChildProcess })._adapterProcess;
  const close = async () => {
    // Over stdio the adapter exits after a disconnect: a request to it then would never be answered.
    if (adapterProcess && adapterProcess.exitCode !== null) return;
    const answered = async (request: Promise<unknown>) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([request.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
      clearTimeout(timer);
    };
    await answered(client.disconnectRequest({}));
    if (adapterProcess && adapterProcess.exitCode === null) adapterProcess.kill();
    else await answered(client.stop());
    server?.close();
  };
  try {
    // Over stdio, like some DAP clients, leave out pathFormat (DAP's default is "path").
    await client.initializeRequest({ adapterID: "stepwise", linesStartAt1: true, columnsStartAt1: true, ...(options.transport === "stdio" ? {} : { pathFormat: "path" }), ...options.clientCapabilities });
    if (options.configure) await options.configure(client);
    const args = { journal, ...launch } as DebugProtocol.LaunchRequestArguments;
    const launched = options.request === "attach" ? client.attachRequest(args as DebugProtocol.AttachRequestArguments) : client.launchRequest(args);
    // A refusal can come before configurationDone's answer; it is awaited just below.
    launched.catch(() => {});
    await client.configurationDoneRequest();
    await launched;
  } catch (err) {
    await close();
    throw err;
  }
  const nextEvent = (what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited ${WAIT_MS / 1000} s for ${what} (${stops.length} stops so far: ${stops.map((s) => s.body.reason).join(", ")})`)), WAIT_MS);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  const waitUntil = async (check: () => boolean, what: string) => {
    while (!check()) await nextEvent(what);
  };
  return {
    client,
    stops,
    output,
    otherEvents,
    threadEvents,
    waitUntil,
    journal,
    session: () => session?.(),
    async waitForStops(count, since = stops.length) {
      while (stops.length < since + count) {
        if (terminated) throw new Error(`the session ended after ${stops.length} stops (${stops.map((s) => s.body.reason).join(", ")}); waited for ${since + count}`);
        await nextEvent(`${since + count} stops`);
      }
      return stops.slice(since, since + count);
    },
    async continueToEnd() {
      let seen = stops.length;
      await client.continueRequest({ threadId: 1 }).catch(() => undefined);
      while (!terminated) {
        // Stops that came while a continue was answered count too: check before waiting.
        if (stops.length > seen) {
          seen = stops.length;
          await client.continueRequest({ threadId: 1 }).catch(() => undefined);
          continue;
        }
        await nextEvent("the end of the session");
      }
    },
    async threadName(threadId) {
      const { body } = await client.threadsRequest();
      return body.threads.find((t) => t.id === threadId)?.name;
    },
    close,
  };
}

async function inlineClient(): Promise<{ client: DebugClient; server: net.Server; session: () => StepwiseDebugSession }> {
  let session!: StepwiseDebugSession;
  const server = net.createServer((socket) => {
    session = new StepwiseDebugSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const client = new DebugClient("node", "unused", "stepwise");
  client.defaultTimeout = WAIT_MS;
  await client.start((server.address() as net.AddressInfo).port);
  return { client, server, session: () => session };
}

async function stdioClient(): Promise<{ client: DebugClient; server?: undefined; session?: () => undefined }> {
  const client = new DebugClient("node", path.join(repoRoot, "debug-adapter", "stdio-main.ts"), "stepwise", {
    cwd: repoRoot,
    env: { ...process.env, NODE_OPTIONS: "--import tsx" },
  });
  client.defaultTimeout = WAIT_MS;
  await client.start();
  return { client };
}

/** The threads by name → id. */
export async function threadsByName(client: DebugClient): Promise<Map<string, number>> {
  const { body } = await client.threadsRequest();
  return new Map(body.threads.map((t) => [t.name, t.id]));
}

/** The variables of a named scope in the top frame of a thread. */
export async function scopeVariables(client: DebugClient, threadId: number, scopeName: string): Promise<DebugProtocol.Variable[]> {
  const scope = await findScope(client, threadId, scopeName);
  return (await client.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

export async function findScope(client: DebugClient, threadId: number, scopeName: string): Promise<DebugProtocol.Scope> {
  const frames = await client.stackTraceRequest({ threadId });
  const scopes = await client.scopesRequest({ frameId: frames.body.stackFrames[0].id });
  const scope = scopes.body.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`no scope "${scopeName}" (there are ${scopes.body.scopes.map((s) => s.name).join(", ")})`);
  return scope;
}

/** `[name, value]` pairs, as the Variables view shows them. */
export const shown = (variables: DebugProtocol.Variable[]) => variables.map((v) => [v.name, v.value]);
