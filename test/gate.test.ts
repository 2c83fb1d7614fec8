import assert from "node:assert/strict";
import { test } from "node:test";
import { RunClock } from "../runtime/run-clock";
import type { Call, Gate } from "../runtime/types";
import { runToEnd, startApp } from "./support/runtime-harness";

test("a run clock's timers do not advance while it is frozen", async () => {
  const clock = new RunClock();
  let fired = 0;
  clock.setTimer(100, () => fired++);
  clock.freeze();
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(fired, 0);
  clock.thaw();
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(fired, 1);
});

test("a held call freezes a sleep of the same run: it ends a full second after the call is released", async () => {
  let releasedAt = 0;
  const gate: Gate = {
    async beforeCall(call: Call) {
      if (call.step?.id !== "held") return;
      await new Promise((r) => setTimeout(r, 1500));
      releasedAt = Date.now();
    },
  };
  const app = await startApp("protocol.ts", { gate });
  try {
    const { snapshot } = await runToEnd(app, "sleep-beside-step");
    assert.equal(snapshot.status, "completed");
    assert.equal(snapshot.output, "woke");
    const nap = snapshot.steps.find((s) => s.id === "nap")!;
    assert.ok(releasedAt > 0);
    assert.ok(nap.endedAt! - releasedAt >= 900, `the sleep ended ${nap.endedAt! - releasedAt} ms after the release; it should still have had ~1 s to go`);
  } finally {
    await app.close();
  }
});
