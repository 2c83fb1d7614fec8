// How values look in the Variables view: JSON-like previews, objects and arrays expandable,
// large values truncated with their size.
import type { DebugProtocol } from "@vscode/debugprotocol";

const MAX_STRING = 200;
const MAX_CHILDREN = 500;

export const sizeOf = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? ""));

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** A one-line preview of a value. */
export function preview(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") {
    if (value.length <= MAX_STRING) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, MAX_STRING))}… (${formatBytes(Buffer.byteLength(value))})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})${value.length > 50 ? ` (${formatBytes(sizeOf(value))})` : ""}`;
  if (value && typeof value === "object") {
    const text = JSON.stringify(value);
    return text.length <= 80 ? text : `{…} (${Object.keys(value).length} keys, ${formatBytes(Buffer.byteLength(text))})`;
  }
  return String(value);
}

export const isExpandable = (value: unknown) => !!value && typeof value === "object" && Object.keys(value).length > 0;

/** The children of an object or array, as name/value pairs (bounded). */
export function childrenOf(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.slice(0, MAX_CHILDREN).map((v, i) => [String(i), v]);
  if (value && typeof value === "object") return Object.entries(value).slice(0, MAX_CHILDREN);
  return [];
}

export function variable(name: string, value: unknown, variablesReference: number, evaluateName?: string): DebugProtocol.Variable {
  return {
    name,
    value: preview(value),
    type: value === null ? "null" : Array.isArray(value) ? "array" : typeof value,
    variablesReference,
    evaluateName,
    ...(Array.isArray(value) ? { indexedVariables: value.length } : {}),
  };
}

/** Parses what a user typed in setVariable: JSON, or else the text as a string. */
export function parseEnteredValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
