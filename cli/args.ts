// Command lines through Node's own util.parseArgs: `--` ends options, -h/--help and -v/--version
// work on every command, and every mistake becomes one line naming the option.
import { parseArgs } from "node:util";
import { StepwiseInputError } from "../runtime/errors";

export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

export interface CommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** `-h`/`--help` or `-v`/`--version` on a command line: print `text` on stdout and exit 0. */
export class PrintAndExit {
  constructor(readonly text: string) {}
}

const COMMON: OptionSpec = { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" } };

export function parseCommandLine(argv: string[], options: OptionSpec, command: string, help: string): CommandLine {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(argv, options), options: { ...options, ...COMMON }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new StepwiseInputError(`${describeParseError(err as NodeJS.ErrnoException, options)} (see stepwise ${command} --help)`);
  }
  const { help: wantsHelp, version: wantsVersion, ...values } = parsed.values as CommandLine["values"];
  if (wantsHelp) throw new PrintAndExit(help);
  if (wantsVersion) throw new PrintAndExit(`${version()}\n`);
  return { values, positionals: parsed.positionals };
}

/**
 * `--max-steps -1`: util.parseArgs reads "-1" as an option, so the user would hear that the option
 * needs a value. A negative number after an option that takes one is its value (and the option's
 * own check then names what is wrong with it).
 */
function negativeValuesJoined(argv: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([^=]+)$/.exec(argv[i])?.[1];
    if (name && options[name]?.type === "string" && /^-\d/.test(argv[i + 1] ?? "")) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else out.push(argv[i]);
    if (argv[i] === "--") {
      out.push(...argv.slice(i + 1));
      break;
    }
  }
  return out;
}

/** util.parseArgs's errors are long and name the option in quotes; say it in one short line. */
function describeParseError(err: NodeJS.ErrnoException, options: OptionSpec): string {
  const option = /'(-[^' ]+)/.exec(err.message)?.[1] ?? "";
  const name = option.replace(/^-+/, "");
  const long = option.startsWith("--") ? option : Object.entries(options).find(([, o]) => o.short === name)?.[0];
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return options[(long ?? name).replace(/^-+/, "")]?.type === "boolean" ? `${option} takes no value` : `${option.startsWith("--") ? option : `--${long}`} needs a value`;
    default:
      return err.message.split("\n")[0];
  }
}

export function stringOption(line: CommandLine, name: string): string | undefined {
  const v = line.values[name];
  return typeof v === "string" ? v : undefined;
}

export function listOption(line: CommandLine, name: string): string[] {
  const v = line.values[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

export function flag(line: CommandLine, name: string): boolean {
  return line.values[name] === true;
}

/** A number option; `what` completes "--name must be …", e.g. "a whole number from 1 to 64". */
export function numberOption(line: CommandLine, name: string, check: (n: number) => boolean, what: string): number | undefined {
  const raw = stringOption(line, name);
  if (raw === undefined) return undefined;
  const n = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new StepwiseInputError(`--${name} must be ${what} (got "${raw}")`);
  return n;
}

export const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n < 65536;

/** At most one positional, or one line saying what was extra. */
export function onePositional(line: CommandLine, command: string, what: string): string | undefined {
  if (line.positionals.length > 1) throw new StepwiseInputError(`stepwise ${command} takes one ${what}, got: ${line.positionals.join(" ")}`);
  return line.positionals[0];
}

export function version(): string {
  return (require("../package.json") as { version: string }).version;
}
