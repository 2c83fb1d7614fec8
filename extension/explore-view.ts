// The "Stepwise Outcomes" view in Run and Debug: the outcomes of the last exploration, each with
// its shortest example schedule; choosing one replays that example in the debugger.
import * as vscode from "vscode";
import type { ExploreOutcome, ExploreReport } from "../runtime/explore";

/** An exploration and where it came from: the module file and the function. */
export interface Exploration {
  report: ExploreReport;
  file: string;
  functionId: string;
}

export class OutcomeItem extends vscode.TreeItem {
  constructor(readonly outcome: ExploreOutcome, readonly exploration: Exploration, index: number) {
    super(`${index + 1}. ${headline(outcome)}`, vscode.TreeItemCollapsibleState.Collapsed);
    const example = outcome.example;
    this.description = `${outcome.schedules.toLocaleString("en-US")} schedule${outcome.schedules === 1 ? "" : "s"}`;
    this.tooltip = new vscode.MarkdownString(
      `**${headline(outcome, 2000)}**\n\nExample (${example.runId}): ${example.order.join(", ") || "no steps"}` +
        (example.faults.length ? `\n\nFaults: ${example.faults.map((f) => `${f.stepId} ${f.kind}`).join(", ")}` : "") +
        `\n\nReplays stopped at position ${example.position}, where it first differs from the recorded run.`,
    );
    this.iconPath = new vscode.ThemeIcon(outcome.status === "completed" ? "pass" : "error", new vscode.ThemeColor(outcome.status === "completed" ? "testing.iconPassed" : "testing.iconFailed"));
    this.contextValue = "stepwiseOutcome";
    this.command = { command: "stepwise.replayExample", title: "Replay Example", arguments: [this] };
  }
}

/** One line about an outcome's example: its order, a fault, where it differs. */
class DetailItem extends vscode.TreeItem {
  constructor(label: string, description: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = description;
  }
}

type Item = OutcomeItem | DetailItem;

export class OutcomesView implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private exploration?: Exploration;
  private view?: vscode.TreeView<Item>;

  register(): vscode.Disposable {
    this.view = vscode.window.createTreeView("stepwise.outcomes", { treeDataProvider: this });
    return this.view;
  }

  show(exploration: Exploration): void {
    this.exploration = exploration;
    const { report } = exploration;
    if (this.view) {
      this.view.message = `${report.function}: ${report.outcomes.length} outcome${report.outcomes.length === 1 ? "" : "s"} in ${report.schedules.toLocaleString("en-US")} schedules${report.exhaustive ? "" : " (capped: more exist)"}`;
    }
    this.changed.fire();
  }

  getTreeItem(item: Item): vscode.TreeItem {
    return item;
  }

  getChildren(item?: Item): Item[] {
    if (!this.exploration) return [];
    if (!item) return this.exploration.report.outcomes.map((o, i) => new OutcomeItem(o, this.exploration!, i));
    if (!(item instanceof OutcomeItem)) return [];
    const example = item.outcome.example;
    return [
      new DetailItem("order", example.order.join(", ") || "(no steps)"),
      ...example.faults.map((f) => new DetailItem("fault", `${f.stepId} ${f.kind === "failed" ? "failed for good" : "failed once, retried"}`)),
      new DetailItem("differs at", `position ${example.position}`),
    ];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function headline(outcome: ExploreOutcome, max = 80): string {
  const text = outcome.status === "completed" ? `completed → ${JSON.stringify(outcome.output) ?? "undefined"}` : `failed: ${outcome.error?.name}: ${outcome.error?.message}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
