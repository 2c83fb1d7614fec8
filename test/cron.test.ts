import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CronError, nextCronTime, parseCron, scheduledTimerEvent, validateCron } from "../runtime/cron";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("the next fire time of a cron trigger", () => {
  // 2026-03-13 is a Friday; in 2026 New York moves to summer time on Sunday 8 March.
  const cases: Array<[string, string, string | null, string]> = [
    ["0 0 * * *", "2026-03-10T12:34:56Z", "2026-03-11T00:00:00.000Z", "daily at midnight UTC"],
    ["*/15 * * * *", "2026-03-10T10:07:00Z", "2026-03-10T10:15:00.000Z", "a step over minutes"],
    ["*/15 * * * *", "2026-03-10T10:15:00Z", "2026-03-10T10:30:00.000Z", "strictly after the given instant"],
    ["*/15 * * * *", "2026-03-10T10:14:59.500Z", "2026-03-10T10:15:00.000Z", "from within the last second before a fire time"],
    ["5/20 * * * *", "2026-03-10T10:30:00Z", "2026-03-10T10:45:00.000Z", "a/n runs from a to the maximum"],
    ["0 9 * * mon-fri", "2026-03-13T10:00:00Z", "2026-03-16T09:00:00.000Z", "weekday names and a range skip the weekend"],
    ["0 0 1,15 * *", "2026-03-02T00:00:00Z", "2026-03-15T00:00:00.000Z", "a list of days of the month"],
    ["0 0 13 * fri", "2026-03-01T00:00:00Z", "2026-03-06T00:00:00.000Z", "both day fields restricted: either matches"],
    ["0 0 * * FRI", "2026-03-01T00:00:00Z", "2026-03-06T00:00:00.000Z", "names in any case"],
    ["0 12 * jan,jul *", "2026-02-01T00:00:00Z", "2026-07-01T12:00:00.000Z", "month names"],
    ["0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00.000Z", "the next leap day"],
    ["0 0 30 2 *", "2026-03-01T00:00:00Z", null, "a date that never exists has no next time"],
    ["TZ=America/New_York 0 9 * * *", "2026-03-07T00:00:00Z", "2026-03-07T14:00:00.000Z", "a TZ prefix reads the fields in that zone (EST)"],
    ["TZ=America/New_York 0 9 * * *", "2026-03-07T15:00:00Z", "2026-03-08T13:00:00.000Z", "across the change to summer time (EDT)"],
    ["CRON_TZ=America/New_York 30 2 * * *", "2026-03-07T08:00:00Z", "2026-03-09T06:30:00.000Z", "a wall time inside the spring-forward gap is skipped"],
    ["TZ=Europe/Paris 0 0 * * *", "2026-06-01T12:00:00Z", "2026-06-01T22:00:00.000Z", "midnight in Paris in summer"],
  ];
  for (const [cron, after, expected, behaviour] of cases) {
    test(`${behaviour}: "${cron}" after ${after} is ${expected}`, () => assert.equal(iso(nextCronTime(cron, at(after))), expected));
  }

  test("a parsed schedule names its zone and can be asked many times", () => {
    const schedule = parseCron("TZ=Asia/Tokyo 0 9 * * *");
    assert.equal(schedule.timeZone, "Asia/Tokyo");
    const first = schedule.next(at("2025-12-31T23:00:00Z"))!;
    assert.equal(iso(first), "2026-01-01T00:00:00.000Z");
    assert.equal(iso(schedule.next(first)), "2026-01-02T00:00:00.000Z");
  });
});

describe("cron triggers Inngest rejects at sync get one line saying why", () => {
  const cases: Array<[string, string | null]> = [
    ["0 0 * * *", null],
    ["0 0 * JAN MON", null],
    ["? * * * ?", null],
    ["1,,2 * * * *", null],
    ["TZ=UTC 0 0 * * *", null],
    ["* * * * * *", `"* * * * * *" isn't a valid cron schedule: expected exactly 5 fields, found 6: [* * * * * *]`],
    ["0 0 * *", `"0 0 * *" isn't a valid cron schedule: expected exactly 5 fields, found 4: [0 0 * *]`],
    ["@daily", `"@daily" isn't a valid cron schedule: parser does not accept descriptors: @daily — write "0 0 * * *"`],
    ["@every 1h", `"@every 1h" isn't a valid cron schedule: parser does not accept descriptors: @every 1h`],
    ["0 0 * * 7", `"0 0 * * 7" isn't a valid cron schedule: end of range (7) above maximum (6): 7`],
    ["60 * * * *", `"60 * * * *" isn't a valid cron schedule: end of range (60) above maximum (59): 60`],
    ["0 0 0 * *", `"0 0 0 * *" isn't a valid cron schedule: beginning of range (0) below minimum (1): 0`],
    ["5-1 * * * *", `"5-1 * * * *" isn't a valid cron schedule: beginning of range (5) beyond end of range (1): 5-1`],
    ["*/0 * * * *", `"*/0 * * * *" isn't a valid cron schedule: step of range should be a positive number: */0`],
    ["1-2-3 * * * *", `"1-2-3 * * * *" isn't a valid cron schedule: too many hyphens: 1-2-3`],
    ["1/2/3 * * * *", `"1/2/3 * * * *" isn't a valid cron schedule: too many slashes: 1/2/3`],
    ["a * * * *", `"a * * * *" isn't a valid cron schedule: failed to parse int from a`],
    ["TZ=Mars/Base 0 0 * * *", `"TZ=Mars/Base 0 0 * * *" isn't a valid cron schedule: provided bad location Mars/Base: unknown time zone Mars/Base`],
    ["", `"" isn't a valid cron schedule: empty spec string`],
    ["0".repeat(256), "cron is too long. maximum length is 255 characters"],
  ];
  for (const [cron, message] of cases) {
    test(`${JSON.stringify(cron.length > 30 ? cron.slice(0, 30) + "…" : cron)}: ${message ?? "accepted"}`, () => assert.equal(validateCron(cron), message));
  }

  test("parseCron throws a CronError", () => {
    assert.throws(() => parseCron("@hourly"), CronError);
  });
});

describe("the inngest/scheduled.timer event a cron run receives", () => {
  test("carries the cron, the scheduled and fire times, and an id from the scheduled time", () => {
    assert.deepEqual(scheduledTimerEvent("0 9 * * *", at("2026-03-16T09:00:00.250Z")), {
      id: "2026-03-16T09:00:00Z",
      name: "inngest/scheduled.timer",
      data: { cron: "0 9 * * *", scheduledAt: "2026-03-16T09:00:00Z", fireAt: "2026-03-16T09:00:00Z" },
      ts: at("2026-03-16T09:00:00.250Z"),
    });
  });

  test("with jitter, ts and fireAt are the later fire time and the id stays the scheduled time", () => {
    const event = scheduledTimerEvent("0 9 * * *", at("2026-03-16T09:00:00Z"), at("2026-03-16T09:00:42Z"));
    assert.equal(event.id, "2026-03-16T09:00:00Z");
    assert.equal(event.data.fireAt, "2026-03-16T09:00:42Z");
    assert.equal(event.ts, at("2026-03-16T09:00:42Z"));
  });
});
