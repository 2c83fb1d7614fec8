// `defer()`: a function (made with `createDefer`) to run after this run ends. The SDK reports it as
// a lazy DeferAdd op riding along other ops (or DeferAbort to take it back); the executor keeps it,
// tells the SDK on every call which it already has (`defers` in the body), and when the run ends
// sends one `inngest/deferred.schedule` event each, which the companion function's trigger takes
// (Go: pkg/execution/defers, executor/finalize.go buildDeferEvents).
import type { InngestEvent } from "./types";
import { ulid } from "./ulid";

interface Defer {
  hashedId: string;
  id: string;
  fnSlug: string;
  input: unknown;
  aborted: boolean;
}

export class Defers {
  private readonly byHash = new Map<string, Defer>();

  /** A new defer, or undefined when the SDK sent one already known (it retransmits until told). */
  add(hashedId: string, id: string, fnSlug: string, input: unknown): Defer | undefined {
    if (this.byHash.has(hashedId)) return undefined;
    const defer = { hashedId, id, fnSlug, input, aborted: false };
    this.byHash.set(hashedId, defer);
    return defer;
  }

  abort(targetHashedId: string): Defer | undefined {
    const defer = this.byHash.get(targetHashedId);
    if (!defer || defer.aborted) return undefined;
    defer.aborted = true;
    return defer;
  }

  /** What the call body tells the SDK: known defers, and whether each may still be aborted. */
  sdkView(): Record<string, { abortable: boolean }> {
    const view: Record<string, { abortable: boolean }> = {};
    for (const d of this.byHash.values()) view[d.hashedId] = { abortable: !d.aborted };
    return view;
  }

  /** The `inngest/deferred.schedule` events of the defers still standing, for the run's end. */
  events(runId: string, functionId: string): InngestEvent[] {
    return [...this.byHash.values()]
      .filter((d) => !d.aborted)
      .map((d) => ({
        name: "inngest/deferred.schedule",
        id: ulid(),
        data: {
          ...(d.input && typeof d.input === "object" && !Array.isArray(d.input) ? (d.input as Record<string, unknown>) : {}),
          _inngest: { fn_slug: d.fnSlug, parent_fn_slug: functionId, parent_run_id: runId },
        },
      }));
  }
}
