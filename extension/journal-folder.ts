// Where a workspace folder's runs are recorded: the `stepwise.journal` setting, relative to it.
import path from "node:path";
import * as vscode from "vscode";

export function journalFolder(folder: vscode.WorkspaceFolder | undefined): string {
  const setting = vscode.workspace.getConfiguration("stepwise", folder).get<string>("journal") ?? ".stepwise/runs";
  const base = folder?.uri.fsPath ?? process.cwd();
  return path.resolve(base, setting);
}

export function folderFor(file: string | undefined): vscode.WorkspaceFolder | undefined {
  if (file) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    if (folder) return folder;
  }
  return vscode.workspace.workspaceFolders?.[0];
}
