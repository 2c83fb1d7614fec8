// The "Stepwise Runs" view in Run and Debug: recorded runs from the journal, newest first, with
// Replay, Rerun, Resume (an interrupted run) and Open journal actions.
import * as vscode from "vscode";
import { listRecordedRuns, type RecordedRun } from "../runtime/journal";
import { journalFolder } from "./journal-folder";
import { counted, runErrorText } from "../runtime/outcome-text";

export class RunItem extends vscode.TreeItem {
  constructor(readonly run: RecordedRun, readonly folder: vscode.WorkspaceFolder | undefined) {
    super(`${run.functionSlug}`, vscode.TreeItemCollapsibleState.None);
    const took = run.endedAt ? ` · ${run.endedAt - run.startedAt} ms` : "";
    this.description = `${run.status} · ${new Date(run.startedAt).toLocaleTimeString()} · ${counted(run.stackOrder.length, "step")}${took}`;
    this.tooltip = new vscode.MarkdownString(
      `**${run.functionSlug}** — run \`${run.runId}\`\n\n${run.status}${run.error ? `: ${runErrorText(run.error)}` : ""}\n\nSteps in completion order: ${run.stackOrder.join(", ") || "none"}`,
    );
    this.iconPath = new vscode.ThemeIcon(
      run.status === "completed" ? "pass" : run.status === "failed" ? "error" : run.status === "running" ? "loading~spin" : run.status === "interrupted" ? "debug-pause" : "circle-slash",
      new vscode.ThemeColor(run.status === "completed" ? "testing.iconPassed" : run.status === "failed" ? "testing.iconFailed" : "descriptionForeground"),
    );
    this.contextValue = run.status === "interrupted" ? "stepwiseRunInterrupted" : "stepwiseRun";
    this.id = run.runId;
    this.command = { command: "stepwise.openTimeline", title: "Open Timeline", arguments: [this] };
  }
}

export class RunsView implements vscode.TreeDataProvider<RunItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watchers: vscode.Disposable[] = [];
  private refreshTimer?: NodeJS.Timeout;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher("**/.stepwise/runs/*.jsonl");
    watcher.onDidCreate(() => this.refreshSoon());
    watcher.onDidChange(() => this.refreshSoon());
    watcher.onDidDelete(() => this.refreshSoon());
    this.watchers.push(watcher, this.changed);
  }

  refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.changed.fire(), 300);
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: RunItem): vscode.TreeItem {
    return item;
  }

  getChildren(): RunItem[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders
      .flatMap((folder) => listRecordedRuns(journalFolder(folder)).runs.map((run) => new RunItem(run, folder)))
      .sort((a, b) => b.run.startedAt - a.run.startedAt)
      .slice(0, 200);
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.watchers.forEach((w) => w.dispose());
  }
}
