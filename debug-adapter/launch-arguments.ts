// The `stepwise` debugger's launch arguments, checked so that a bad one is refused with a
// message naming it and why. The same names, types and defaults are the extension's
// `configurationAttributes` (package.json).
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { InngestEvent } from "../runtime/types";

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

export class LaunchArgumentError extends Error {
  override name = "LaunchArgumentError";
}

function fail(message: string): never {
  throw new LaunchArgumentError(message);
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

export function checkLaunchArguments(args: StepwiseLaunchArguments): void {
  for (const name of ["program", "url", "function", "eventFile", "journal", "replay", "resume"] as const) {
    if (args[name] !== undefined && (typeof args[name] !== "string" || args[name] === "")) fail(`"${name}" must be a non-empty string (got ${JSON.stringify(args[name])})`);
  }
  for (const name of ["stopOnEntry", "stopOnParallel", "debugUserCode", "checkpointing"] as const) {
    if (args[name] !== undefined && typeof args[name] !== "boolean") fail(`"${name}" must be true or false (got ${JSON.stringify(args[name])})`);
  }
  if (args.replay && args.resume) fail('give either "replay" or "resume", not both');
  if (!args.program && !args.url && !args.replay && !args.resume) fail('"program" is required: the module that exports your Inngest functions (e.g. "${file}") — or "url", the serve() endpoint of an app you started');
  if (args.program && args.url) fail('give either "program" or "url", not both');
  if (args.program) {
    if (!existsSync(args.program)) fail(`"program": no such file ${args.program}`);
    if (statSync(args.program).isDirectory()) fail(`"program": ${args.program} is a folder — give the module that exports your Inngest functions`);
  }
  if (args.url !== undefined && !/^https?:\/\/[^/]/.test(args.url)) fail(`"url" must be an http(s) URL such as http://127.0.0.1:3000/api/inngest (got ${JSON.stringify(args.url)})`);
  if (args.event !== undefined) {
    if (!isObject(args.event)) fail('"event" must be an object such as { "name": "app/user.created", "data": {} }');
    if (args.event.name !== undefined && (typeof args.event.name !== "string" || !args.event.name)) fail('"event.name" must be a non-empty string such as "app/user.created"');
    if (args.event.data !== undefined && !isObject(args.event.data)) fail('"event.data" must be an object');
  }
  if (args.event && args.eventFile) fail('give either "event" or "eventFile", not both');
  if (args.eventFile && !existsSync(args.eventFile)) fail(`"eventFile": no such file ${args.eventFile}`);
  if (args.maxSteps !== undefined && !(Number.isInteger(args.maxSteps) && args.maxSteps >= 1 && args.maxSteps <= 10_000)) fail(`"maxSteps" must be a whole number from 1 to 10000 (got ${JSON.stringify(args.maxSteps)})`);
  if (args.maxStateMb !== undefined && !(typeof args.maxStateMb === "number" && Number.isFinite(args.maxStateMb) && args.maxStateMb > 0)) fail(`"maxStateMb" must be a positive number of MB (got ${JSON.stringify(args.maxStateMb)})`);
  if (args.apiPort !== undefined && !(Number.isInteger(args.apiPort) && args.apiPort >= 0 && args.apiPort <= 65_535)) fail(`"apiPort" must be a port number (got ${JSON.stringify(args.apiPort)})`);
  if (args.replay && (args.event || args.eventFile)) fail('"replay" walks a recorded run with its own event — leave out "event" and "eventFile"');
  if (args.stopAtPosition !== undefined) {
    if (!(Number.isInteger(args.stopAtPosition) && args.stopAtPosition >= 0)) fail(`"stopAtPosition" must be a whole number of at least 0 (got ${JSON.stringify(args.stopAtPosition)})`);
    if (!args.replay) fail('"stopAtPosition" is a position in a replay — give "replay" too');
  }
  if (args.resume && (args.event || args.eventFile)) fail('"resume" goes on with a recorded run and its own event — leave out "event" and "eventFile"');
}

/** The event from `event` or `eventFile`, or undefined for the function's default. */
export function launchEvent(args: StepwiseLaunchArguments): Partial<InngestEvent> | undefined {
  if (args.event) return args.event;
  if (!args.eventFile) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(args.eventFile, "utf8"));
  } catch (err) {
    return fail(`"eventFile": ${path.basename(args.eventFile)} is not JSON (${(err as Error).message})`);
  }
  if (!isObject(parsed)) fail(`"eventFile": ${path.basename(args.eventFile)} must hold one event object such as { "name": "app/user.created", "data": {} }`);
  const event = parsed as Partial<InngestEvent>;
  if (event.data !== undefined && !isObject(event.data)) fail(`"eventFile": the event's "data" must be an object`);
  return event;
}

/** Where runs are recorded when `journal` is not given: `.stepwise/runs` in the program's project (the folder with its package.json). */
export function defaultJournalFor(program: string | undefined): string {
  if (!program) return path.join(process.cwd(), ".stepwise", "runs");
  let dir = path.dirname(path.resolve(program));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return path.join(dir, ".stepwise", "runs");
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(path.dirname(path.resolve(program)), ".stepwise", "runs");
    dir = parent;
  }
}
