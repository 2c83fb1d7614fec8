// The decisions the run state machine follows, each against a table: fan-in (when to discover),
// the retry decision, the limits (one byte measure) and the SDK answer's opcodes.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FanIn } from "../runtime/fan-in";
import { DEFAULT_LIMITS, resultBytes, resultOverLimit, stepCountOverLimit } from "../runtime/limits";
import { retryDelayMs, shouldRetry, type CallFailure } from "../runtime/retry-policy";
import { BadAnswerError, parseOps, userStepId, type Op } from "../runtime/sdk-call";

const planned = (...ids: string[]): Op[] => ids.map((id) => ({ op: "StepPlanned", id }));

describe("fan-in", () => {
  test("the first 206 locks the mode: request version 1 is V1, anything else optimized", () => {
    const cases: Array<[string | undefined, string]> = [["1", "v1"], ["2", "optimized"], [undefined, "optimized"]];
    for (const [header, mode] of cases) {
      const fanIn = new FanIn();
      fanIn.observeAnswer(206, header);
      fanIn.observeAnswer(206, header === "1" ? "2" : "1");
      assert.equal(fanIn.mode, mode);
    }
    const before = new FanIn();
    before.observeAnswer(200, "1");
    assert.equal(before.mode, null, "a 200 says nothing about the mode");
  });

  const table: Array<{ mode: "1" | "2"; ops: Op[]; completions: Array<[string, boolean]>; discoveries: boolean[] }> = [
    { mode: "2", ops: planned("a", "b", "c"), completions: [["a", false], ["b", false], ["c", false]], discoveries: [false, false, true] },
    { mode: "1", ops: planned("a", "b", "c"), completions: [["a", false], ["b", false], ["c", false]], discoveries: [true, true, true] },
    { mode: "2", ops: planned("r1", "r2"), completions: [["r1", true], ["r2", true]], discoveries: [true, true] },
    { mode: "2", ops: planned("solo"), completions: [["solo", false]], discoveries: [true] },
  ];
  for (const row of table) {
    test(`mode ${row.mode === "1" ? "v1" : "optimized"}, ${row.ops.length} planned${row.completions[0][1] ? " (race)" : ""}: discovery after ${row.discoveries.map((d) => (d ? "yes" : "no")).join(", ")}`, () => {
      const fanIn = new FanIn();
      fanIn.observeAnswer(206, row.mode);
      fanIn.observeOps(row.ops, () => false);
      assert.deepEqual(row.completions.map(([id, race]) => fanIn.resultStored(id, race)), row.discoveries);
    });
  }

  test("a parallel group makes discoveries plan steps; optimized mode goes back to inline when the group is done", () => {
    const optimized = new FanIn();
    optimized.observeAnswer(206, "2");
    optimized.observeOps(planned("a", "b"), () => false);
    assert.equal(optimized.planSteps, true);
    optimized.resultStored("a", false);
    optimized.resultStored("b", false);
    assert.equal(optimized.planSteps, false);
    const v1 = new FanIn();
    v1.observeAnswer(206, "1");
    v1.observeOps(planned("a", "b"), () => false);
    v1.resultStored("a", false);
    v1.resultStored("b", false);
    assert.equal(v1.planSteps, true);
  });
});

describe("the retry decision", () => {
  const table: Array<[string, CallFailure, number, number, boolean]> = [
    ["a step error on attempt 1 of 3", { kind: "step-error" }, 0, 3, true],
    ["a step error on the last attempt", { kind: "step-error" }, 2, 3, false],
    ["a 500 from the function", { kind: "function-error", status: 500, noRetryHeader: undefined }, 0, 3, true],
    ["a 500 with x-inngest-no-retry: true", { kind: "function-error", status: 500, noRetryHeader: true }, 0, 3, false],
    ["a 400 (NonRetriableError)", { kind: "function-error", status: 400, noRetryHeader: undefined }, 0, 3, false],
    ["a 400 with x-inngest-no-retry: false", { kind: "function-error", status: 400, noRetryHeader: false }, 0, 3, true],
    ["an unreachable app", { kind: "call-failed", retriable: true }, 0, 2, true],
    ["an unreachable app on the last attempt", { kind: "call-failed", retriable: true }, 1, 2, false],
    ["a body the app refused (413)", { kind: "call-failed", retriable: false }, 0, 5, false],
    ["retries: 0", { kind: "step-error" }, 0, 1, false],
  ];
  for (const [what, failure, attempt, max, retry] of table) {
    test(`${what}: ${retry ? "retried" : "final"}`, () => assert.equal(shouldRetry(failure, attempt, max), retry));
  }

  test("the app's retry-after wins over the back-off", () => {
    const policy = { backoffMs: (n: number) => n * 1000 };
    assert.equal(retryDelayMs(policy, 2, undefined, 0), 2000);
    assert.equal(retryDelayMs(policy, 2, "5", 0), 5000);
    assert.equal(retryDelayMs(policy, 2, new Date(30_000).toUTCString(), 0), 30_000);
  });
});

describe("limits, measured one way", () => {
  const MB = 1024 * 1024;
  test("a result is measured as what the step returned, not the { data } wrapper", () => {
    assert.equal(resultBytes({ data: "abc" }), 5);
    assert.equal(resultBytes({ error: { name: "E", message: "m" } }), JSON.stringify({ name: "E", message: "m" }).length);
    assert.equal(resultBytes(null), 4);
  });

  const table: Array<[string, number, number, string | null]> = [
    ["a 4 MB output, nothing stored yet", 4 * MB, 0, null],
    ["an output one byte over 4 MB", 4 * MB + 1, 0, "StepOutputTooLarge"],
    ["a result that brings the state past 4 MB", 1 * MB, 3.5 * MB, "StateTooLarge"],
    ["a result that fills the state exactly", 1 * MB, 3 * MB, null],
  ];
  for (const [what, bytes, state, name] of table) {
    test(`${what}: ${name ?? "fits"}`, () => assert.equal(resultOverLimit("s", bytes, state, DEFAULT_LIMITS)?.name ?? null, name));
  }

  test("the 1,000th step is allowed, the 1,001st fails the run with the way out", () => {
    assert.equal(stepCountOverLimit(1000, "s", DEFAULT_LIMITS), null);
    assert.match(stepCountOverLimit(1001, "s-1000", DEFAULT_LIMITS)!.message, /^1,001 steps \(planning "s-1000"\); a run may have at most 1,000 — split the work with step\.sendEvent/);
  });
});

describe("the opcodes of a 206", () => {
  const refused: Array<[string, unknown, RegExp]> = [
    ["an object that is not an op", { not: "an array" }, /^answered HTTP 206 with \{"not":"an array"\}, which is not a list of Inngest opcodes$/],
    ["an unknown opcode", [{ op: "Bogus", id: "x" }], /^answered HTTP 206 with an unknown opcode "Bogus"/],
    ["an op without an id", [{ op: "StepRun" }], /^answered HTTP 206 with a StepRun opcode that has no step id/],
    ["an empty list", [], /^answered HTTP 206 with an empty list of opcodes$/],
    ["a list holding null", [null], /^answered HTTP 206 whose opcode 0 is null, not an object$/],
    ["a string", "ok", /^answered HTTP 206 with "ok", which is not a list/],
  ];
  for (const [what, body, message] of refused) {
    test(`${what} breaks the protocol`, () => assert.throws(() => parseOps(body), (err: Error) => err instanceof BadAnswerError && message.test(err.message)));
  }

  test("a single op object (SDK 0.x) and an array are both read", () => {
    assert.deepEqual(parseOps({ op: "StepRun", id: "a" }), [{ op: "StepRun", id: "a" }]);
    assert.equal(parseOps([{ op: "StepPlanned", id: "a" }, { op: "Sleep", id: "b" }]).length, 2);
  });

  test("a repeated step ID reads as the SDK counts it", () => {
    assert.equal(userStepId({ id: "h", userland: { id: "loop", index: 2 } }), "loop:2");
    assert.equal(userStepId({ id: "h", userland: { id: "loop" } }), "loop");
    assert.equal(userStepId({ id: "h", displayName: "shown" }), "shown");
  });
});
