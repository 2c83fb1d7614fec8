// Where a workspace folder's runs are recorded: the `stepwise.journal` setting, relative to it.
import * as vscode from "vscode";
import { journalDirFor } from "../runtime/journal-location";

export function journalFolder(folder: vscode.WorkspaceFolder | undefined): string {
  return journalDirFor({ journal: vscode.workspace.getConfiguration("stepwise", folder).get<string>("journal"), base: folder?.uri.fsPath });
}

export function folderFor(file: string | undefined): vscode.WorkspaceFolder | undefined {
  if (file) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    if (folder) return folder;
  }
  return vscode.workspace.workspaceFolders?.[0];
}
