// Reading a stored step result the way the SDK does (PROTOCOL.md §3.3): an object with exactly
// the key `data` or `error` is unwrapped; anything else (a sleep's null, a waitForEvent's raw
// event) is the value itself.
import type { SerializedError, StoredResult } from "./types";

function only(result: StoredResult, key: "data" | "error"): result is Record<typeof key, unknown> {
  return !!result && typeof result === "object" && !Array.isArray(result) && key in result && Object.keys(result).length === 1;
}

/** The error a failed step's result holds, or undefined. */
export function storedError(result: StoredResult): SerializedError | undefined {
  return only(result, "error") ? (result.error as SerializedError) : undefined;
}

/** The value the code receives: a step's data, or the raw value; undefined for a failed step. */
export function storedOutput(result: StoredResult): unknown {
  if (only(result, "data")) return result.data;
  return only(result, "error") ? undefined : result;
}
