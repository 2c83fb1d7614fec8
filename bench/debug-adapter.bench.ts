// Debugger figures (issue 3): the time from `launch` to the first `stopped` event, and the time
// to answer threads + stackTrace + variables with 100 parallel branches paused. A real DAP client
// talks to the session the extension runs inline (over loopback, as the tests do).
import path from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { startDebugging, type DapTest } from "../test/support/dap-harness";

const protocol = path.resolve(__dirname, "..", "test-fixtures", "apps", "protocol.ts");

const ms = (from: number) => `${(performance.now() - from).toFixed(1)} ms`;

async function launchToFirstStop(): Promise<{ launchMs: number; firstStopMs: number }> {
  const started = performance.now();
  let launched = 0;
  const t = await startDebugging({ program: protocol, function: "seq" });
  try {
    launched = performance.now() - started;
    await t.waitForStops(1, 0);
    return { launchMs: launched, firstStopMs: performance.now() - started };
  } finally {
    await t.close();
  }
}

async function variablesOf(t: DapTest, threadId: number): Promise<number> {
  const frames = await t.client.stackTraceRequest({ threadId });
  const scopes = await t.client.scopesRequest({ frameId: frames.body.stackFrames[0].id });
  let count = 0;
  for (const scope of scopes.body.scopes) count += (await t.client.variablesRequest({ variablesReference: scope.variablesReference })).body.variables.length;
  return count;
}

export async function benchDebugAdapter(): Promise<void> {
  console.log("\ndebug adapter (inline session, DebugClient over loopback)");
  for (let i = 1; i <= 3; i++) {
    const { launchMs, firstStopMs } = await launchToFirstStop();
    console.log(`  launch → first stopped (protocol.ts "seq", stop on entry), try ${i}: ${firstStopMs.toFixed(0)} ms (launch response after ${launchMs.toFixed(0)} ms; hosting the module and syncing it included)`);
  }

  const started = performance.now();
  const t = await startDebugging({ program: protocol, function: "many-parallel", event: { data: { n: 100 } }, stopOnEntry: false });
  try {
    await t.waitForStops(100, 0);
    console.log(`  launch → 100 parallel branches paused (100 stopped events): ${ms(started)}`);

    let from = performance.now();
    const { body } = await t.client.threadsRequest();
    const threadsMs = ms(from);
    const branches = body.threads.filter((th) => th.id !== 1);

    from = performance.now();
    const one = branches[42];
    const frames = await t.client.stackTraceRequest({ threadId: one.id });
    const scopes = await t.client.scopesRequest({ frameId: frames.body.stackFrames[0].id });
    let variables: DebugProtocol.Variable[] = [];
    for (const scope of scopes.body.scopes) variables = variables.concat((await t.client.variablesRequest({ variablesReference: scope.variablesReference })).body.variables);
    const oneThreadMs = ms(from);
    console.log(`  with 100 branches paused: threads (${body.threads.length} threads) ${threadsMs}; stackTrace + scopes + variables of one branch (${variables.length} variables) ${oneThreadMs}`);

    from = performance.now();
    await t.client.threadsRequest();
    await Promise.all(branches.map((th) => t.client.stackTraceRequest({ threadId: th.id })));
    const allStacksMs = ms(from);
    from = performance.now();
    let count = 0;
    for (const th of branches) count += await variablesOf(t, th.id);
    console.log(`  threads + stackTrace of all 100 branches: ${allStacksMs}; stackTrace + scopes + variables of every branch, one after another (${count} variables): ${ms(from)}`);
  } finally {
    await t.close();
  }
}

if (require.main === module) {
  benchDebugAdapter().catch((err) => {
    console.error(`bench failed: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
  });
}
