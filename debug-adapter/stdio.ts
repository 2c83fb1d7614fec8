// `stepwise dap`: the Stepwise debug session over stdin/stdout, for any DAP client.
import { DebugSession } from "@vscode/debugadapter";
import { StepwiseDebugSession } from "./session";

export function runDebugAdapterOverStdio(): void {
  DebugSession.run(StepwiseDebugSession);
}
