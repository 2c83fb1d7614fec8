// DAP variable references: a scope of a thread, or a value by its path from the thread's roots
// (`state.fast.1.items[0]`), read when asked so it is never stale. One reference per scope or
// path and thread, so repeated requests do not pile up references.
import type { Segment } from "./path-expression";

export type ScopeName = "step" | "state" | "event" | "run";

export type Container = { kind: "scope"; scope: ScopeName; threadId: number } | { kind: "path"; path: Segment[]; threadId: number };

export class VariableReferences {
  private readonly containers = new Map<number, Container>();
  private readonly referenceByKey = new Map<string, number>();
  private nextReference = 1;

  reference(container: Container): number {
    const key = container.kind === "scope" ? `${container.threadId} ${container.scope}` : `${container.threadId} ${JSON.stringify(container.path)}`;
    let id = this.referenceByKey.get(key);
    if (id === undefined) {
      id = this.nextReference++;
      this.referenceByKey.set(key, id);
      this.containers.set(id, container);
    }
    return id;
  }

  container(reference: number): Container | undefined {
    return this.containers.get(reference);
  }

  /** A new run (a rerun) makes every reference stale. */
  clear(): void {
    this.containers.clear();
    this.referenceByKey.clear();
  }
}
