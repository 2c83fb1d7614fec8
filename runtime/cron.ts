// Cron triggers as Inngest reads them, and the `inngest/scheduled.timer` event a cron run receives.
//
// Inngest validates a cron trigger at sync with robfig/cron v3 and the parser
// `NewParser(Minute | Hour | Dom | Month | Dow)` (pkg/inngest/trigger.go): exactly five fields, no
// seconds, no descriptors (`@daily` is rejected at sync), an optional `TZ=Area/City ` or
// `CRON_TZ=Area/City ` prefix; each field a list of `*`, `?`, numbers, names (jan–dec, sun–sat,
// any case), ranges `a-b` and steps `/n` (`a/n` runs from a to the field's maximum); day of week
// is 0–6. When both day fields are restricted, a day matches either; when one starts with `*` or
// `?`, a day must match both (robfig spec.go dayMatches). This file implements that grammar and
// SpecSchedule.Next without a dependency.
//
// Without a TZ prefix robfig uses the server's local zone; Inngest Cloud runs in UTC, and so does
// this file. In a daylight-saving gap a wall time that does not exist is skipped (as robfig
// does); in an overlap the first occurrence fires (robfig can fire on both).

export class CronError extends Error {
  override name = "CronError";
}

export interface CronSchedule {
  readonly source: string;
  /** The IANA zone of a `TZ=` prefix, or "UTC". */
  readonly timeZone: string;
  /** The first fire time strictly after `after` (epoch ms), or null when there is none within 5 years. */
  next(after: number): number | null;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DAYS_OF_WEEK: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

interface Field {
  values: ReadonlySet<number>;
  /** The field started with `*` or `?` (and had no step above 1): robfig's starBit. */
  star: boolean;
}

/** strconv.Atoi then robfig's "negative number not allowed". */
function parseNumber(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CronError(`failed to parse int from ${text}`);
  const n = Number(text);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${text}`);
  return n;
}

function parseValue(text: string, bounds: Bounds): number {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? parseNumber(text);
}

/** robfig parser.go getRange. */
function parseRange(expr: string, bounds: Bounds, values: Set<number>): boolean {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseValue(lowAndHigh[0], bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseValue(lowAndHigh[1], bounds);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1]);
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) values.add(v);
  return star;
}

function parseField(text: string, bounds: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  // strings.FieldsFunc drops empty parts, so "1,,2" is "1,2".
  for (const part of text.split(",").filter((p) => p !== "")) star = parseRange(part, bounds, values) || star;
  return { values, star };
}

function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new CronError(`provided bad location ${zone}: unknown time zone ${zone}`);
  }
}

// ---- wall-clock arithmetic in a time zone ------------------------------------------------------

interface Wall {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallAt(instant: number, zone: string): Wall & { second: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(instant))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

function asUtc(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

/** The instant a wall time names in `zone` (the earlier one in an overlap), or null in a gap. */
function instantOf(w: Wall, zone: string): number | null {
  const target = asUtc(w);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const offset = asUtc(wallAt(guess, zone)) - guess;
    guess = target - offset;
  }
  // Prefer the earlier of two instants showing this wall time.
  const earlier = guess - 3_600_000;
  if (asUtc(wallAt(earlier, zone)) === target) guess = earlier;
  return asUtc(wallAt(guess, zone)) === target ? guess : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function sorted(set: ReadonlySet<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

class SpecSchedule implements CronSchedule {
  private readonly minutes: number[];
  private readonly hours: number[];

  constructor(
    readonly source: string,
    readonly timeZone: string,
    minute: Field,
    hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
  ) {
    this.minutes = sorted(minute.values);
    this.hours = sorted(hour.values);
  }

  private dayMatches(year: number, month: number, day: number): boolean {
    const domMatch = this.dom.values.has(day);
    const dowMatch = this.dow.values.has(new Date(Date.UTC(year, month - 1, day)).getUTCDay());
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(after: number): number | null {
    // Whole seconds after `after`, then the next minute boundary: every schedule fires at second 0.
    const from = wallAt(Math.floor(after / 1000) * 1000 + 1000, this.timeZone);
    let { year, month, day } = from;
    let hour = from.hour;
    let minute = from.minute + (from.second > 0 ? 1 : 0);
    const yearLimit = year + 5;
    while (year <= yearLimit) {
      if (!this.month.values.has(month) || !this.dayMatches(year, month, day)) {
        ({ year, month, day } = nextDay(year, month, day));
        hour = 0;
        minute = 0;
        continue;
      }
      for (const h of this.hours) {
        if (h < hour) continue;
        for (const m of this.minutes) {
          if (h === hour && m < minute) continue;
          const at = instantOf({ year, month, day, hour: h, minute: m }, this.timeZone);
          if (at !== null && at > after) return at;
        }
      }
      ({ year, month, day } = nextDay(year, month, day));
      hour = 0;
      minute = 0;
    }
    return null;
  }
}

function nextDay(year: number, month: number, day: number): { year: number; month: number; day: number } {
  if (day < daysInMonth(year, month)) return { year, month, day: day + 1 };
  if (month < 12) return { year, month: month + 1, day: 1 };
  return { year: year + 1, month: 1, day: 1 };
}

/** Parses a cron trigger as Inngest does at sync; a CronError says why it would be rejected. */
export function parseCron(source: string): CronSchedule {
  if (typeof source !== "string" || source.length === 0) throw new CronError("empty spec string");
  let spec = source;
  let zone = "UTC";
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    if (space < 0) throw new CronError("a time zone prefix must be followed by the five fields");
    zone = spec.slice(spec.indexOf("=") + 1, space);
    checkTimeZone(zone);
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith("@")) {
    const equivalent = DESCRIPTORS[spec];
    throw new CronError(`parser does not accept descriptors: ${spec}${equivalent ? ` — write "${equivalent}"` : ""}`);
  }
  const fields = spec.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  return new SpecSchedule(
    source,
    zone,
    parseField(fields[0], MINUTES),
    parseField(fields[1], HOURS),
    parseField(fields[2], DAYS_OF_MONTH),
    parseField(fields[3], MONTHS),
    parseField(fields[4], DAYS_OF_WEEK),
  );
}

/** Why Inngest would reject this cron trigger at sync (one line), or null. */
export function validateCron(source: unknown): string | null {
  if (typeof source === "string" && source.length > 255) return "cron is too long. maximum length is 255 characters";
  try {
    parseCron(source as string);
    return null;
  } catch (err) {
    return `"${String(source)}" isn't a valid cron schedule: ${(err as Error).message}`;
  }
}

/** The first time `source` fires strictly after `after` (epoch ms). */
export function nextCronTime(source: string, after: number): number | null {
  return parseCron(source).next(after);
}

export const SCHEDULED_TIMER_EVENT = "inngest/scheduled.timer";

export interface ScheduledTimerEvent {
  id: string;
  name: typeof SCHEDULED_TIMER_EVENT;
  data: { cron: string; scheduledAt: string; fireAt: string };
  ts: number;
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * The event Inngest sends a cron run (pkg/execution/executor/service.go handleCron): its id is the
 * scheduled time in RFC 3339 (seconds, UTC) and doubles as the idempotency key; `ts` is when it
 * fires (the scheduled time plus any jitter), in epoch ms.
 */
export function scheduledTimerEvent(cron: string, scheduledAt: number, fireAt: number = scheduledAt): ScheduledTimerEvent {
  return {
    id: rfc3339(scheduledAt),
    name: SCHEDULED_TIMER_EVENT,
    data: { cron, scheduledAt: rfc3339(scheduledAt), fireAt: rfc3339(fireAt) },
    ts: fireAt,
  };
}
