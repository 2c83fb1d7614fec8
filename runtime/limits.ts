// The limits a run must keep (DESIGN.md "Limits", PROTOCOL.md §11), with messages that name
// the limit, the step and the way out.
import { storedError, storedOutput } from "./stored-result";
import type { RunLimits, SerializedError, StoredResult } from "./types";

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: RunLimits = {
  maxSteps: 1000,
  maxStepOutputBytes: 4 * MB,
  maxStateBytes: 4 * MB,
};

export const MAX_CONFIGURABLE_STEPS = 10_000;

export function resolveLimits(options: { maxSteps?: number; maxStateMb?: number; maxStepOutputMb?: number } = {}): RunLimits {
  const maxSteps = options.maxSteps ?? DEFAULT_LIMITS.maxSteps;
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > MAX_CONFIGURABLE_STEPS) {
    throw new RangeError(`max steps must be a whole number from 1 to ${MAX_CONFIGURABLE_STEPS.toLocaleString("en-US")} (got ${options.maxSteps})`);
  }
  const stateMb = options.maxStateMb ?? DEFAULT_LIMITS.maxStateBytes / MB;
  if (!(stateMb > 0)) throw new RangeError(`max state must be a positive number of MB (got ${options.maxStateMb})`);
  return {
    maxSteps,
    maxStepOutputBytes: (options.maxStepOutputMb ?? 4) * MB,
    maxStateBytes: Math.round(stateMb * MB),
  };
}

export const formatMb = (bytes: number) => `${(bytes / MB).toFixed(1).replace(/\.0$/, "")} MB`;

export function tooManySteps(count: number, limits: RunLimits, stepId: string): string {
  return `${count.toLocaleString("en-US")} steps (planning "${stepId}"); a run may have at most ${limits.maxSteps.toLocaleString("en-US")} — split the work with step.sendEvent (fan-out) or raise --max-steps (up to ${MAX_CONFIGURABLE_STEPS.toLocaleString("en-US")})`;
}

export function stepOutputTooLarge(stepId: string, bytes: number, limits: RunLimits): string {
  return `step "${stepId}" returned ${formatMb(bytes)}; a step may return at most ${formatMb(limits.maxStepOutputBytes)} (return a reference, e.g. a storage key)`;
}

export function stateTooLarge(stepId: string, bytes: number, limits: RunLimits): string {
  return `step "${stepId}" brings the run's stored step output to ${formatMb(bytes)}; all steps of a run may return at most ${formatMb(limits.maxStateBytes)} together — return smaller outputs (references), fan out with step.sendEvent, or raise --max-state-mb`;
}

export function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}

/**
 * The one byte measure of every limit: what a step returned (its data, its error, or the raw
 * value of a sleep or an awaited event), as JSON — not the `{ data }` wrapper around it.
 */
export function resultBytes(result: StoredResult): number {
  return jsonBytes(storedError(result) ?? storedOutput(result));
}

/** The run failure a new result of `bytes` would cause, or null when it fits. */
export function resultOverLimit(stepId: string, bytes: number, stateBytes: number, limits: RunLimits): SerializedError | null {
  if (bytes > limits.maxStepOutputBytes) return { name: "StepOutputTooLarge", message: stepOutputTooLarge(stepId, bytes, limits) };
  if (stateBytes + bytes > limits.maxStateBytes) return { name: "StateTooLarge", message: stateTooLarge(stepId, stateBytes + bytes, limits) };
  return null;
}

/** The run failure planning step number `count` causes, or null while it is within the limit. */
export function stepCountOverLimit(count: number, stepId: string, limits: RunLimits): SerializedError | null {
  return count > limits.maxSteps ? { name: "StepLimitExceeded", message: tooManySteps(count, limits, stepId) } : null;
}

/** The names of run failures that are a limit, not an error of the code. */
export const LIMIT_ERRORS = new Set(["StepOutputTooLarge", "StateTooLarge", "StepLimitExceeded"]);

/** Where a run's stored output stands against its limit, warning from 80 % on. */
export function stateUsage(stateBytes: number, limits: RunLimits): string {
  const percent = (100 * stateBytes) / limits.maxStateBytes;
  const shown = stateBytes >= MB ? `${(stateBytes / MB).toFixed(1)} MB` : stateBytes >= 1024 ? `${(stateBytes / 1024).toFixed(1)} KB` : `${stateBytes} B`;
  return `${shown} of ${formatMb(limits.maxStateBytes)} (${percent.toFixed(1)}%)${percent >= 80 ? " — close to the limit" : ""}`;
}
