// F5 with no launch.json: which function of the file to debug, with which event, and the
// settings every Stepwise launch carries.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as vscode from "vscode";
import { locateFunctions, type LocatedFunction } from "../lint/function-locator";
import { folderFor, journalFolder } from "./journal-folder";

const LAST_CHOICE = "stepwise.lastFunction";

export function eventFileFor(folder: vscode.WorkspaceFolder | undefined, functionId: string): string {
  return path.join(folder?.uri.fsPath ?? process.cwd(), ".stepwise", "events", `${functionId}.json`);
}

/** The event file for a function, written with a sample built from its trigger when missing. */
export function ensureEventFile(folder: vscode.WorkspaceFolder | undefined, fn: LocatedFunction): { file: string; created: boolean } {
  const file = eventFileFor(folder, fn.id ?? "function");
  if (existsSync(file)) return { file, created: false };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ name: fn.triggerEvents[0] ?? "stepwise/manual", data: {} }, null, 2) + "\n");
  return { file, created: true };
}

export function withSettings(config: vscode.DebugConfiguration, folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration {
  const settings = vscode.workspace.getConfiguration("stepwise", folder);
  return {
    ...config,
    maxSteps: config.maxSteps ?? settings.get<number>("maxSteps"),
    maxStateMb: config.maxStateMb ?? settings.get<number>("maxStateMb"),
    stopOnParallel: config.stopOnParallel ?? settings.get<boolean>("stopOnParallel"),
    journal: config.journal ?? journalFolder(folder),
  };
}

/** A launch configuration for one function of a file (CodeLens "Debug", F5, the command). */
export async function configurationForFunction(file: string, fn: LocatedFunction): Promise<vscode.DebugConfiguration> {
  const folder = folderFor(file);
  const { file: eventFile, created } = ensureEventFile(folder, fn);
  if (created) {
    void vscode.window
      .showInformationMessage(`Stepwise: using a sample event for "${fn.id}" — edit ${path.relative(folder?.uri.fsPath ?? "", eventFile)} to change it.`, "Open Event File")
      .then((choice) => choice && vscode.window.showTextDocument(vscode.Uri.file(eventFile)));
  }
  return withSettings({ type: "stepwise", request: "launch", name: `Debug ${fn.id}`, program: file, function: fn.id ?? undefined, eventFile }, folder);
}

/** Attach: Stepwise serves the Dev Server; every run the user's app starts stops in the debugger. */
export function attachConfiguration(folder: vscode.WorkspaceFolder | undefined): vscode.DebugConfiguration {
  return withSettings({ type: "stepwise", request: "attach", name: "Attach to my app", apiPort: 8288 }, folder);
}

export class StepwiseConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly state: vscode.Memento) {}

  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage("Stepwise: debugging runs this folder's code — trust the folder to debug (lint works without it).");
      return undefined;
    }
    if (config.type && config.request) return withSettings(config, folder ?? folderFor(config.program));
    const editor = vscode.window.activeTextEditor;
    if (!editor || !/^(typescript|javascript)(react)?$/.test(editor.document.languageId)) return this.offerAttach(folder, "no file that defines Inngest functions is open");
    const file = editor.document.uri.fsPath;
    const choice = await pickFunction(file, editor.document.getText(), this.state, editor.selection.active.line + 1);
    if (choice === "attach") return attachConfiguration(folderFor(file));
    if (choice === "none") return this.offerAttach(folderFor(file), `${path.basename(file)} defines no Inngest function`);
    return choice ? configurationForFunction(file, choice) : undefined;
  }

  /** F5 where there is no function to launch (an Express server file, say): attach to the user's app instead. */
  private async offerAttach(folder: vscode.WorkspaceFolder | undefined, why: string): Promise<vscode.DebugConfiguration | undefined> {
    const attach = "Attach to my app";
    const choice = await vscode.window.showInformationMessage(`Stepwise: ${why}. Attach instead? Stepwise serves the Dev Server on 8288 (start your app with INNGEST_DEV=http://127.0.0.1:8288) and stops every run its events start.`, attach);
    return choice === attach ? attachConfiguration(folder) : undefined;
  }
}

/**
 * The file's function to debug: the one the cursor is in, else the last one chosen in this file,
 * else the only one, else a quick pick (with "attach to my app" as its last item unless told not to offer it). "none" when the
 * file defines none.
 */
export async function pickFunction(file: string, text: string, state: vscode.Memento, cursorLine?: number, options: { offerAttach?: boolean } = {}): Promise<LocatedFunction | "attach" | "none" | undefined> {
  const functions = locateFunctions(file, text).filter((f) => f.id);
  if (functions.length === 0) return "none";
  const underCursor = cursorLine === undefined ? undefined : functions.find((f) => cursorLine >= f.line && cursorLine <= f.endLine);
  const remembered = state.get<Record<string, string>>(LAST_CHOICE, {})[file];
  const chosen = underCursor ?? functions.find((f) => f.id === remembered) ?? (functions.length === 1 ? functions[0] : undefined);
  if (chosen) {
    await remember(state, file, chosen.id!);
    return chosen;
  }
  const items: Array<vscode.QuickPickItem & { fn?: LocatedFunction }> = functions.map((f) => ({ label: f.id!, description: f.triggerEvents.join(", "), fn: f }));
  if (options.offerAttach !== false) items.push({ label: "$(plug) Attach to my app", description: "serve the Dev Server on 8288; every run your app's events start stops here" });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: "Which Inngest function do you want to debug? (the cursor inside one picks it)" });
  if (!picked) return undefined;
  if (!picked.fn) return "attach";
  await remember(state, file, picked.label);
  return picked.fn;
}

async function remember(state: vscode.Memento, file: string, functionId: string): Promise<void> {
  await state.update(LAST_CHOICE, { ...state.get<Record<string, string>>(LAST_CHOICE, {}), [file]: functionId });
}
