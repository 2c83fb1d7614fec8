// Feeds the timeline page: the recorded runs in a journal folder plus, live, the runs of an
// orchestrator, each as a TimelineRun; announces changes (at most every 100 ms per run).
import { EventEmitter } from "node:events";
import path from "node:path";
import { listRecordedRuns } from "./journal";
import type { Orchestrator } from "./orchestrator";
import { timelineFromJournal, timelineFromSnapshot, type TimelineRun } from "./timeline-data";
import type { RunSnapshot } from "./types";

export interface RunListing {
  runId: string;
  function: string;
  status: string;
  startedAt: number;
  endedAt: number | null;
  /** The trigger event's name. */
  event: string;
  parentRunId: string | null;
  /** Why the run waits (flow control), while it does. */
  waiting: string | null;
}

export class TimelineFeed extends EventEmitter {
  private readonly throttled = new Map<string, NodeJS.Timeout>();
  private readonly onChange = (run: RunSnapshot) => this.changed(run.runId);

  constructor(private readonly journalDir: string, private orchestrator?: Orchestrator) {
    super();
    if (orchestrator) this.follow(orchestrator);
  }

  /** Follows a (new) orchestrator's runs live. */
  follow(orchestrator: Orchestrator): void {
    this.orchestrator?.off("step.planned", this.onChange).off("step.completed", this.onChange).off("call.held", this.onCall).off("call.started", this.onCall).off("run.started", this.onChange).off("run.finished", this.onChange).off("step.errored", this.onChange);
    this.orchestrator = orchestrator;
    // call.held: a step paused in the debugger is drawn hatched while it waits.
    orchestrator.on("step.planned", this.onChange).on("step.completed", this.onChange).on("call.held", this.onCall).on("call.started", this.onCall).on("run.started", this.onChange).on("run.finished", this.onChange).on("step.errored", this.onChange);
  }

  private readonly onCall = (_call: unknown, run: RunSnapshot) => this.changed(run.runId);

  runs(): RunListing[] {
    const live: RunListing[] = [...(this.orchestrator?.runs.values() ?? [])].map((r) => ({
      runId: r.id,
      function: r.fn.slug,
      status: r.status,
      startedAt: r.startedAt,
      endedAt: r.endedAt ?? null,
      event: r.event.name,
      parentRunId: this.orchestrator?.senderOf(r) ?? null,
      waiting: r.waitingFor ?? null,
    }));
    const liveIds = new Set(live.map((r) => r.runId));
    const recorded: RunListing[] = listRecordedRuns(this.journalDir)
      .runs.filter((r) => !liveIds.has(r.runId))
      .map((r) => ({ runId: r.runId, function: r.functionSlug, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt ?? null, event: r.event.name, parentRunId: r.parentRunId ?? null, waiting: null }));
    return [...live, ...recorded].sort((a, b) => b.startedAt - a.startedAt);
  }

  run(runId: string): TimelineRun | undefined {
    const live = this.orchestrator?.runs.get(runId);
    if (live) return timelineFromSnapshot(live.snapshot(), live.laneOf);
    try {
      return timelineFromJournal(path.join(this.journalDir, `${runId}.jsonl`));
    } catch {
      return undefined;
    }
  }

  private changed(runId: string): void {
    if (this.throttled.has(runId)) return;
    this.throttled.set(
      runId,
      setTimeout(() => {
        this.throttled.delete(runId);
        const run = this.run(runId);
        if (run) this.emit("run", run);
        this.emit("runs", this.runs());
      }, 100),
    );
  }

  dispose(): void {
    for (const t of this.throttled.values()) clearTimeout(t);
    this.throttled.clear();
    this.removeAllListeners();
  }
}
