// Stepwise's VS Code wiring: the debugger (inline adapter), F5 without a launch.json, CodeLens,
// lint diagnostics with quick fixes, the runs view, the outcomes view, the timeline, the commands
// and the "Stepwise" Output channel.
import * as vscode from "vscode";
import { registerActivityChannel } from "./activity-channel";
import { attachChildSessions } from "./child-session";
import { FunctionCodeLens } from "./codelens";
import { registerCommands } from "./commands";
import { registerDebugAdapter } from "./debug-adapter-factory";
import { registerExploreCommands } from "./explore-commands";
import { OutcomesView } from "./explore-view";
import { reportFocusedThreads } from "./focused-thread";
import { StepwiseConfigurationProvider } from "./launch-config";
import { registerLint } from "./lint-diagnostics";
import { LiveSessions } from "./live-sessions";
import { RunsView } from "./runs-view";
import { registerUriHandler } from "./uri-handler";

const SOURCE_FILES: vscode.DocumentSelector = [
  { language: "typescript", scheme: "file" },
  { language: "javascript", scheme: "file" },
  { language: "typescriptreact", scheme: "file" },
  { language: "javascriptreact", scheme: "file" },
];

export function activate(context: vscode.ExtensionContext): void {
  const live = new LiveSessions();
  const runsView = new RunsView();
  const codeLens = new FunctionCodeLens();
  const outcomesView = new OutcomesView();
  context.subscriptions.push(
    runsView,
    outcomesView,
    outcomesView.register(),
    vscode.window.registerTreeDataProvider("stepwise.runs", runsView),
    vscode.languages.registerCodeLensProvider(SOURCE_FILES, codeLens),
    vscode.debug.registerDebugConfigurationProvider("stepwise", new StepwiseConfigurationProvider(context.workspaceState)),
    attachChildSessions(),
    reportFocusedThreads(),
    vscode.workspace.onDidGrantWorkspaceTrust(() => codeLens.refresh()),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type !== "stepwise") return;
      live.forget(session);
      runsView.refresh();
      codeLens.refresh();
    }),
  );
  registerActivityChannel(context);
  registerDebugAdapter(context, live);
  registerCommands(context, live, () => runsView.refresh());
  registerExploreCommands(context, outcomesView, () => runsView.refresh());
  registerLint(context, SOURCE_FILES);
  registerUriHandler(context);
}

export function deactivate(): void {}
