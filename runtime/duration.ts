// Inngest durations: "1s", "500ms", "2h30m", "1d", "1w", and the sleepUntil / retry-after forms.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds in a duration string such as "1m30s"; a bare number is milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (parts.length === 0 || consumed.replace(/\s/g, "") !== trimmed.replace(/\s/g, "")) {
    throw new Error(`"${text}" is not a duration — use forms like "500ms", "30s", "2h30m", "1d"`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]], 0);
}

/** How long a Sleep op waits: its `name` is a duration, or an ISO date for sleepUntil. */
export function sleepTargetMs(opName: string, now: number): number {
  try {
    return parseDuration(opName);
  } catch {
    const at = Date.parse(opName);
    if (Number.isNaN(at)) throw new Error(`"${opName}" is neither a duration nor a date`);
    return Math.max(0, at - now);
  }
}

/** The `retry-after` header: whole seconds or an HTTP/ISO date; null when it is neither. */
export function parseRetryAfter(headerValue: string, now: number): number | null {
  const trimmed = headerValue.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
