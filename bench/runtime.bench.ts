// Runtime figures: N parallel no-op steps through the real SDK, with one app host and with one
// per CPU; calls per step, bytes sent (trimmed against full state), CPU split, peak memory.
// Beside it, @inngest/test's InngestTestEngine on the same function, where it finishes.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Orchestrator } from "../runtime/orchestrator";
import { defaultWorkers } from "../runtime/orchestrator";
import { tempDir } from "../test/support/runtime-harness";

const app = path.resolve(__dirname, "..", "test-fixtures", "apps", "protocol.ts");

/** utime + stime of a process in ms, read from /proc before it exits. */
function cpuMsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function peakRssMbOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface Figures {
  wallS: number;
  calls: number;
  callsPerStep: number;
  bytesSent: number;
  orchestratorCpuS: number;
  hostsCpuS: number;
  orchestratorRssMb: number;
  hostRssMb: number;
}

interface Scenario {
  fn: string;
  event: string;
  checkpointing?: boolean;
}

const WAVE: Scenario = { fn: "many-parallel", event: "test/many" };

async function measure(n: number, workers: number, trimStepCallState: boolean, scenario: Scenario = WAVE): Promise<Figures & { checkpoints: number }> {
  const orchestrator = await Orchestrator.start({ program: app }, { workers, trimStepCallState, journalDir: tempDir("stepwise-bench-"), callTimeoutMs: 600_000, checkpointing: scenario.checkpointing });
  const hostPids = orchestrator.apps.list()[0].host!.hosts.map((h) => h.child.pid);
  const hostCpuBefore = hostPids.reduce<number>((sum, pid) => sum + cpuMsOf(pid), 0);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const fn = orchestrator.findFunction(scenario.fn);
  const run = orchestrator.startRun(fn, { name: scenario.event, data: { n, tenant: "acme" } });
  const snapshot = await orchestrator.settle(run);
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const hostsCpuS = (hostPids.reduce<number>((sum, pid) => sum + cpuMsOf(pid), 0) - hostCpuBefore) / 1000;
  const hostRssMb = Math.max(...hostPids.map(peakRssMbOf));
  await orchestrator.close();
  if (snapshot.status !== "completed") throw new Error(`bench run failed: ${snapshot.error?.message}`);
  const calls = snapshot.calls.discovery + snapshot.calls.step;
  return {
    wallS,
    calls,
    callsPerStep: calls / n,
    bytesSent: snapshot.bytesSent,
    orchestratorCpuS: (cpu.user + cpu.system) / 1e6,
    hostsCpuS,
    orchestratorRssMb: process.resourceUsage().maxRSS / 1024,
    hostRssMb,
    checkpoints: snapshot.calls.checkpoint,
  };
}

const share = (f: Figures) => (100 * f.orchestratorCpuS) / (f.orchestratorCpuS + f.hostsCpuS);

/** Flow control in every call's path (a keyed concurrency limit, a priority): the orchestrator's CPU share. */
async function benchFlowControl(n: number): Promise<void> {
  console.log(`\n## runtime: flow control in the path — ${n} parallel steps, concurrency { limit: 100, key } + priority.run, 1 worker`);
  const plain = await measure(n, 1, true, WAVE);
  const limited = await measure(n, 1, true, { fn: "many-parallel-limited", event: "test/many-limited" });
  for (const [label, f] of [["no flow control", plain], ["concurrency + priority", limited]] as const) {
    console.log(`${label.padEnd(24)} wall ${f.wallS.toFixed(2)} s · ${f.calls} calls · orchestrator CPU ${f.orchestratorCpuS.toFixed(2)} s of ${(f.orchestratorCpuS + f.hostsCpuS).toFixed(2)} s (${share(f).toFixed(1)} %)`);
  }
}

/** What checkpointing (production's default in SDK v4) changes for N sequential steps. */
async function benchCheckpointing(n: number): Promise<void> {
  console.log(`\n## runtime: checkpointing — ${n} sequential steps (a for loop of step.run), 1 worker`);
  const classic = await measure(n, 1, true, { fn: "many-sequential", event: "test/many-sequential" });
  const checkpointed = await measure(n, 1, true, { fn: "many-sequential", event: "test/many-sequential", checkpointing: true });
  for (const [label, f] of [["classic (no fn_id)", classic], ["checkpointing", checkpointed]] as const) {
    console.log(`${label.padEnd(20)} wall ${f.wallS.toFixed(2).padStart(7)} s · ${String(f.calls).padStart(5)} SDK calls + ${String(f.checkpoints).padStart(5)} checkpoints · ${f.bytesSent.toLocaleString("en-US").padStart(12)} bytes sent · host CPU ${f.hostsCpuS.toFixed(2)} s`);
  }
}

/** InngestTestEngine in its own process with a 1 GB heap: it may run out of memory. */
function measureInngestTest(n: number): string {
  const script = path.join(__dirname, "inngest-test-engine.ts");
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--max-old-space-size=1024", "--import", "tsx", script, String(n)], { encoding: "utf8", timeout: 180_000 });
  const wall = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status === 0) return `${wall} s (${result.stdout.trim()})`;
  if (/heap out of memory|Allocation failed/i.test(result.stderr)) return `out of memory after ${wall} s`;
  if (result.signal) return `killed (${result.signal}) after ${wall} s`;
  return `failed after ${wall} s: ${result.stderr.trim().split("\n").slice(-1)[0]}`;
}

export async function benchRuntime(sizes = [10, 100, 1000]): Promise<void> {
  const cpus = defaultWorkers();
  console.log(`\n## runtime: N parallel no-op steps (Promise.all of step.run), inngest 4.24, ${cpus} CPUs`);
  let inngestTestFailedAt: number | undefined;
  console.log("N     workers  wall s   calls  calls/step  bytes sent   (full state)  orch CPU s  hosts CPU s  orch %  orch RSS MB  host RSS MB");
  for (const n of sizes) {
    for (const workers of [...new Set([1, cpus])]) {
      const trimmed = await measure(n, workers, true);
      const full = workers === 1 ? await measure(n, workers, false) : undefined;
      console.log(
        [
          String(n).padEnd(5),
          String(workers).padEnd(8),
          trimmed.wallS.toFixed(2).padStart(6),
          String(trimmed.calls).padStart(6),
          trimmed.callsPerStep.toFixed(3).padStart(10),
          trimmed.bytesSent.toLocaleString("en-US").padStart(11),
          (full ? full.bytesSent.toLocaleString("en-US") : "").padStart(13),
          trimmed.orchestratorCpuS.toFixed(2).padStart(10),
          trimmed.hostsCpuS.toFixed(2).padStart(11),
          share(trimmed).toFixed(1).padStart(6),
          trimmed.orchestratorRssMb.toFixed(0).padStart(11),
          trimmed.hostRssMb.toFixed(0).padStart(11),
        ].join("  "),
      );
    }
    if (inngestTestFailedAt === undefined) {
      const outcome = measureInngestTest(n);
      if (!outcome.includes("result")) inngestTestFailedAt = n;
      console.log(`      @inngest/test InngestTestEngine, N=${n}: ${outcome}`);
    } else {
      console.log(`      @inngest/test InngestTestEngine, N=${n}: not run (it did not finish at N=${inngestTestFailedAt})`);
    }
  }
  await benchFlowControl(sizes[sizes.length - 1]);
  await benchCheckpointing(sizes[sizes.length - 1]);
}

if (require.main === module) void benchRuntime(process.argv.slice(2).map(Number).filter(Boolean).length ? process.argv.slice(2).map(Number) : undefined);
