// The Stepwise debug sessions running inline in this extension host, so the timeline can follow
// the live orchestrator and commands can reach the active session.
import * as vscode from "vscode";
import type { Orchestrator } from "../runtime/orchestrator";

export interface InlineSession {
  /** The session's orchestrator once its launch has started one. */
  readonly orchestrator: Orchestrator | undefined;
  onOrchestrator(listener: (orchestrator: Orchestrator) => void): void;
}

export class LiveSessions {
  private readonly byId = new Map<string, InlineSession>();

  adopt(session: vscode.DebugSession, adapter: InlineSession): void {
    this.byId.set(session.id, adapter);
  }

  forget(session: vscode.DebugSession): void {
    this.byId.delete(session.id);
  }

  activeSession(): vscode.DebugSession | undefined {
    const active = vscode.debug.activeDebugSession;
    if (active?.type === "stepwise") return active;
    const parent = active?.parentSession;
    return parent?.type === "stepwise" ? parent : undefined;
  }

  activeOrchestrator(): Orchestrator | undefined {
    const session = this.activeSession();
    return session ? this.byId.get(session.id)?.orchestrator : [...this.byId.values()].at(-1)?.orchestrator;
  }
}
