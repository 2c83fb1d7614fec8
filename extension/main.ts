// The extension's entry point. The .vsix ships esbuild's binary brotli-compressed (see
// packaging/packed-executable.ts); it is inflated here, once per install, before Stepwise
// activates and can start an app host that compiles with it. A source checkout has nothing to inflate.
import path from "node:path";
import * as vscode from "vscode";
import { inflatePackedExecutables } from "../packaging/packed-executable";
import { activate as activateStepwise } from "./extension";

export { deactivate } from "./extension";

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  try {
    await inflatePackedExecutables(path.join(context.extensionPath, "node_modules", "@esbuild"));
  } catch (error) {
    // Lint still works; debugging TypeScript needs esbuild, so say how to get it back.
    void vscode.window.showErrorMessage(`Stepwise: ${(error as Error).message} — debugging TypeScript needs it; reinstall the extension into a writable extensions folder`);
  }
  activateStepwise(context);
}
