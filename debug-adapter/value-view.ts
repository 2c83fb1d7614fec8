// How values look in the Variables view and the Debug Console: JSON-like one-line previews,
// objects and arrays expandable, large values truncated with their size.
const MAX_STRING = 200;
const MAX_PREVIEW = 80;
/** Object keys listed when expanding one object; arrays are paged by the client instead. */
const MAX_KEYS = 500;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** A one-line preview of a value; a long one is cut and followed by its size. */
export function preview(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") {
    if (value.length <= MAX_STRING) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, MAX_STRING))}… (${formatBytes(Buffer.byteLength(value))})`;
  }
  if (value && typeof value === "object") {
    const text = JSON.stringify(value) ?? String(value);
    if (text.length <= MAX_PREVIEW) return text;
    const count = Array.isArray(value) ? `${value.length} items` : `${Object.keys(value).length} keys`;
    return `${text.slice(0, MAX_PREVIEW)}… (${count}, ${formatBytes(Buffer.byteLength(text))})`;
  }
  return String(value);
}

export const isExpandable = (value: unknown) => !!value && typeof value === "object" && Object.keys(value).length > 0;

/** The children of an object or array as name/value pairs: `start`/`count` page an array. */
export function childrenOf(value: unknown, start = 0, count?: number): Array<[string, unknown]> {
  if (Array.isArray(value)) {
    const end = count ? Math.min(value.length, start + count) : value.length;
    const out: Array<[string, unknown]> = [];
    for (let i = start; i < end; i++) out.push([String(i), value[i]]);
    return out;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length <= MAX_KEYS) return entries;
    return [...entries.slice(0, MAX_KEYS), [`(${entries.length - MAX_KEYS} more keys)`, "evaluate a path in the Debug Console to see them"]];
  }
  return [];
}

export function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** Parses what a user typed in setVariable: JSON, or else the text as a string. */
export function parseEnteredValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
