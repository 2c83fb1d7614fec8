// The live status line a command keeps on a terminal's stderr while it waits on something long: a
// module's app hosts starting, its apps syncing, a run with many steps, a long replay. It is
// rewritten in place ("\r", the text, erase to the end of the line), cleared before any other
// output is written and drawn again after it, and cleared at the end, so what stays on the screen
// is exactly what the command prints without it. With --json, where stderr is no terminal, on a
// dumb terminal (TERM=dumb) or under CI, there is no line at all and the output is byte for byte
// what it is without this file. NO_COLOR does not turn it off: the line has no colour.
import path from "node:path";
import type { RecordedRun } from "../runtime/journal";
import type { Orchestrator } from "../runtime/orchestrator";
import type { ReplayPosition } from "../runtime/replay";
import type { Run } from "../runtime/run";
import type { RunSnapshot, StepStatus } from "../runtime/types";
import type { CommandIO } from "./io";

/** Erase from the cursor to the end of the line (ECMA-48 EL). */
const ERASE = "\x1b[K";
/** At most ~10 redraws a second: more is flicker, and terminal writes a busy run does not need. */
export const REDRAW_MS = 100;
/**
 * A run or a replay gets the line once it has 20 steps (results, for a replay) or has taken a
 * second: a short run is over before a line would help, and the line would only flash. Hosting
 * and syncing show at once: a fresh Node process compiling and loading the module always takes a
 * moment a person notices.
 */
export const SHOWN_AFTER_MS = 1000;
export const SHOWN_AFTER_STEPS = 20;

export interface Terminal {
  write(text: string): unknown;
  /** Its width; 0 or undefined when nobody sized it (a pty under `script` with no terminal). */
  readonly columns?: number;
}

export class ProgressLine {
  private describe?: () => string | undefined;
  /** The text on screen now; "" when none. */
  private shown = "";
  /** When text was last drawn since `follow` (0: not yet, and the first draw is not held back). */
  private shownAt = 0;
  /** Passed-through stderr output that ended mid-line: the line would be written onto it. */
  private midLine = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  /** No terminal: a line that never shows, and `wrap` hands the output back untouched. */
  constructor(
    private readonly terminal?: Terminal,
    readonly now: () => number = Date.now,
  ) {}

  /** The line of a command: on stderr when that is a terminal that can take it, else none. */
  static forCommand(json: boolean, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): ProgressLine {
    return new ProgressLine(liveLineAllowed(json, stream, env) ? stream : undefined);
  }

  get live(): boolean {
    return this.terminal !== undefined;
  }

  /** The command's output, clearing the line before each write (it comes back at the next redraw). */
  wrap(io: CommandIO): CommandIO {
    if (!this.terminal) return io;
    return {
      stdout: (text) => {
        this.erase();
        io.stdout(text);
      },
      stderr: (text) => {
        this.erase();
        io.stderr(text);
        if (text.length > 0) this.midLine = !text.endsWith("\n");
      },
    };
  }

  /** Shows what `describe` says from now on (undefined: nothing, yet), redrawn as time goes by and on `update`. */
  follow(describe: (() => string | undefined) | undefined): void {
    if (!this.terminal || this.stopped) return;
    this.describe = describe;
    this.shownAt = 0;
    if (describe && !this.timer) {
      this.timer = setInterval(() => this.draw(), REDRAW_MS);
      this.timer.unref();
    }
    if (!describe) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.draw();
  }

  /**
   * What the line says has changed: redraw now, or at the next tick if the last draw was under
   * REDRAW_MS ago (also when output cleared it since). `atOnce`: a new stage (hosting → syncing),
   * drawn even if it will soon be over.
   */
  update(atOnce = false): void {
    if (atOnce || this.now() - this.shownAt >= REDRAW_MS) this.draw();
  }

  /** Clears the line for good. */
  stop(): void {
    if (this.stopped) return;
    this.follow(undefined);
    this.erase();
    this.stopped = true;
  }

  private draw(): void {
    if (!this.terminal || this.stopped || this.midLine) return;
    const text = this.describe?.();
    if (text === undefined) return this.erase();
    const fitted = fit(text, this.terminal.columns);
    if (fitted === this.shown) return;
    this.terminal.write(`\r${fitted}${ERASE}`);
    this.shown = fitted;
    this.shownAt = this.now();
  }

  private erase(): void {
    if (!this.shown) return;
    this.terminal!.write(`\r${ERASE}`);
    this.shown = "";
  }
}

function liveLineAllowed(json: boolean, stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (json || !stream.isTTY || env.TERM === "dumb") return false;
  // A CI job that gives its steps a pty keeps every redraw in its log.
  return !env.CI || env.CI === "false" || env.CI === "0";
}

/** One screen line: a line that wraps cannot be rewritten with "\r". The last column stays free (some terminals wrap on it). */
function fit(text: string, columns: number | undefined): string {
  const width = (columns || 80) - 1;
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, what: string) => `${count(n)} ${what}${n === 1 ? "" : "s"}`;

export function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
}

/**
 * While the orchestrator starts (OrchestratorOptions.beforeStart): "starting <module> …" and
 * "syncing <app> …", each with the seconds it has taken so far.
 */
export function followStart(progress: ProgressLine, orchestrator: Orchestrator, workers = 1): void {
  if (!progress.live) return;
  let loading: { stage: "hosting" | "syncing"; what: string; since: number } | undefined;
  orchestrator.on("app.loading", (stage: "hosting" | "syncing", what: string) => {
    loading = { stage, what, since: progress.now() };
    progress.update(true);
  });
  progress.follow(() => (loading ? describeLoading(loading.stage, loading.what, workers, progress.now() - loading.since) : undefined));
}

export function describeLoading(stage: "hosting" | "syncing", what: string, workers: number, elapsedMs: number): string {
  if (stage === "syncing") return `syncing ${what} … ${seconds(elapsedMs)}`;
  const hosts = workers > 1 ? ` in ${workers} app hosts` : "";
  const relative = path.relative(process.cwd(), what);
  const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : path.basename(what);
  return `starting ${shown}${hosts} … ${seconds(elapsedMs)}`;
}

/**
 * While a run goes on (and the runs it triggered): its steps, calls and time, once it has
 * SHOWN_AFTER_STEPS steps or has taken SHOWN_AFTER_MS. The numbers come from the snapshots the
 * runtime's notifications carry anyway; none is taken for the line.
 */
export function followRun(progress: ProgressLine, orchestrator: Orchestrator, run: Run): void {
  if (!progress.live) return;
  const since = progress.now();
  const latest = new Map<string, RunSnapshot>([[run.id, run.snapshot()]]);
  const seen = (snapshot: RunSnapshot) => {
    latest.set(snapshot.runId, snapshot);
    progress.update();
  };
  for (const name of ["run.started", "step.planned", "step.completed", "step.errored", "run.waiting", "run.finished"]) orchestrator.on(name, seen);
  progress.follow(() => {
    const elapsed = progress.now() - since;
    const root = latest.get(run.id)!;
    if (root.steps.length < SHOWN_AFTER_STEPS && elapsed < SHOWN_AFTER_MS) return undefined;
    const others = [...latest.values()].filter((s) => s.runId !== run.id && s.status === "running").length;
    if (root.status !== "running" && others === 0) return undefined;
    return describeRun(root, others, elapsed);
  });
}

const SHOWN_STATUSES: StepStatus[] = ["running", "retrying", "sleeping", "waiting"];

/** "many-parallel · 412/1,000 steps done · 37 running · 1,903 calls · 12.4 s" */
export function describeRun(run: RunSnapshot, otherRunsGoing: number, elapsedMs: number): string {
  const parts = [run.functionSlug];
  if (run.status === "running") {
    const done = run.steps.filter((s) => s.status === "completed" || s.status === "failed").length;
    parts.push(`${count(done)}/${plural(run.steps.length, "step")} done`);
    for (const status of SHOWN_STATUSES) {
      const n = run.steps.filter((s) => s.status === status).length;
      if (n > 0) parts.push(`${count(n)} ${status}`);
    }
  } else parts.push(run.status);
  parts.push(plural(run.calls.discovery + run.calls.step, "call"));
  if (run.waiting) parts.push(`waiting: ${run.waiting}`);
  if (otherRunsGoing > 0) parts.push(`${plural(otherRunsGoing, "triggered run")} going`);
  parts.push(seconds(elapsedMs));
  return parts.join(" · ");
}

/** While a replay walks a long recording: the position it reached. For ReplayCursor.runToEnd. */
export function followReplay(progress: ProgressLine, recorded: RecordedRun): (position: ReplayPosition) => void {
  if (!progress.live) return () => {};
  const since = progress.now();
  let position = 0;
  progress.follow(() => {
    const elapsed = progress.now() - since;
    if (position < SHOWN_AFTER_STEPS && elapsed < SHOWN_AFTER_MS) return undefined;
    return `replaying ${recorded.functionSlug} · ${count(position)}/${plural(recorded.stored.length, "recorded result")} · ${seconds(elapsed)}`;
  });
  return (p) => {
    position = p.position;
    progress.update();
  };
}
