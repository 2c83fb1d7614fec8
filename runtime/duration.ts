// Inngest durations ("1s", "500ms", "2h30m", "1d", "1w"), the dates `sleepUntil` sends, and the
// `retry-after` header.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// The SDK sends compact units ("2h30m"); the long names are what `ms` accepts ("1 hour", "30 mins").
const UNIT_MS: Record<string, number> = {
  ms: 1, msec: 1, msecs: 1, millisecond: 1, milliseconds: 1,
  s: SECOND, sec: SECOND, secs: SECOND, second: SECOND, seconds: SECOND,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR,
  d: DAY, day: DAY, days: DAY,
  w: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY,
};

const FORMS = `use milliseconds ("500") or forms like "500ms", "30s", "2h30m", "1d", "1w"`;
const PLAIN_NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const PART = /\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]+)\s*/y;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Milliseconds in a duration such as "1m30s" or "1.5h"; a bare number is milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = String(text).trim();
  const total = PLAIN_NUMBER.test(trimmed) ? Number(trimmed) : sumParts(text, trimmed);
  if (!Number.isFinite(total)) throw new Error(`invalid duration "${text}": it is too long`);
  return Math.round(total);
}

function sumParts(text: string, trimmed: string): number {
  if (trimmed === "") throw new Error(`invalid duration "${text}": it is empty — ${FORMS}`);
  if (trimmed.startsWith("-")) throw new Error(`invalid duration "${text}": durations cannot be negative`);
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const at = PART.lastIndex;
    const part = PART.exec(trimmed);
    if (!part) throw new Error(`invalid duration "${text}": "${trimmed.slice(at)}" is not a number followed by a unit — ${FORMS}`);
    const unit = part[2].toLowerCase();
    if (!Object.hasOwn(UNIT_MS, unit)) throw new Error(`invalid duration "${text}": unknown unit "${part[2]}" — use ms, s, m, h, d or w`);
    total += Number(part[1]) * UNIT_MS[unit];
  }
  return total;
}

/** Epoch milliseconds of an ISO 8601 date or an HTTP date (RFC 9110 IMF-fixdate); null for anything else. */
function parseDate(text: string): number | null {
  if (!ISO_DATE.test(text) && !HTTP_DATE.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}

/** How long a Sleep op waits: its `name` is a duration (`step.sleep`) or an ISO date (`step.sleepUntil`). */
export function sleepTargetMs(opName: string, now: number): number {
  const trimmed = String(opName).trim();
  // The SDK renders a zero duration (`step.sleep(id, 0)`) as an empty name.
  if (trimmed === "") return 0;
  const at = parseDate(trimmed);
  if (at !== null) return Math.max(0, at - now);
  try {
    return parseDuration(trimmed);
  } catch {
    throw new Error(`invalid sleep "${opName}": it is neither a duration ("30s", "2h30m") nor an ISO date ("2030-01-01T00:00:00Z")`);
  }
}

/** Milliseconds to wait from a `retry-after` header: whole seconds or a date; null when it is neither. */
export function parseRetryAfter(headerValue: string, now: number): number | null {
  const trimmed = String(headerValue).trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  const at = parseDate(trimmed);
  return at === null ? null : Math.max(0, at - now);
}

// Go's time.ParseDuration units; str2duration (what Inngest uses for most periods) adds d and w.
const GO_UNIT_MS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: SECOND, m: MINUTE, h: HOUR,
};
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)([a-zµμ]+)/y;

/**
 * Milliseconds in a duration as Inngest's Go parses it: time.ParseDuration ("1h30m", "90s", "0"),
 * or with `days` str2duration, which also reads "d" and "w" ("1w2d"). A bare number other than 0
 * has no unit and is rejected, as Go rejects it. Throws an Error whose message says why.
 */
export function parseGoDuration(text: string, { days = true }: { days?: boolean } = {}): number {
  const source = String(text);
  let rest = source;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") throw new Error(`invalid duration "${source}"`);
  const units = days ? { ...GO_UNIT_MS, d: DAY, w: 7 * DAY } : GO_UNIT_MS;
  let total = 0;
  GO_PART.lastIndex = 0;
  while (GO_PART.lastIndex < rest.length) {
    const at = GO_PART.lastIndex;
    const part = GO_PART.exec(rest);
    if (!part) {
      const missingUnit = /^[\d.]+$/.test(rest.slice(at));
      throw new Error(missingUnit ? `missing unit in duration "${source}"` : `invalid duration "${source}"`);
    }
    if (!Object.hasOwn(units, part[2])) throw new Error(`unknown unit "${part[2]}" in duration "${source}"`);
    total += Number(part[1]) * units[part[2]];
  }
  return sign * total;
}

/** A duration in the shortest of Inngest's own spellings: 1s, 90s → 1m30s, 604800000 → 7d. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < SECOND) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [["d", DAY], ["h", HOUR], ["m", MINUTE], ["s", SECOND]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join("");
}
