// The Stepwise commands: debug a function, replay or rerun a recorded run, rerun from a step,
// send an event to the running debug session, continue every paused branch, open the timeline or a journal.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as vscode from "vscode";
import { findRecordedRun, type RecordedRun } from "../runtime/journal";
import { locateFunctions } from "../lint/function-locator";
import { folderFor, journalFolder } from "./journal-folder";
import { attachConfiguration, configurationForFunction, pickFunction, withSettings } from "./launch-config";
import type { RunItem } from "./runs-view";
import { TimelinePanel } from "./timeline-panel";
import type { LiveSessions } from "./live-sessions";

function recordedRun(runId: string, file?: string): RecordedRun | undefined {
  const folders = file ? [folderFor(file)] : (vscode.workspace.workspaceFolders ?? [undefined]);
  for (const folder of folders) {
    const run = findRecordedRun(journalFolder(folder), runId);
    if (run) return run;
  }
  return undefined;
}

/** Replays a recorded run in the debugger (the Runs view's Replay, the page's "Debug in VS Code"). */
export async function startReplay(run: RecordedRun): Promise<boolean> {
  const folder = folderFor(run.source?.program);
  return vscode.debug.startDebugging(folder, withSettings({ type: "stepwise", request: "launch", name: `Replay ${run.functionSlug} ${run.runId.slice(-6)}`, program: run.source?.program, url: run.source?.url, function: run.functionId, replay: run.runId, journal: path.dirname(run.file) }, folder));
}

export function registerCommands(context: vscode.ExtensionContext, live: LiveSessions, refreshRuns: () => void): void {
  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register("stepwise.debugFunction", async (file?: string, functionId?: string) => {
    const target = file ?? vscode.window.activeTextEditor?.document.uri.fsPath;
    if (!target) {
      void vscode.window.showErrorMessage("Stepwise: open a file that defines Inngest functions first.");
      return;
    }
    const text = readFileSync(target, "utf8");
    const editor = vscode.window.activeTextEditor;
    const cursor = editor?.document.uri.fsPath === target ? editor.selection.active.line + 1 : undefined;
    const fn = functionId ? locateFunctions(target, text).find((f) => f.id === functionId) : await pickFunction(target, text, context.workspaceState, cursor);
    if (fn === "none") {
      void vscode.window.showErrorMessage(`Stepwise: ${path.basename(target)} defines no Inngest function (no inngest.createFunction({ id: "…" }) call) — open the file that does, or attach to your app (Run and Debug → Stepwise: attach to my app).`);
      return;
    }
    if (!fn) return;
    await vscode.debug.startDebugging(folderFor(target), fn === "attach" ? attachConfiguration(folderFor(target)) : await configurationForFunction(target, fn));
  });

  register("stepwise.replayRun", async (arg?: string | RunItem, file?: string) => {
    const runId = typeof arg === "string" ? arg : arg?.run.runId ?? (await vscode.window.showInputBox({ prompt: "Run ID to replay (see the Stepwise Runs view)" }));
    if (!runId) return;
    const run = typeof arg === "object" && arg ? arg.run : recordedRun(runId, file);
    if (!run) {
      void vscode.window.showErrorMessage(`Stepwise: no recorded run "${runId}" in this workspace's journal.`);
      return;
    }
    await startReplay(run);
  });

  register("stepwise.rerunRun", async (item?: RunItem) => {
    if (!item) return;
    const run = item.run;
    const folder = folderFor(run.source?.program);
    await vscode.debug.startDebugging(folder, withSettings({ type: "stepwise", request: "launch", name: `Rerun ${run.functionSlug}`, program: run.source?.program, url: run.source?.url, function: run.functionId, event: { name: run.event.name, data: run.event.data }, journal: path.dirname(run.file) }, folder));
  });

  register("stepwise.resumeRun", async (item?: RunItem) => {
    if (!item) return;
    const run = item.run;
    const folder = folderFor(run.source?.program);
    await vscode.debug.startDebugging(folder, withSettings({ type: "stepwise", request: "launch", name: `Resume ${run.functionSlug} ${run.runId.slice(-6)}`, program: run.source?.program, url: run.source?.url, function: run.functionId, resume: run.runId, journal: path.dirname(run.file) }, folder));
  });

  register("stepwise.rerunFromStep", async () => {
    const session = live.activeSession();
    if (!session) {
      void vscode.window.showErrorMessage("Stepwise: start debugging a function first; Rerun From Step starts a new run with the results from before the step you choose.");
      return;
    }
    const steps = (await session.customRequest("stepwise/completedSteps")) as { steps: Array<{ id: string; hashedId: string }> };
    const picked = await vscode.window.showQuickPick(steps.steps.map((s) => ({ label: s.id, step: s })), { placeHolder: "Rerun from which step? (the results before it are kept)" });
    if (picked) await session.customRequest("stepwise/rerunFromStep", { stepId: picked.step.id });
  });

  register("stepwise.sendEvent", async () => {
    const session = live.activeSession();
    if (!session) {
      void vscode.window.showErrorMessage("Stepwise: no Stepwise debug session is running — press F5 on a function first.");
      return;
    }
    const text = await vscode.window.showInputBox({ prompt: "Event to send (JSON)", value: '{ "name": "app/event", "data": {} }', validateInput: (v) => { try { const e = JSON.parse(v); return e && typeof e.name === "string" ? undefined : 'an object with a "name"'; } catch (err) { return `not JSON: ${(err as Error).message}`; } } });
    if (!text) return;
    const answer = (await session.customRequest("stepwise/sendEvent", { event: JSON.parse(text) })) as { ids?: string[] };
    void vscode.window.showInformationMessage(`Stepwise: sent ${JSON.parse(text).name} (${answer?.ids?.join(", ") ?? "no id"}).`);
  });

  register("stepwise.continueAllBranches", async (context?: { sessionId?: string; threadId?: number }) => {
    const session = live.activeSession();
    if (!session) {
      void vscode.window.showErrorMessage("Stepwise: no Stepwise debug session is paused — press F5 on a function first.");
      return;
    }
    // From the Call Stack's menu the row's thread (attached: only that run's branches); from the toolbar, the focused one.
    const stackItem = vscode.debug.activeStackItem;
    const threadId = typeof context?.threadId === "number" ? context.threadId : stackItem?.session.id === session.id ? stackItem.threadId : undefined;
    await session.customRequest("stepwise/continueAllBranches", { threadId });
  });

  register("stepwise.openTimeline", (item?: RunItem) => {
    const folder = item?.folder ?? folderFor(vscode.window.activeTextEditor?.document.uri.fsPath);
    TimelinePanel.show(journalFolder(folder), item?.run.runId, live.activeOrchestrator());
  });

  register("stepwise.openJournal", async (item?: RunItem) => {
    if (item) await vscode.window.showTextDocument(vscode.Uri.file(item.run.file));
  });

  register("stepwise.refreshRuns", () => refreshRuns());
}
