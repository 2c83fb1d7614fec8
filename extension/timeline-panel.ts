// The timeline as a webview panel: the page from runtime/timeline-page.ts, fed by a
// TimelineFeed over the workspace's journal and, while debugging, the live orchestrator.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Orchestrator } from "../runtime/orchestrator";
import { TimelineFeed } from "../runtime/timeline-feed";
import { timelinePage } from "../runtime/timeline-page";

export class TimelinePanel implements vscode.Disposable {
  private static current?: TimelinePanel;
  private readonly feed: TimelineFeed;
  private readonly panel: vscode.WebviewPanel;
  private focusRunId?: string;

  static show(journalDir: string, runId?: string, live?: Orchestrator): TimelinePanel {
    if (!TimelinePanel.current || TimelinePanel.current.journalDir !== journalDir) {
      TimelinePanel.current?.dispose();
      TimelinePanel.current = new TimelinePanel(journalDir);
    }
    const current = TimelinePanel.current;
    if (live) current.feed.follow(live);
    current.panel.reveal(vscode.ViewColumn.Beside, true);
    if (runId) current.select(runId);
    return current;
  }

  /** A debug session started a new orchestrator: show its runs live. */
  static follow(live: Orchestrator): void {
    TimelinePanel.current?.feed.follow(live);
  }

  private constructor(private readonly journalDir: string) {
    this.feed = new TimelineFeed(journalDir);
    this.panel = vscode.window.createWebviewPanel("stepwise.timeline", "Stepwise Timeline", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: true });
    this.panel.webview.html = timelinePage({ nonce: randomBytes(16).toString("base64"), cspSource: this.panel.webview.cspSource });
    this.panel.webview.onDidReceiveMessage((message: { type?: string; runId?: string }) => {
      if (message.type === "ready") {
        void this.panel.webview.postMessage({ type: "runs", runs: this.feed.runs() });
        if (this.focusRunId) this.select(this.focusRunId);
      }
      if (message.type === "select" && message.runId) this.select(message.runId);
    });
    this.feed.on("run", (run) => void this.panel.webview.postMessage({ type: "run", run }));
    this.feed.on("runs", (runs) => void this.panel.webview.postMessage({ type: "runs", runs }));
    this.panel.onDidDispose(() => {
      this.feed.dispose();
      if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    });
  }

  select(runId: string): void {
    this.focusRunId = runId;
    const run = this.feed.run(runId);
    if (run) void this.panel.webview.postMessage({ type: "run", run, focus: true });
  }

  dispose(): void {
    this.panel.dispose();
  }
}
