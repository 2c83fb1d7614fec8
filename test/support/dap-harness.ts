// A real DAP client (DebugClient from @vscode/debugadapter-testsupport) talking over loopback TCP
// to a StepwiseDebugSession in this process: the same session class the extension runs inline.
import net from "node:net";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { StepwiseDebugSession } from "../../debug-adapter/session";
import type { StepwiseLaunchArguments } from "../../debug-adapter/launch-arguments";
import { tempDir } from "./runtime-harness";

export interface DapTest {
  client: DebugClient;
  stops: DebugProtocol.StoppedEvent[];
  /** Resolves when `count` more stopped events (after `since`) have arrived. */
  waitForStops(count: number, since?: number): Promise<DebugProtocol.StoppedEvent[]>;
  journal: string;
  close(): Promise<void>;
}

export async function startDebugging(launch: Partial<StepwiseLaunchArguments>, configure?: (client: DebugClient) => Promise<unknown>): Promise<DapTest> {
  const server = net.createServer((socket) => {
    const session = new StepwiseDebugSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const client = new DebugClient("node", "unused", "stepwise");
  client.defaultTimeout = 30_000;
  await client.start((server.address() as net.AddressInfo).port);
  const stops: DebugProtocol.StoppedEvent[] = [];
  const waiters: Array<() => void> = [];
  client.on("stopped", (event: DebugProtocol.StoppedEvent) => {
    stops.push(event);
    waiters.splice(0).forEach((w) => w());
  });
  const journal = launch.journal ?? tempDir("stepwise-dap-journal-");
  await client.initializeRequest({ adapterID: "stepwise", linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" });
  if (configure) await configure(client);
  const launched = client.launchRequest({ journal, ...launch } as DebugProtocol.LaunchRequestArguments);
  await client.configurationDoneRequest();
  await launched;
  return {
    client,
    stops,
    journal,
    async waitForStops(count, since = stops.length) {
      while (stops.length < since + count) await new Promise<void>((resolve) => waiters.push(resolve));
      return stops.slice(since, since + count);
    },
    async close() {
      await client.disconnectRequest({}).catch(() => undefined);
      await client.stop();
      server.close();
    },
  };
}

/** The threads by name → id. */
export async function threadsByName(client: DebugClient): Promise<Map<string, number>> {
  const { body } = await client.threadsRequest();
  return new Map(body.threads.map((t) => [t.name, t.id]));
}

/** The variables of a named scope in the top frame of a thread. */
export async function scopeVariables(client: DebugClient, threadId: number, scopeName: string): Promise<DebugProtocol.Variable[]> {
  const frames = await client.stackTraceRequest({ threadId });
  const scopes = await client.scopesRequest({ frameId: frames.body.stackFrames[0].id });
  const scope = scopes.body.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`no scope "${scopeName}" (there are ${scopes.body.scopes.map((s) => s.name).join(", ")})`);
  return (await client.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}
