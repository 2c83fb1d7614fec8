// "Debug", "Explore outcomes" and "Replay last run" above each createFunction.
import * as vscode from "vscode";
import { listRecordedRuns } from "../runtime/journal";
import { locateFunctions } from "../lint/function-locator";
import { folderFor, journalFolder } from "./journal-folder";

export class FunctionCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) return [];
    const located = locateFunctions(document.uri.fsPath, document.getText()).filter((f) => f.id);
    if (located.length === 0) return [];
    const runs = listRecordedRuns(journalFolder(folderFor(document.uri.fsPath))).runs;
    return located.flatMap((fn) => {
      const range = new vscode.Range(fn.line - 1, 0, fn.line - 1, 0);
      const lenses = [
        new vscode.CodeLens(range, { title: "$(debug-alt) Debug", tooltip: `Debug ${fn.id} step by step`, command: "stepwise.debugFunction", arguments: [document.uri.fsPath, fn.id] }),
        new vscode.CodeLens(range, { title: "$(type-hierarchy) Explore outcomes", tooltip: `Every outcome ${fn.id} reaches over the orders its parallel steps complete in`, command: "stepwise.exploreFunction", arguments: [document.uri.fsPath, fn.id] }),
      ];
      const last = runs.find((r) => r.functionSlug === fn.id && !r.replayOf);
      if (last) lenses.push(new vscode.CodeLens(range, { title: "$(debug-rerun) Replay last run", tooltip: `Replay run ${last.runId} (${last.status})`, command: "stepwise.replayRun", arguments: [last.runId, document.uri.fsPath] }));
      return lenses;
    });
  }
}
