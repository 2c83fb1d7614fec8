// The `stepwise` debugger's launch arguments, checked so that a bad one is refused with a
// message naming it and why.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { InngestEvent } from "../runtime/types";

export interface StepwiseLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The module that exports the Inngest functions. */
  program?: string;
  /** Instead of program: a running app's serve() endpoint. */
  url?: string;
  function?: string;
  event?: Partial<InngestEvent>;
  eventFile?: string;
  /** Stop before the run's first call (default true). */
  stopOnEntry?: boolean;
  /** Stop each step of a parallel group as its own paused thread (default true). */
  stopOnParallel?: boolean;
  journal?: string;
  /** A recorded run ID to replay. */
  replay?: string;
  maxSteps?: number;
  maxStateMb?: number;
  /** Run the app host under the inspector and announce it (`stepwise/childSession`). */
  debugUserCode?: boolean;
  /** The API port the SDK calls back, for `url` (default 8288). */
  apiPort?: number;
}

export class LaunchArgumentError extends Error {}

export function checkLaunchArguments(args: StepwiseLaunchArguments): void {
  const fail = (message: string) => {
    throw new LaunchArgumentError(message);
  };
  if (!args.program && !args.url) fail('"program" or "url" is required: the module that exports your Inngest functions (e.g. "${file}"), or a running app\'s serve URL');
  if (args.program && args.url) fail('give either "program" or "url", not both');
  if (args.program !== undefined && typeof args.program !== "string") fail('"program" must be a path');
  if (args.program && !existsSync(args.program)) fail(`"program": no such file ${args.program}`);
  if (args.url !== undefined && !/^https?:\/\//.test(String(args.url))) fail(`"url" must be an http(s) URL such as http://127.0.0.1:3000/api/inngest (got ${JSON.stringify(args.url)})`);
  if (args.event !== undefined && (typeof args.event !== "object" || args.event === null || Array.isArray(args.event))) fail('"event" must be an object such as { "name": "app/user.created", "data": {} }');
  if (args.event && args.event.data !== undefined && (typeof args.event.data !== "object" || args.event.data === null)) fail('"event.data" must be an object');
  if (args.event && args.eventFile) fail('give either "event" or "eventFile", not both');
  if (args.eventFile && !existsSync(args.eventFile)) fail(`"eventFile": no such file ${args.eventFile}`);
  if (args.maxSteps !== undefined && !(Number.isInteger(args.maxSteps) && args.maxSteps >= 1 && args.maxSteps <= 10_000)) fail(`"maxSteps" must be a whole number from 1 to 10000 (got ${args.maxSteps})`);
  if (args.maxStateMb !== undefined && !(typeof args.maxStateMb === "number" && args.maxStateMb > 0)) fail(`"maxStateMb" must be a positive number (got ${args.maxStateMb})`);
  for (const flag of ["stopOnEntry", "stopOnParallel", "debugUserCode"] as const) {
    if (args[flag] !== undefined && typeof args[flag] !== "boolean") fail(`"${flag}" must be true or false`);
  }
  if (args.replay !== undefined && (typeof args.replay !== "string" || !args.replay)) fail('"replay" must be a recorded run ID (see the Stepwise Runs view or `stepwise runs`)');
}

/** The event from `event` or `eventFile`, or undefined for the function's default. */
export function launchEvent(args: StepwiseLaunchArguments): Partial<InngestEvent> | undefined {
  if (args.event) return args.event;
  if (!args.eventFile) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(args.eventFile, "utf8"));
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    return parsed;
  } catch (err) {
    throw new LaunchArgumentError(`"eventFile": ${path.basename(args.eventFile)} is not a JSON event object (${(err as Error).message})`);
  }
}
