import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatDuration, parseDuration, parseGoDuration, parseRetryAfter, sleepTargetMs } from "../runtime/duration";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  const cases: Array<[string, number]> = [
    ["1s", SECOND],
    ["500ms", 500],
    ["2h30m", 2 * HOUR + 30 * MINUTE],
    ["1d", DAY],
    ["1w", 7 * DAY],
    ["1m30s", MINUTE + 30 * SECOND],
    ["1w2d3h4m5s", 9 * DAY + 3 * HOUR + 4 * MINUTE + 5 * SECOND],
    ["1m500ms", MINUTE + 500],
    ["1.5h", 1.5 * HOUR],
    ["0s", 0],
    ["1h 30m", HOUR + 30 * MINUTE],
    ["1 hour", HOUR],
    ["30 minutes", 30 * MINUTE],
    ["5 mins", 5 * MINUTE],
    ["2 days", 2 * DAY],
    ["10 secs", 10 * SECOND],
    ["1H", HOUR],
    ["  10s  ", 10 * SECOND],
    ["1500", 1500],
    ["0", 0],
    ["2.6", 3],
  ];
  for (const [text, ms] of cases) {
    test(`${JSON.stringify(text)} is ${ms} ms`, () => assert.equal(parseDuration(text), ms));
  }

  const invalid: Array<[string, RegExp]> = [
    ["", /^invalid duration "": it is empty/],
    ["abc", /^invalid duration "abc": "abc" is not a number followed by a unit — use milliseconds \("500"\) or forms like "500ms", "30s"/],
    ["1h30", /^invalid duration "1h30": "30" is not a number followed by a unit/],
    ["5y", /^invalid duration "5y": unknown unit "y" — use ms, s, m, h, d or w$/],
    ["1constructor", /^invalid duration "1constructor": unknown unit "constructor"/],
    ["-5s", /^invalid duration "-5s": durations cannot be negative$/],
    ["-500", /^invalid duration "-500": durations cannot be negative$/],
    ["1s-2s", /^invalid duration "1s-2s": "-2s" is not a number followed by a unit/],
    ["s", /^invalid duration "s": "s" is not a number followed by a unit/],
    ["9".repeat(400), /it is too long$/],
  ];
  for (const [text, message] of invalid) {
    test(`${JSON.stringify(text.length > 20 ? text.slice(0, 20) + "…" : text)} is rejected with a message naming it`, () => {
      assert.throws(() => parseDuration(text), (err: unknown) => err instanceof Error && message.test(err.message) && !err.message.includes("\n"));
    });
  }
});

describe("sleepTargetMs", () => {
  const now = Date.parse("2030-01-01T00:00:00Z");
  const cases: Array<[string, number, string]> = [
    ["30s", 30 * SECOND, "a step.sleep duration is its length"],
    ["1d2h", DAY + 2 * HOUR, "a compound duration is its total"],
    ["", 0, "an empty name (the SDK's rendering of a zero sleep) is no wait"],
    ["2030-01-01T00:01:00.000Z", MINUTE, "a sleepUntil ISO date is the time left until it"],
    ["2030-01-01T02:00:00+02:00", 0, "an ISO date with an offset is read in that offset"],
    ["2030-01-02", DAY, "an ISO date without a time is midnight UTC"],
    ["2029-12-31T23:00:00Z", 0, "a date in the past is no wait, never a negative one"],
  ];
  for (const [name, ms, behaviour] of cases) {
    test(`${behaviour} (${JSON.stringify(name)} → ${ms} ms)`, () => assert.equal(sleepTargetMs(name, now), ms));
  }

  for (const name of ["soon", "2030-13-45T00:00:00Z", "Tomorrow 10am", "1h30"]) {
    test(`${JSON.stringify(name)} is neither a duration nor a date, and the error names it`, () => {
      assert.throws(() => sleepTargetMs(name, now), {
        message: `invalid sleep "${name}": it is neither a duration ("30s", "2h30m") nor an ISO date ("2030-01-01T00:00:00Z")`,
      });
    });
  }
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2030-01-01T00:00:00Z");
  const cases: Array<[string, number | null, string]> = [
    ["30", 30 * SECOND, "whole seconds become milliseconds"],
    ["0", 0, "zero seconds means retry now"],
    [" 5 ", 5 * SECOND, "surrounding spaces are ignored"],
    ["2030-01-01T00:00:10.000Z", 10 * SECOND, "an ISO date (what RetryAfterError sends for a Date) is the time left until it"],
    ["Tue, 01 Jan 2030 00:01:00 GMT", MINUTE, "an HTTP date is the time left until it"],
    ["2029-12-31T00:00:00Z", 0, "a date in the past means retry now"],
    ["", null, "an empty header is unparseable"],
    ["soon", null, "words are unparseable"],
    ["-5", null, "negative seconds are unparseable"],
    ["1.5", null, "fractional seconds are unparseable"],
    ["10s", null, "a duration with a unit is unparseable"],
    ["2030-13-45T00:00:00Z", null, "an impossible date is unparseable"],
  ];
  for (const [header, ms, behaviour] of cases) {
    test(`${behaviour} (${JSON.stringify(header)} → ${ms})`, () => assert.equal(parseRetryAfter(header, now), ms));
  }
});

describe("parseGoDuration reads periods as Inngest's Go does", () => {
  const cases: Array<[string, boolean, number]> = [
    ["1s", true, SECOND],
    ["1h30m", true, HOUR + 30 * MINUTE],
    ["1.5h", true, 90 * MINUTE],
    ["500ms", true, 500],
    ["0", true, 0],
    ["1w2d", true, 9 * DAY],
    ["24h", false, DAY],
  ];
  for (const [text, days, ms] of cases) {
    test(`${JSON.stringify(text)}${days ? "" : " (Go units only)"} is ${ms} ms`, () => assert.equal(parseGoDuration(text, { days }), ms));
  }

  const invalid: Array<[string, boolean, string]> = [
    ["60", true, `missing unit in duration "60"`],
    ["", true, `invalid duration ""`],
    ["soon", true, `invalid duration "soon"`],
    ["1d", false, `unknown unit "d" in duration "1d"`],
    ["1 hour", true, `invalid duration "1 hour"`],
  ];
  for (const [text, days, message] of invalid) {
    test(`${JSON.stringify(text)}${days ? "" : " (Go units only)"} is rejected: ${message}`, () => assert.throws(() => parseGoDuration(text, { days }), { message }));
  }
});

describe("formatDuration writes Inngest's compact spelling", () => {
  const cases: Array<[number, string]> = [[0, "0s"], [500, "500ms"], [SECOND, "1s"], [90 * SECOND, "1m30s"], [DAY, "1d"], [7 * DAY, "7d"], [HOUR + 1, "1h1ms"]];
  for (const [ms, text] of cases) test(`${ms} ms is ${text}`, () => assert.equal(formatDuration(ms), text));
});
