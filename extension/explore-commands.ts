// "Explore Outcomes" (CodeLens and command): explore a function in the extension host with the
// same event as "Debug", show its outcomes; "Replay Example": replay an outcome's example in the
// debugger, stopped where it first differs from the recorded run.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as vscode from "vscode";
import { launchEvent } from "../debug-adapter/launch-arguments";
import { locateFunctions } from "../lint/function-locator";
import { explore } from "../runtime/explore";
import { Orchestrator } from "../runtime/orchestrator";
import type { InngestEvent } from "../runtime/types";
import type { OutcomeItem, OutcomesView } from "./explore-view";
import { folderFor, journalFolder } from "./journal-folder";
import { ensureEventFile, pickFunction, withSettings } from "./launch-config";

export function registerExploreCommands(context: vscode.ExtensionContext, view: OutcomesView, refreshRuns: () => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand("stepwise.exploreFunction", async (file?: string, functionId?: string) => {
      const target = file ?? vscode.window.activeTextEditor?.document.uri.fsPath;
      if (!target) {
        void vscode.window.showErrorMessage("Stepwise: open a file that defines Inngest functions first.");
        return;
      }
      const text = readFileSync(target, "utf8");
      const cursorLine = file ? undefined : (vscode.window.activeTextEditor?.selection.active.line ?? -2) + 1;
      const picked = functionId ? locateFunctions(target, text).find((f) => f.id === functionId) : await pickFunction(target, text, context.workspaceState, cursorLine, { offerAttach: false });
      if (typeof picked !== "object" || !picked.id) return;
      const located = picked;
      const folder = folderFor(target);
      const { file: eventFile } = ensureEventFile(folder, located);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Stepwise: exploring ${located.id}`, cancellable: true },
        async (progress, token) => {
          const stop = new AbortController();
          token.onCancellationRequested(() => stop.abort());
          let orchestrator: Orchestrator | undefined;
          try {
            const event = launchEvent({ eventFile });
            orchestrator = await Orchestrator.start({ program: target }, { journalDir: journalFolder(folder), workers: 1 });
            const fn = orchestrator.findFunction(located.id!);
            progress.report({ message: "the real run" });
            const report = await explore(orchestrator, fn, { ...orchestrator.defaultEvent(fn), ...event } as InngestEvent, {
              faults: vscode.workspace.getConfiguration("stepwise", folder).get<boolean>("explore.faults") ?? false,
              maxSchedules: vscode.workspace.getConfiguration("stepwise", folder).get<number>("explore.maxSchedules"),
              signal: stop.signal,
              onSchedule: (count) => progress.report({ message: `${count.toLocaleString("en-US")} schedules` }),
            });
            view.show({ report, file: target, functionId: located.id! });
            refreshRuns();
            await vscode.commands.executeCommand("stepwise.outcomes.focus");
          } catch (err) {
            void vscode.window.showErrorMessage(`Stepwise: exploring ${located.id} failed: ${(err as Error).message}`);
          } finally {
            await orchestrator?.close();
          }
        },
      );
    }),
    vscode.commands.registerCommand("stepwise.replayExample", async (item?: OutcomeItem) => {
      if (!item) return;
      const { example } = item.outcome;
      const folder = folderFor(item.exploration.file);
      await vscode.debug.startDebugging(
        folder,
        withSettings(
          {
            type: "stepwise",
            request: "launch",
            name: `Replay ${item.exploration.functionId}: ${example.order.join(", ")}`,
            program: item.exploration.file,
            function: item.exploration.functionId,
            replay: example.runId,
            stopAtPosition: example.position,
            journal: path.dirname(example.journal),
          },
          folder,
        ),
      );
    }),
  );
}
