// How a run's end and counts read in every view (CLI, Debug Console, timeline, Runs view, page).

import type { SerializedError } from "./types";

/** A run's error in words: a cancellation says only why (its name would repeat the status). */
export function runErrorText(error: SerializedError | null | undefined): string {
  if (!error) return "";
  return error.name === "Cancelled" ? error.message : `${error.name}: ${error.message}`;
}

/** `1 step`, `2 steps`, `1,000 steps`. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;
}
