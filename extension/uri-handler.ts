// `vscode://stepwise.stepwise/replay?run=<runId>&journal=<folder>`: the Dev Server page's
// "Debug in VS Code" link opens the run in the debugger, replayed from its journal.
import * as vscode from "vscode";
import { findRecordedRun } from "../runtime/journal";
import { startReplay } from "./commands";
import { folderFor, journalFolder } from "./journal-folder";

export function registerUriHandler(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerUriHandler({
      handleUri: async (uri) => {
        const query = new URLSearchParams(uri.query);
        const runId = query.get("run");
        if (uri.path !== "/replay" || !runId) {
          void vscode.window.showErrorMessage(`Stepwise: cannot open ${uri.toString()} — a link to a run reads vscode://stepwise.stepwise/replay?run=<runId>&journal=<folder>`);
          return;
        }
        const journal = query.get("journal") ?? journalFolder(folderFor(undefined));
        let run;
        try {
          run = findRecordedRun(journal, runId);
        } catch (err) {
          void vscode.window.showErrorMessage(`Stepwise: ${(err as Error).message}`);
          return;
        }
        if (!run) {
          void vscode.window.showErrorMessage(`Stepwise: no recorded run "${runId}" in ${journal}`);
          return;
        }
        await startReplay(run);
      },
    }),
  );
}
