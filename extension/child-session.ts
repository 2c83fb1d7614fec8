// Line breakpoints inside step bodies: when the adapter reports the app host's inspector, attach
// VS Code's own JavaScript debugger to it as a child of the Stepwise session.
import * as vscode from "vscode";

export function attachChildSessions(): vscode.Disposable {
  return vscode.debug.onDidReceiveDebugSessionCustomEvent(async (event) => {
    if (event.session.type !== "stepwise" || event.event !== "stepwise/childSession") return;
    const { port, address = "127.0.0.1" } = (event.body ?? {}) as { port?: number; address?: string };
    if (!port) return;
    const started = await vscode.debug.startDebugging(
      event.session.workspaceFolder,
      { type: "node", request: "attach", name: "Stepwise: step bodies", address, port, continueOnAttach: true, skipFiles: ["<node_internals>/**"] },
      { parentSession: event.session, lifecycleManagedByParent: true, consoleMode: vscode.DebugConsoleMode.MergeWithParent, compact: true },
    );
    if (!started) void vscode.window.showWarningMessage(`Stepwise: could not attach the JavaScript debugger to the app host on ${address}:${port}; breakpoints inside step bodies will not hit.`);
  });
}
