// An explored example in the debugger: replayed as is, stopped at the first position where it
// differs from the recorded run (the `stopAtPosition` launch attribute).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { explore, type ExploreReport } from "../runtime/explore";
import { scopeVariables, shown, startDebugging } from "./support/dap-harness";
import { fixtureApp, startApp, tempDir } from "./support/runtime-harness";

const protocol = fixtureApp("protocol.ts");

/** push-order explored once: its six examples, each a journal in `journal`. */
let report: ExploreReport;
let journal: string;

before(async () => {
  const app = await startApp("../explore/branch-orders.ts");
  try {
    const fn = app.findFunction("push-order");
    report = await explore(app, fn, { ...app.defaultEvent(fn), data: { dir: tempDir("stepwise-explore-dap-") } });
    journal = app.journalDir;
  } finally {
    await app.close();
  }
});

describe("explore examples in the debugger", { timeout: 120_000 }, () => {
  test("an example replays stopped at the first position where it differs from the recorded run", async () => {
    const example = report.outcomes.find((o) => o.output === "a,c,b")!.example;
    assert.equal(example.position, 1);
    const t = await startDebugging({ replay: example.runId, journal, stopAtPosition: example.position });
    try {
      const [stop] = await t.waitForStops(1, 0);
      assert.equal(stop.body.reason, "entry");
      const step = await scopeVariables(t.client, 1, "Step");
      assert.deepEqual(shown(step.filter((v) => ["position", "nextRecordedStep"].includes(v.name))), [["position", '"1 of 3"'], ["nextRecordedStep", '"c"']]);
      assert.deepEqual(shown(await scopeVariables(t.client, 1, "Memoized state")), [["a", '"a"']]);
      await t.client.stepBackRequest({ threadId: 1 });
      await t.waitForStops(1, 1);
      assert.equal((await scopeVariables(t.client, 1, "Step")).find((v) => v.name === "position")?.value, '"0 of 3"');
      await t.client.continueRequest({ threadId: 1 });
      await t.waitForStops(1, 2);
      await t.continueToEnd();
      assert.ok(t.output.some((o) => o.text.includes('the function completed → "a,c,b"')), t.output.map((o) => o.text).join(""));
    } finally {
      await t.close();
    }
  });

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ["a negative stopAtPosition", { program: protocol, replay: "x", stopAtPosition: -1 }, /^Stepwise: "stopAtPosition" must be a whole number of at least 0 \(got -1\)$/],
    ["stopAtPosition without replay", { program: protocol, stopAtPosition: 1 }, /^Stepwise: "stopAtPosition" is a position in a replay — give "replay" too$/],
  ];
  for (const [what, args, message] of refused) {
    test(`${what} is refused with the argument's name and why`, async () => {
      await assert.rejects(startDebugging(args), (err: Error) => (assert.match(err.message, message), true));
    });
  }
});
