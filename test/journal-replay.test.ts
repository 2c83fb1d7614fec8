import assert from "node:assert/strict";
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { listRecordedRuns, readJournal, summarizeJournal } from "../runtime/journal";
import { Orchestrator } from "../runtime/orchestrator";
import { ReplayCursor } from "../runtime/replay";
import { fixtureApp, runToEnd, startApp, tempDir } from "./support/runtime-harness";

describe("the run journal", () => {
  test("records the event, every call and answer, every stored result and the end, in a 0600 file", async () => {
    const app = await startApp("protocol.ts");
    try {
      const { run } = await runToEnd(app, "seq", { data: { suffix: "!" } });
      const file = run.journal.file;
      assert.equal(path.dirname(file), app.journalDir);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const entries = readJournal(file);
      assert.deepEqual(entries.map((e) => e.type), ["run", "call", "answer", "stored", "call", "answer", "stored", "call", "answer", "end"]);
      const start = entries[0] as Extract<(typeof entries)[number], { type: "run" }>;
      assert.equal(start.event.name, "test/seq");
      assert.deepEqual(start.event.data, { suffix: "!" });
      const end = entries.at(-1) as Extract<(typeof entries)[number], { type: "end" }>;
      assert.equal(end.output, "AB!");
      assert.deepEqual(end.stack, ["a", "b"]);
    } finally {
      await app.close();
    }
  });

  test("a torn last line is ignored on read and the runs list still shows the run", async () => {
    const app = await startApp("protocol.ts");
    try {
      const { run } = await runToEnd(app, "seq");
      appendFileSync(run.journal.file, '{"type":"note","at":1,"mess');
      const summary = summarizeJournal(run.journal.file)!;
      assert.equal(summary.status, "completed");
      assert.deepEqual(summary.stackOrder, ["a", "b"]);
      assert.equal(listRecordedRuns(app.journalDir).runs[0].runId, run.id);
    } finally {
      await app.close();
    }
  });

  test("lists recorded runs newest first", async () => {
    const app = await startApp("protocol.ts");
    try {
      const first = await runToEnd(app, "seq");
      const second = await runToEnd(app, "loop");
      const runs = listRecordedRuns(app.journalDir).runs;
      assert.deepEqual(runs.map((r) => r.runId), [second.run.id, first.run.id]);
      assert.deepEqual(runs[0].stackOrder, ["loop", "loop:1", "loop:2"]);
    } finally {
      await app.close();
    }
  });
});

describe("replay", () => {
  test("re-drives a recorded run with no step body executed and reaches the recorded output", async () => {
    const app = await startApp("protocol.ts");
    const file = path.join(tempDir(), "effects.txt");
    writeFileSync(file, "");
    try {
      const { run } = await runToEnd(app, "side-effect", { data: { file } });
      assert.equal(readFileSync(file, "utf8"), "first\nsecond\n");
      const recorded = summarizeJournal(run.journal.file)!;
      const cursor = new ReplayCursor(app, recorded, app.findFunction("side-effect"));
      const positions: number[] = [];
      const last = await cursor.runToEnd((p) => positions.push(p.position));
      assert.deepEqual(positions, [0, 1, 2]);
      assert.equal(last.divergence, null);
      assert.deepEqual(last.outcome, { status: "completed", output: "first+second" });
      assert.equal(readFileSync(file, "utf8"), "first\nsecond\n", "replay ran a step body");
    } finally {
      await app.close();
    }
  });

  test("moves backwards: position 1 asks for the second step again", async () => {
    const app = await startApp("protocol.ts");
    try {
      const { run } = await runToEnd(app, "seq");
      const cursor = new ReplayCursor(app, summarizeJournal(run.journal.file)!, app.findFunction("seq"));
      assert.equal((await cursor.goTo(2)).reported[0]?.id, undefined);
      const back = await cursor.goTo(1);
      assert.deepEqual(back.reported.map((r) => r.id), ["b"]);
      assert.equal(cursor.position, 1);
    } finally {
      await app.close();
    }
  });

  test("a changed function is reported as divergence with the position and both step IDs", async () => {
    const app = await startApp("protocol.ts");
    let recordedFile: string;
    try {
      recordedFile = (await runToEnd(app, "seq")).run.journal.file;
    } finally {
      await app.close();
    }
    const changed = await Orchestrator.start({ program: fixtureApp("protocol-changed.ts") }, { journalDir: tempDir() });
    try {
      const cursor = new ReplayCursor(changed, summarizeJournal(recordedFile)!, changed.findFunction("seq"));
      const last = await cursor.runToEnd();
      assert.deepEqual(
        { position: last.divergence?.position, expected: last.divergence?.expected, actual: last.divergence?.actual },
        { position: 1, expected: "b", actual: "b-renamed" },
      );
    } finally {
      await changed.close();
    }
  });
});
