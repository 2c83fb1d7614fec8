// Where a program calls its steps and defines its handlers, for stack frames and source
// breakpoints — lint's reading (lint/inngest-functions.ts), which finds step tools by where they
// come from in the SDK (`({ step: s }) => s.run("x")` included), cached per file until it changes.
import { readFileSync, statSync } from "node:fs";
import { readInngestFunctions, type InngestFunctionsReading, type StepCallSite } from "../lint/inngest-functions";

export type { StepCallSite } from "../lint/inngest-functions";

const NOTHING: InngestFunctionsReading = { functions: [], stepCalls: [] };

export class CallSiteMap {
  private readonly files = new Map<string, { mtimeMs: number; size: number; reading: InngestFunctionsReading }>();

  of(file: string): InngestFunctionsReading {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return NOTHING;
    }
    const cached = this.files.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.reading;
    let reading: InngestFunctionsReading;
    try {
      reading = readInngestFunctions(file, readFileSync(file, "utf8"));
    } catch {
      reading = NOTHING;
    }
    this.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, reading });
    return reading;
  }

  /** Where a step with this ID is called: one the function's run reaches first, else a shared helper's. */
  stepSite(file: string, stepId: string, functionId?: string): StepCallSite | undefined {
    const matching = this.of(file).stepCalls.filter((s) => s.idPattern?.test(stepId));
    return matching.find((s) => functionId !== undefined && s.reachedFrom.includes(functionId)) ?? matching.find((s) => s.functionId === null) ?? matching[0];
  }

  /** Where the function's handler starts (the only one in the file, when it has no literal ID). */
  handlerSite(file: string, functionId?: string): { line: number; column: number } | undefined {
    const functions = this.of(file).functions;
    return (functions.find((f) => f.id === functionId) ?? (functions.length === 1 ? functions[0] : undefined))?.handler;
  }
}
