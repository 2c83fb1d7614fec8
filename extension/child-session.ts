// Line breakpoints inside step bodies: when the adapter reports the app host's inspector, attach
// VS Code's own JavaScript debugger to it as a child of the Stepwise session. The child is
// compact (its threads under Stepwise's in the Call Stack), and since VS Code focuses a compact
// child when it starts, Stepwise's stop is shown again afterwards: the toolbar, F5 and the
// Breakpoints view's exception options stay Stepwise's until a breakpoint in a step body hits.
import * as vscode from "vscode";

export function attachChildSessions(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => void attachChild(event)),
    // The JavaScript debugger starts sessions of its own under the child (one a process): each takes the focus too.
    vscode.debug.onDidStartDebugSession((session) => void refocusStepwise(session)),
  );
}

async function refocusStepwise(session: vscode.DebugSession): Promise<void> {
  let stepwise = session.parentSession;
  while (stepwise && stepwise.type !== "stepwise") stepwise = stepwise.parentSession;
  if (stepwise) await stepwise.customRequest("stepwise/refocus").then(undefined, () => undefined);
}

async function attachChild(event: vscode.DebugSessionCustomEvent): Promise<void> {
  if (event.session.type !== "stepwise" || event.event !== "stepwise/childSession") return;
  const { port, address = "127.0.0.1" } = (event.body ?? {}) as { port?: number; address?: string };
  if (!port) return;
  const started = await vscode.debug.startDebugging(
    event.session.workspaceFolder,
    { type: "node", request: "attach", name: "Stepwise: step bodies", address, port, continueOnAttach: true, skipFiles: ["<node_internals>/**"] },
    { parentSession: event.session, lifecycleManagedByParent: true, consoleMode: vscode.DebugConsoleMode.MergeWithParent, compact: true, suppressDebugView: true },
  );
  if (!started) void vscode.window.showWarningMessage(`Stepwise: could not attach the JavaScript debugger to the app host on ${address}:${port}; breakpoints inside step bodies will not hit.`);
}
