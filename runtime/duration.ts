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
