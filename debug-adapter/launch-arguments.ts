// The `stepwise` debugger's launch and attach arguments, checked so that a bad one is refused
// with a message naming it and why. The same names, types and defaults are the extension's
// `configurationAttributes` (package.json). Limits, events and the journal folder are read by
// the runtime's own readers, as the CLI reads them.
import { existsSync, statSync } from "node:fs";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { EventInputError, checkEvent, exampleEvent, readEventFile } from "../runtime/event-input";
import { journalDirFor } from "../runtime/journal-location";
import { resolveLimits } from "../runtime/limits";
import type { InngestEvent, RunLimits } from "../runtime/types";

export interface StepwiseLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The module (TypeScript or JavaScript) that exports the Inngest functions. */
  program?: string;
  /** Instead of program: a running app's serve() endpoint (its INNGEST_DEV points at the executor). */
  url?: string;
  /** The function to run: its ID or `<app>-<fn>`; optional when the app has one function. */
  function?: string;
  /** The trigger event; default: the function's first trigger with empty data. */
  event?: Partial<InngestEvent>;
  /** A JSON file holding the trigger event. */
  eventFile?: string;
  /** Stop before the run's first call (default true). */
  stopOnEntry?: boolean;
  /** Stop each step of a parallel group as its own paused thread (default true). */
  stopOnParallel?: boolean;
  /** Folder where runs are recorded (default `.stepwise/runs` in the program's project). */
  journal?: string;
  /** A recorded run ID (or a unique prefix) to replay. */
  replay?: string;
  /** With replay: start at this position (memoized results) and stop there, e.g. where an explored schedule differs from its recorded run. */
  stopAtPosition?: number;
  /** An interrupted run's ID (or a unique prefix) to go on with, from its journal. */
  resume?: string;
  /** Steps a run may have (default 1000, at most 10000). */
  maxSteps?: number;
  /** Step output a run may store in total, in MB (default 4). */
  maxStateMb?: number;
  /** Run the app host under the inspector and announce it (`stepwise/childSession`). */
  debugUserCode?: boolean;
  /** With `url`: the port of the API the SDK calls back (default 8288, where INNGEST_DEV points). */
  apiPort?: number;
  /** Let the SDK checkpoint the steps it runs inline, as production does; stops come after each checkpoint. */
  checkpointing?: boolean;
}

/** Attach: Stepwise serves the Dev Server; every run an event starts is debugged until you disconnect. */
export interface StepwiseAttachArguments extends DebugProtocol.AttachRequestArguments {
  /** The Dev Server port (API and page; default 8288): your app's INNGEST_DEV points at it. */
  apiPort?: number;
  /** An app to sync at start (as `stepwise dev -u`); apps that register themselves are kept too. */
  url?: string;
  /** A module Stepwise hosts (as `stepwise dev <module>`). */
  program?: string;
  /** Look for apps on the usual local ports, as the Dev Server does (default false). */
  discovery?: boolean;
  stopOnEntry?: boolean;
  stopOnParallel?: boolean;
  journal?: string;
  maxSteps?: number;
  maxStateMb?: number;
  debugUserCode?: boolean;
  checkpointing?: boolean;
}

export class LaunchArgumentError extends Error {
  override name = "LaunchArgumentError";
}

function fail(message: string): never {
  throw new LaunchArgumentError(message);
}

function checkShared(args: StepwiseLaunchArguments | StepwiseAttachArguments, strings: string[], booleans: string[]): void {
  const a = args as Record<string, unknown>;
  for (const name of strings) if (a[name] !== undefined && (typeof a[name] !== "string" || a[name] === "")) fail(`"${name}" must be a non-empty string (got ${JSON.stringify(a[name])})`);
  for (const name of booleans) if (a[name] !== undefined && typeof a[name] !== "boolean") fail(`"${name}" must be true or false (got ${JSON.stringify(a[name])})`);
  if (args.program) {
    if (!existsSync(args.program)) fail(`"program": no such file ${args.program}`);
    if (statSync(args.program).isDirectory()) fail(`"program": ${args.program} is a folder — give the module that exports your Inngest functions`);
  }
  if (args.url !== undefined && !/^https?:\/\/[^/]/.test(args.url)) fail(`"url" must be an http(s) URL such as http://127.0.0.1:3000/api/inngest (got ${JSON.stringify(args.url)})`);
  if (args.apiPort !== undefined && !(Number.isInteger(args.apiPort) && args.apiPort >= 0 && args.apiPort <= 65_535)) fail(`"apiPort" must be a port number (got ${JSON.stringify(args.apiPort)})`);
  launchLimits(args);
}

export function checkLaunchArguments(args: StepwiseLaunchArguments): void {
  checkShared(args, ["program", "url", "function", "eventFile", "journal", "replay", "resume"], ["stopOnEntry", "stopOnParallel", "debugUserCode", "checkpointing"]);
  if (args.replay && args.resume) fail('give either "replay" or "resume", not both');
  if (!args.program && !args.url && !args.replay && !args.resume) fail('"program" is required: the module that exports your Inngest functions (e.g. "${file}") — or "url", the serve() endpoint of an app you started');
  if (args.program && args.url) fail('give either "program" or "url", not both');
  if (args.event !== undefined) {
    try {
      checkEvent(args.event, exampleEvent("app/user.created"));
    } catch (err) {
      fail(`"event" ${(err as Error).message.replace(/^"(\w+)"/, '"event.$1"').replace(/^must/, "must")}`);
    }
  }
  if (args.event && args.eventFile) fail('give either "event" or "eventFile", not both');
  if (args.eventFile && !existsSync(args.eventFile)) fail(`"eventFile": no such file ${args.eventFile}`);
  if (args.replay && (args.event || args.eventFile)) fail('"replay" walks a recorded run with its own event — leave out "event" and "eventFile"');
  if (args.stopAtPosition !== undefined) {
    if (!(Number.isInteger(args.stopAtPosition) && args.stopAtPosition >= 0)) fail(`"stopAtPosition" must be a whole number of at least 0 (got ${JSON.stringify(args.stopAtPosition)})`);
    if (!args.replay) fail('"stopAtPosition" is a position in a replay — give "replay" too');
  }
  if (args.resume && (args.event || args.eventFile)) fail('"resume" goes on with a recorded run and its own event — leave out "event" and "eventFile"');
}

export function checkAttachArguments(args: StepwiseAttachArguments): void {
  checkShared(args, ["program", "url", "journal"], ["stopOnEntry", "stopOnParallel", "debugUserCode", "checkpointing", "discovery"]);
}

/** The limits of `maxSteps` and `maxStateMb`, read as the CLI's `--max-steps` and `--max-state-mb` are. */
export function launchLimits(args: { maxSteps?: number; maxStateMb?: number }): RunLimits {
  try {
    return resolveLimits({ maxSteps: args.maxSteps, maxStateMb: args.maxStateMb });
  } catch (err) {
    return fail(`"${/state/.test((err as Error).message) ? "maxStateMb" : "maxSteps"}" ${(err as Error).message.replace(/^max (steps|state) /, "")}`);
  }
}

/** The event from `event` or `eventFile`, or undefined for the function's default. */
export function launchEvent(args: StepwiseLaunchArguments): Partial<InngestEvent> | undefined {
  if (args.event) return args.event;
  if (!args.eventFile) return undefined;
  try {
    return readEventFile(args.eventFile, exampleEvent("app/user.created"));
  } catch (err) {
    if (err instanceof EventInputError) return fail(`"eventFile": ${args.eventFile.split(/[\\/]/).pop()} ${err.message}`);
    throw err;
  }
}

/** Where runs are recorded: `journal`, else `.stepwise/runs` in the program's project. */
export function journalFor(args: { journal?: string; program?: string }): string {
  return journalDirFor({ journal: args.journal, program: args.program });
}
