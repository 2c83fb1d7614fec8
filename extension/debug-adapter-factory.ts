// The `stepwise` debugger runs inline in the extension host: no process to spawn, and the
// timeline can follow the session's live orchestrator. Progress shows while the app host starts.
import * as vscode from "vscode";
import { StepwiseDebugSession } from "../debug-adapter/session";
import type { LiveSessions } from "./live-sessions";
import { TimelinePanel } from "./timeline-panel";

export function registerDebugAdapter(context: vscode.ExtensionContext, live: LiveSessions): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory("stepwise", {
      createDebugAdapterDescriptor(session) {
        // Restricted Mode: Stepwise only lints; debugging would run the folder's code.
        if (!vscode.workspace.isTrusted) return undefined;
        const adapter = new StepwiseDebugSession();
        live.adopt(session, adapter);
        adapter.onOrchestrator((orchestrator) => TimelinePanel.follow(orchestrator));
        return new vscode.DebugAdapterInlineImplementation(adapter);
      },
    }),
    vscode.debug.registerDebugAdapterTrackerFactory("stepwise", {
      createDebugAdapterTracker(session) {
        let done: () => void = () => {};
        if (session.configuration.program || session.configuration.url) {
          void vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Stepwise: starting ${session.configuration.function ?? "the app"} (hosting the module and syncing its functions)…` },
            () => new Promise<void>((resolve) => (done = resolve)),
          );
        }
        return {
          onDidSendMessage: (message: { type?: string; event?: string }) => {
            if (message.type === "event" && (message.event === "stopped" || message.event === "terminated" || message.event === "thread")) done();
            if (message.type === "response") {
              const response = message as { command?: string; success?: boolean };
              if (response.command === "launch" || response.command === "attach") done();
            }
          },
          onExit: () => done(),
          onWillStopSession: () => done(),
        };
      },
    }),
  );
}
