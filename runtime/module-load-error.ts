// Why a user's module did not load, as one line that names the file (and the TypeScript line,
// mapped from the compiled one) and what to do — never a stack trace.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import type { StackMapper } from "./stack-mapper";
import { CompileError, TopLevelAwaitError } from "./typescript-compile";

export class ModuleLoadError extends Error {
  override name = "ModuleLoadError";
}

interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  code?: string;
  requireStack?: string[];
}

const FRAME_LOCATION = /^\s*at (?:.+ \()?((?:file:\/\/)?[^()]+?):(\d+):(\d+)\)?\s*$/;

/** One line for whatever loading `modulePath` threw. */
export function describeLoadFailure(thrown: unknown, modulePath: string, mapper?: StackMapper): string {
  if (thrown instanceof ModuleLoadError || thrown instanceof CompileError) return thrown.message;
  if (thrown instanceof TopLevelAwaitError) {
    return `${thrown.message} in a file that a JavaScript (CommonJS) file requires — require cannot wait; make the importing file TypeScript or ESM, or move the await into a function`;
  }
  if (!isErrorLike(thrown)) {
    const value = typeof thrown === "string" ? JSON.stringify(thrown) : inspect(thrown, { breakLength: Infinity, depth: 2 });
    const kind = thrown === null ? "null" : Array.isArray(thrown) ? "an array" : `a${/^[aeiou]/.test(typeof thrown) ? "n" : ""} ${typeof thrown}`;
    return `${modulePath} threw ${kind}, not an Error, while loading: ${value.slice(0, 300)} — it carries no line; throw new Error(...) to see where`;
  }
  const error = thrown as ErrorLike;
  const stack = mapper && error.stack ? mapper.mapStack(error.stack) : (error.stack ?? "");
  const message = firstLine(error.message ?? "");
  // esbuild's compile errors cross the ESM loader thread as plain errors with the same name.
  if (error.name === "CompileError") return message;
  if (error.code === "MODULE_NOT_FOUND" && error.requireStack?.length) return describeMissingImport(error, stack);
  if (error.code === "ERR_MODULE_NOT_FOUND") return describeMissingEsmImport(message) ?? `${modulePath}: ${message}`;
  // V8's parse errors start their stack with "file:line"; a SyntaxError thrown while running
  // (JSON.parse of a missing setting) has frames like any error.
  const parsedAt = error.name === "SyntaxError" ? (error.stack ?? "").match(/^(.+:\d+)\n/)?.[1] : undefined;
  if (parsedAt) return `${parsedAt}: SyntaxError: ${message}`;
  const frame = firstUserFrame(stack);
  const at = frame ? ` (at ${path.relative(path.dirname(modulePath), frame.file) || path.basename(frame.file)}:${frame.line}:${frame.column})` : "";
  const name = error.name && error.name !== "Error" ? `${error.name}: ` : "";
  return `${modulePath} threw while loading: ${name}${message}${at}`;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return !!value && typeof value === "object" && typeof (value as ErrorLike).message === "string" && typeof (value as ErrorLike).stack === "string";
}

const firstLine = (text: string) => text.split("\n")[0].trim();

/** The first frame in the user's own code (not Node's, not node_modules), mapped to TypeScript. */
function firstUserFrame(stack: string, inFile?: string): { file: string; line: number; column: number } | null {
  for (const line of stack.split("\n")) {
    const match = FRAME_LOCATION.exec(line);
    if (!match) continue;
    const file = match[1].startsWith("file://") ? fileURLToPath(match[1]) : match[1];
    if (!path.isAbsolute(file) || file.split(/[\\/]/).includes("node_modules")) continue;
    if (inFile && file !== inFile) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return null;
}

/** `import "zod"` that is not installed, or `import "./missing"`, from a CommonJS-loaded file. */
function describeMissingImport(error: ErrorLike, stack: string): string {
  const specifier = error.message?.match(/Cannot find module '([^']+)'/)?.[1] ?? "?";
  const importer = error.requireStack![0];
  const frame = firstUserFrame(stack, importer);
  const where = frame ? `${importer}:${frame.line}:${frame.column}` : importer;
  return `${where}: ${missingTarget(specifier, importer)}`;
}

/** Node's ESM message: `Cannot find package 'zod' imported from /abs/a.ts` (or `module '/abs/b'`). */
function describeMissingEsmImport(message: string): string | null {
  const match = message.match(/^Cannot find (?:package|module) '([^']+)' imported from (.+)$/);
  if (!match) return null;
  const [, target, importer] = match;
  const line = lineImporting(importer, path.isAbsolute(target) ? path.basename(target) : target);
  return `${importer}${line ? `:${line}` : ""}: ${missingTarget(target, importer)}`;
}

function missingTarget(specifier: string, importer: string): string {
  if (/^\.{0,2}\//.test(specifier) || path.isAbsolute(specifier)) {
    return `cannot find "${specifier}" (no file ${path.resolve(path.dirname(importer), specifier)} with a .ts, .tsx, .js or .json extension, nor a folder with an index file)`;
  }
  const pkg = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
  return `cannot find package "${pkg}" — it is not installed in any node_modules folder from ${path.dirname(importer)} up (npm install ${pkg})`;
}

/** The line of the importer that names the specifier, for ESM, whose errors carry no frame. */
function lineImporting(importer: string, specifier: string): number | null {
  try {
    const lines = readFileSync(importer, "utf8").split("\n");
    const index = lines.findIndex((l) => l.includes(`"${specifier}`) || l.includes(`'${specifier}`) || l.includes(`/${specifier}`));
    return index === -1 ? null : index + 1;
  } catch {
    return null;
  }
}
