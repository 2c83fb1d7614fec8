// The "Stepwise" Output channel: what the runtime of each debug session does (hosts starting,
// apps syncing, calls and their answers, retries), from the adapter's `stepwise/activity` events.
import * as vscode from "vscode";

interface Activity {
  level: "debug" | "info" | "warn";
  line: string;
}

export function registerActivityChannel(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel("Stepwise", { log: true });
  context.subscriptions.push(
    channel,
    vscode.debug.registerDebugAdapterTrackerFactory("stepwise", {
      createDebugAdapterTracker(session) {
        return {
          onWillStartSession: () => channel.info(`session "${session.name}" starting (${session.configuration.request})`),
          onDidSendMessage: (message: { type?: string; event?: string; body?: Activity }) => {
            if (message.type !== "event" || message.event !== "stepwise/activity" || !message.body) return;
            const { level, line } = message.body;
            channel[level](line);
          },
          onWillStopSession: () => channel.info(`session "${session.name}" stopping`),
        };
      },
    }),
  );
  return channel;
}
