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

export class StepwiseConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly state: vscode.Memento) {}

  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type && config.request) return withSettings(config, folder ?? folderFor(config.program));
    const editor = vscode.window.activeTextEditor;
    if (!editor || !/^(typescript|javascript)(react)?$/.test(editor.document.languageId)) {
      void vscode.window.showErrorMessage("Stepwise: open a file that defines Inngest functions (inngest.createFunction), then press F5.");
      return undefined;
    }
    const file = editor.document.uri.fsPath;
    const fn = await pickFunction(file, editor.document.getText(), this.state);
    return fn ? configurationForFunction(file, fn) : undefined;
  }
}

/** The file's function to debug: the only one, or a quick pick (the last choice first). */
export async function pickFunction(file: string, text: string, state: vscode.Memento): Promise<LocatedFunction | undefined> {
  const functions = locateFunctions(file, text).filter((f) => f.id);
  if (functions.length === 0) {
    void vscode.window.showErrorMessage(`Stepwise: ${path.basename(file)} defines no Inngest function (no inngest.createFunction({ id: "…" }) call) — open the file that does, then press F5.`);
    return undefined;
  }
  if (functions.length === 1) return functions[0];
  const last = state.get<Record<string, string>>(LAST_CHOICE, {})[file];
  const items = functions
    .map((f) => ({ label: f.id!, description: f.triggerEvents.join(", "), fn: f }))
    .sort((a, b) => (a.label === last ? -1 : b.label === last ? 1 : 0));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: "Which Inngest function do you want to debug?" });
  if (!picked) return undefined;
  await state.update(LAST_CHOICE, { ...state.get<Record<string, string>>(LAST_CHOICE, {}), [file]: picked.label });
  return picked.fn;
}
