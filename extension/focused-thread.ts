// VS Code caches a paused thread's scopes per frame. When the user focuses a branch after another
// branch's step ended, the adapter is told, so that it can have VS Code fetch that branch's
// Memoized state and Run counters again (an `invalidated` event) instead of showing the cache.
import * as vscode from "vscode";

export function reportFocusedThreads(): vscode.Disposable {
  return vscode.debug.onDidChangeActiveStackItem((item) => {
    if (!item || item.session.type !== "stepwise") return;
    void item.session.customRequest("stepwise/focused", { threadId: item.threadId }).then(undefined, () => undefined);
  });
}
