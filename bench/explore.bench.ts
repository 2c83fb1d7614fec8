// Explore figures: schedules per second for a 3-branch and an 8-branch function (8! = 40,320
// orders), in optimized and V1 fan-in; what state merging saves (V1) and what the cap does; the
// SDK calls a schedule costs; memory. Printed, never asserted.
import { readFileSync } from "node:fs";
import path from "node:path";
import { explore } from "../runtime/explore";
import { Orchestrator } from "../runtime/orchestrator";
import { tempDir } from "../test/support/runtime-harness";

const app = path.resolve(__dirname, "..", "test-fixtures", "explore", "branch-orders.ts");

function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

interface Row {
  fn: string;
  n: number;
  cap: number;
}

async function measure(row: Row): Promise<string> {
  const orchestrator = await Orchestrator.start({ program: app }, { journalDir: tempDir("stepwise-bench-explore-"), workers: 1, callTimeoutMs: 600_000 });
  const fn = orchestrator.findFunction(row.fn);
  const hostPid = orchestrator.apps.appOf(fn)?.host?.hosts[0].child.pid;
  let hostCpu = 0;
  let cpu = process.cpuUsage();
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
  try {
    const report = await explore(orchestrator, fn, { ...orchestrator.defaultEvent(fn), data: { n: row.n } }, {
      maxSchedules: row.cap,
      onRecorded: () => {
        hostCpu = cpuMsOf(hostPid);
        cpu = process.cpuUsage();
        peakHeap = process.memoryUsage().heapUsed;
      },
    });
    const orchestratorCpuS = (() => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1e6;
    })();
    const hostCpuS = (cpuMsOf(hostPid) - hostCpu) / 1000;
    if (report.outcomes.some((o) => o.status !== "completed")) throw new Error(`bench function ${row.fn} failed: ${report.outcomes.find((o) => o.error)?.error?.message}`);
    const s = report.stats;
    const wallS = s.ms / 1000;
    return [
      row.fn.padEnd(20),
      report.mode.padEnd(9),
      String(row.n).padStart(3),
      factorial(row.n).toLocaleString("en-US").padStart(7),
      row.cap.toLocaleString("en-US").padStart(7),
      report.schedules.toLocaleString("en-US").padStart(9),
      (report.exhaustive ? "yes" : "no").padStart(5),
      report.outcomes.length.toLocaleString("en-US").padStart(8),
      s.discoveries.toLocaleString("en-US").padStart(9),
      (s.discoveries / report.schedules).toFixed(2).padStart(7),
      s.states.toLocaleString("en-US").padStart(8),
      s.merged.toLocaleString("en-US").padStart(8),
      wallS.toFixed(2).padStart(7),
      (report.schedules / wallS).toFixed(0).padStart(6),
      orchestratorCpuS.toFixed(2).padStart(6),
      hostCpuS.toFixed(2).padStart(6),
      (peakHeap / 1024 / 1024).toFixed(0).padStart(5),
    ].join("  ");
  } finally {
    clearInterval(sampler);
    await orchestrator.close();
  }
}

export async function benchExplore(): Promise<void> {
  console.log("\n## explore: schedules per second (inngest 4.24, 1 app host, 4 calls in flight; the real run not counted)");
  console.log("function              fan-in      n   orders      cap  schedules  exh.  outcomes    calls  c/sched    states    merged   wall s   sch/s  orch s  host s  heap MB");
  const rows: Row[] = [
    { fn: "wide-independent", n: 3, cap: 500 },
    { fn: "wide-independent-v1", n: 3, cap: 500 },
    { fn: "wide-push-order", n: 3, cap: 500 },
    { fn: "wide-independent", n: 8, cap: 500 },
    { fn: "wide-independent-v1", n: 8, cap: 500 },
    { fn: "wide-independent", n: 8, cap: 5_000 },
    ...(process.env.STEPWISE_BENCH_EXPLORE_FULL ? [{ fn: "wide-independent", n: 8, cap: 40_320 }, { fn: "wide-independent-v1", n: 8, cap: 40_320 }] : []),
  ];
  for (const row of rows) console.log(await measure(row));
  console.log(
    [
      "calls = discovery calls to the app; c/sched = calls per schedule (a schedule of n steps costs at most n + 1, shared prefixes are asked once).",
      "Optimized fan-in: the SDK sees a wave's results at once, in stack order, so each of the n! orders is its own SDK-visible state: none can be",
      "  pruned (push-order and independent send the same requests until their last answer); the completions inside a wave cost no call.",
      `V1 fan-in: a discovery may come between any two completions, n!·2^(n−1) interleavings (${(factorial(8) * 2 ** 7).toLocaleString("en-US")} for 8 branches); interleavings that reach the same`,
      "  state are walked once (merged), and each distinct stack is asked once: Σ n!/(n−k)! discoveries in all (109,601 for 8).",
      "Set STEPWISE_BENCH_EXPLORE_FULL=1 for the exhaustive 8-branch rows (minutes).",
    ].join("\n"),
  );
}

if (require.main === module) void benchExplore();
