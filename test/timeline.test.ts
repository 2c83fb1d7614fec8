import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import WebSocket from "ws";
import type { Orchestrator } from "../runtime/orchestrator";
import { timelineFromJournal, timelineFromSnapshot, type TimelineRun } from "../runtime/timeline-data";
import { TimelineFeed } from "../runtime/timeline-feed";
import { TimelineServer } from "../runtime/timeline-server";
import { runToEnd, startApp } from "./support/runtime-harness";

describe("the timeline", () => {
  let app: Orchestrator;
  before(async () => (app = await startApp("fast-slow.ts")));
  after(() => app.close());

  test("draws the fast and slow branches in two lanes, live and from the journal alike", async () => {
    const { run, snapshot } = await runToEnd(app, "fast-slow-v1", { data: { slowMs: 100 } });
    for (const timeline of [timelineFromSnapshot(snapshot, run.laneOf), timelineFromJournal(run.journal.file)!]) {
      assert.equal(timeline.lanes, 2);
      const lane = (id: string) => timeline.bars.find((b) => b.id === id)!.lane;
      assert.equal(lane("fast.1"), lane("fast.2"));
      assert.equal(lane("slow.1"), lane("slow.2"));
      assert.notEqual(lane("fast.1"), lane("slow.1"));
      assert.ok(timeline.bars.every((b) => b.status === "completed" && b.attempts === 1 && b.end !== null));
      assert.deepEqual(timeline.calls, { discovery: 5, step: 4, checkpoint: 0 });
    }
  });

  test("stepwise dev's page is served and a WebSocket client gets the runs list and a selected run", async () => {
    const { run } = await runToEnd(app, "fast-slow-optimized", { data: { slowMs: 50 } });
    const feed = new TimelineFeed(app.journalDir, app);
    const server = new TimelineServer(feed);
    const url = await server.listen(0);
    try {
      const page = await (await fetch(url)).text();
      assert.match(page, /<div id="lanes" role="list"/);
      const socket = new WebSocket(url.replace("http", "ws") + "live");
      const messages: Array<{ type: string; runs?: Array<{ runId: string }>; run?: TimelineRun }> = [];
      await new Promise<void>((resolve, reject) => {
        socket.on("error", reject);
        socket.on("open", () => socket.send(JSON.stringify({ type: "ready" })));
        socket.on("message", (data) => {
          const message = JSON.parse(String(data));
          messages.push(message);
          if (message.type === "runs") socket.send(JSON.stringify({ type: "select", runId: run.id }));
          if (message.type === "run") resolve();
        });
      });
      socket.close();
      assert.ok(messages[0].runs!.some((r) => r.runId === run.id));
      const shown = messages.find((m) => m.type === "run")!.run!;
      assert.equal(shown.runId, run.id);
      assert.deepEqual(shown.bars.map((b) => b.id).sort(), ["fast.1", "fast.2", "slow.1", "slow.2"]);
    } finally {
      feed.dispose();
      await server.close();
    }
  });
});
