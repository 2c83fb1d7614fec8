import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveLimits } from "../runtime/limits";
import { runToEnd, startApp } from "./support/runtime-harness";

describe("limits (DESIGN.md: 1,000 steps, 4 MB a step, 4 MB a run)", () => {
  test("a step returning more than 4 MB fails the run with a message naming the step, the limit and the way out", async () => {
    const app = await startApp("protocol.ts");
    try {
      const { snapshot } = await runToEnd(app, "big", { data: { bytes: 5 * 1024 * 1024 } });
      assert.equal(snapshot.status, "failed");
      assert.equal(snapshot.error?.name, "StepOutputTooLarge");
      assert.match(snapshot.error!.message, /step "big-output" returned 5 MB; a step may return at most 4 MB \(return a reference/);
    } finally {
      await app.close();
    }
  });

  test("step outputs over the run's total fail it, naming the total and how to raise it", async () => {
    const app = await startApp("protocol.ts", { limits: resolveLimits({ maxStateMb: 1 }) });
    try {
      const { snapshot } = await runToEnd(app, "big", { data: { bytes: 1.5 * 1024 * 1024 } });
      assert.equal(snapshot.status, "failed");
      assert.equal(snapshot.error?.name, "StateTooLarge");
      assert.match(snapshot.error!.message, /at most 1 MB together .*--max-state-mb/);
    } finally {
      await app.close();
    }
  });

  test("a run may have exactly max-steps steps, and planning one more fails it with the fan-out advice", async () => {
    const app = await startApp("protocol.ts", { limits: resolveLimits({ maxSteps: 10 }) });
    try {
      const ok = await runToEnd(app, "many-parallel", { data: { n: 10 } });
      assert.equal(ok.snapshot.status, "completed");
      assert.equal(ok.snapshot.output, 10);
      const over = await runToEnd(app, "many-parallel", { data: { n: 11 } });
      assert.equal(over.snapshot.status, "failed");
      assert.equal(over.snapshot.error?.name, "StepLimitExceeded");
      assert.match(over.snapshot.error!.message, /^11 steps \(planning "noop-10"\); a run may have at most 10 — split the work with step.sendEvent \(fan-out\)/);
    } finally {
      await app.close();
    }
  });

  test("limits outside their range are refused with the allowed range", () => {
    assert.throws(() => resolveLimits({ maxSteps: 10_001 }), /from 1 to 10,000/);
    assert.throws(() => resolveLimits({ maxStateMb: 0 }), /positive number of MB/);
  });
});
