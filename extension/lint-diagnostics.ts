// Lint in the editor: diagnostics from lint/ on open and as the user types (debounced, one warm
// project per workspace folder), a code action for every fix, each diagnostic linking to its
// rule's documentation.
import path from "node:path";
import * as vscode from "vscode";
import { createLintEngine, type LintEngine } from "../lint/engine";
import type { LintDiagnostic } from "../lint/diagnostic";
import { nearestTsconfig } from "../lint/project-files";

const DEBOUNCE_MS = 250;
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };

/** A VS Code diagnostic that remembers the lint finding it came from (for its fixes). */
class StepwiseDiagnostic extends vscode.Diagnostic {
  constructor(readonly finding: LintDiagnostic) {
    super(new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1), finding.message, SEVERITY[finding.severity]);
    this.source = "stepwise";
    this.code = { value: finding.rule, target: vscode.Uri.parse(finding.docsUrl) };
  }
}

export function registerLint(context: vscode.ExtensionContext, selector: vscode.DocumentSelector): void {
  const collection = vscode.languages.createDiagnosticCollection("stepwise");
  const engines = new Map<string, LintEngine>();
  const timers = new Map<string, NodeJS.Timeout>();
  const enabled = () => vscode.workspace.getConfiguration("stepwise").get<boolean>("lint.enable", true);

  const engineFor = (document: vscode.TextDocument): LintEngine => {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const key = folder?.uri.fsPath ?? path.dirname(document.uri.fsPath);
    let engine = engines.get(key);
    if (!engine) {
      engine = createLintEngine({ tsconfig: nearestTsconfig(path.dirname(document.uri.fsPath)) });
      engines.set(key, engine);
    }
    return engine;
  };

  const lint = (document: vscode.TextDocument) => {
    if (document.uri.scheme !== "file" || !vscode.languages.match(selector, document)) return;
    if (!enabled()) {
      collection.delete(document.uri);
      return;
    }
    const findings = engineFor(document).lintText(document.uri.fsPath, document.getText());
    collection.set(document.uri, findings.map((f) => new StepwiseDiagnostic(f)));
  };

  const lintSoon = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      lint(document);
    }, DEBOUNCE_MS));
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(lint),
    vscode.workspace.onDidChangeTextDocument((e) => lintSoon(e.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      collection.delete(document.uri);
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      engines.get(folder?.uri.fsPath ?? path.dirname(document.uri.fsPath))?.forgetFile(document.uri.fsPath);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("stepwise.lint")) vscode.workspace.textDocuments.forEach(lint);
    }),
    vscode.languages.registerCodeActionsProvider(selector, new LintFixes(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(lint);
}

class LintFixes implements vscode.CodeActionProvider {
  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d): d is StepwiseDiagnostic => d instanceof StepwiseDiagnostic)
      .flatMap((diagnostic) =>
        (diagnostic.finding.fixes ?? []).map((fix, i) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = i === 0;
          action.edit = new vscode.WorkspaceEdit();
          for (const edit of fix.edits) {
            action.edit.replace(vscode.Uri.file(edit.file), new vscode.Range(edit.start.line - 1, edit.start.column - 1, edit.end.line - 1, edit.end.column - 1), edit.newText);
          }
          return action;
        }),
      );
  }
}
