// The timeline `stepwise run` prints: a line a step, its time counted from the run's first call
// (as the timeline view's axis), and one line when the run waited for that first call.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { formatTimeline } from "../cli/timeline-text";
import type { Orchestrator } from "../runtime/orchestrator";
import type { RunSnapshot } from "../runtime/types";
import { runToEnd, startApp } from "./support/runtime-harness";

describe("the text timeline", () => {
  let app: Orchestrator;
  let snapshot: RunSnapshot;
  before(async () => {
    app = await startApp("post-payment-flow.ts");
    snapshot = (await runToEnd(app, "post-payment-flow")).snapshot;
  });
  after(() => app.close());

  const offsets = (text: string) => [...text.matchAll(/^ +\+(\d+) ms /gm)].map((m) => Number(m[1]));

  test("a step's offset counts from the first call, however long the run waited for it", () => {
    const shown = formatTimeline(snapshot, new Map());
    const waited = formatTimeline({ ...snapshot, startedAt: snapshot.startedAt - 3000 }, new Map());
    assert.deepEqual(offsets(waited), offsets(shown));
    assert.doesNotMatch(shown, /first call/);
    assert.match(waited, /^ {2}first call 3\d{3} ms after the run started$/m);
  });
});
