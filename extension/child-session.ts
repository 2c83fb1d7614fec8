// Line breakpoints inside step bodies: when the adapter reports the app host's inspector, attach
// VS Code's own JavaScript debugger to it as a child of the Stepwise session. The child is
// compact (its threads under Stepwise's in the Call Stack), and since VS Code focuses a compact
// child when it starts, Stepwise's stop is shown again afterwards: the toolbar, F5 and the
// Breakpoints view's exception options stay Stepwise's until a breakpoint in a step body hits.
// Its console is its own: the app's console.log reaches Stepwise (the host's stdout) and the
// JavaScript debugger (the inspector) alike, and one console holding both showed each line twice.
import * as vscode from "vscode";

export function attachChildSessions(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => void attachChild(event)),
    // The child, and the sessions the JavaScript debugger starts under it (one a process), each take the focus when they start.
    vscode.debug.onDidChangeActiveDebugSession((session) => {
      if (session && stepwiseAncestor(session)) setTimeout(() => void refocusUnlessPausedIn(session), FOCUS_SETTLE_MS);
    }),
  );
}

/** VS Code focuses a stopped frame right after it makes a session active: wait that long before deciding. */
const FOCUS_SETTLE_MS = 100;

function stepwiseAncestor(session: vscode.DebugSession): vscode.DebugSession | undefined {
  let ancestor = session.parentSession;
  while (ancestor && ancestor.type !== "stepwise") ancestor = ancestor.parentSession;
  return ancestor;
}

/** Gives the focus back to Stepwise, unless the child is paused itself (a breakpoint in a step body hit). */
async function refocusUnlessPausedIn(session: vscode.DebugSession): Promise<void> {
  const item = vscode.debug.activeStackItem;
  if (vscode.debug.activeDebugSession?.id !== session.id) return;
  if (item && item.session.id === session.id && "frameId" in item) return;
  await stepwiseAncestor(session)?.customRequest("stepwise/refocus").then(undefined, () => undefined);
}

async function attachChild(event: vscode.DebugSessionCustomEvent): Promise<void> {
  if (event.session.type !== "stepwise" || event.event !== "stepwise/childSession") return;
  const { port, address = "127.0.0.1" } = (event.body ?? {}) as { port?: number; address?: string };
  if (!port) return;
  const started = await vscode.debug.startDebugging(
    event.session.workspaceFolder,
    { type: "node", request: "attach", name: "Stepwise: step bodies", address, port, continueOnAttach: true, skipFiles: ["<node_internals>/**"] },
    { parentSession: event.session, lifecycleManagedByParent: true, consoleMode: vscode.DebugConsoleMode.Separate, compact: true, suppressDebugView: true },
  );
  if (!started) void vscode.window.showWarningMessage(`Stepwise: could not attach the JavaScript debugger to the app host on ${address}:${port}; breakpoints inside step bodies will not hit.`);
}
