// What the runtime does, a line each, for a log the user reads when something looks wrong (the
// editor's "Stepwise" Output channel): hosts starting, apps syncing, runs starting and ending,
// every call to the app and its answer, retries. Calls starting are `debug`; the rest `info`.
import type { AppsChanged, Orchestrator } from "./orchestrator";
import { counted, runErrorText } from "./outcome-text";
import type { Call, RunSnapshot, SerializedError, StepRecord } from "./types";

export type ActivityLevel = "debug" | "info" | "warn";

/** Writes a line for each thing the orchestrator does until the returned function is called. */
export function followActivity(orchestrator: Orchestrator, write: (level: ActivityLevel, line: string) => void): () => void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each listener takes its own event's arguments
  const listeners: Record<string, (...args: any[]) => void> = {
    "app.loading": (stage: "hosting" | "syncing", what: string) => write("debug", `${stage} ${what} …`),
    "host.started": (program: string, processes: Array<{ pid: number; url: string; inspectorPort?: number }>) => {
      const where = processes.map((p) => `pid ${p.pid} at ${p.url}${p.inspectorPort ? ` (inspector on ${p.inspectorPort})` : ""}`).join(", ");
      write("info", `hosting ${program} in ${counted(processes.length, "process", "processes")}: ${where}`);
    },
    "apps.changed": ({ app, how, changed }: AppsChanged) => {
      const verb = how === "registered" ? "registered itself" : how === "reloaded" ? "reloaded" : "synced";
      const functions = app.functions.map((f) => f.slug).join(", ");
      const what = changed ? `${counted(app.functions.length, "function")}${functions ? ` (${functions})` : ""}` : "no change";
      write(app.error ? "warn" : "info", `app ${app.id} ${verb} from ${app.url}: ${what}${app.error ? ` — ${app.error}` : ""}`);
    },
    "run.started": (run: RunSnapshot) => write("info", `${runLabel(run)} started by ${run.event.name}`),
    "call.started": (call: Call, run: RunSnapshot) => write("debug", `${runLabel(run)} call #${call.seq}: ${callLabel(call)}`),
    "call.finished": (call: Call, run: RunSnapshot, answer: { status: number; ms: number; summary: string }) =>
      write(answer.status >= 500 ? "warn" : "info", `${runLabel(run)} call #${call.seq}: ${callLabel(call)} → ${answer.status} in ${Math.round(answer.ms)} ms: ${answer.summary}`),
    "step.errored": (run: RunSnapshot, step: StepRecord, error: SerializedError, willRetry: boolean) =>
      write("warn", `${runLabel(run)} step "${step.id}" threw on attempt ${step.attempts}: ${error.name}: ${error.message} — ${willRetry ? "retrying" : "failed for good"}`),
    "run.waiting": (run: RunSnapshot, reason: string | null) => {
      if (reason) write("info", `${runLabel(run)} waits: ${reason}`);
    },
    "run.finished": (run: RunSnapshot) =>
      write(run.status === "completed" ? "info" : "warn", `${runLabel(run)} ${run.status}${run.error ? `: ${runErrorText(run.error)}` : ""} after ${counted(run.calls.discovery + run.calls.step, "call")}`),
    "limit.reached": (run: RunSnapshot, message: string) => write("warn", `${runLabel(run)} ${message}`),
    log: (message: string) => write("info", message),
  };
  for (const [name, listener] of Object.entries(listeners)) orchestrator.on(name, listener);
  return () => {
    for (const [name, listener] of Object.entries(listeners)) orchestrator.off(name, listener);
  };
}

function runLabel(run: RunSnapshot): string {
  return `run ${run.runId} (${run.functionSlug})`;
}

function callLabel(call: Call): string {
  if (call.kind === "discovery") return `discovery${call.attempt > 0 ? `, attempt ${call.attempt + 1}` : ""}`;
  return `step "${call.step?.id ?? call.stepId}", attempt ${call.attempt + 1}`;
}
