// One reading of a file's Inngest functions and step call sites, for everything that needs to know
// where steps are: the lint rules, and the debugger (stack frames, source breakpoints on a
// `step.run(…)` line). Step calls are found by where the step tools come from in the SDK — the
// handler's context however it is destructured or renamed (`({ step: s }) => s.run("x")`,
// `ctx.step`), parameters typed with the SDK's types, helpers handed them, and the ambient `step`
// imported from "inngest" — never by the name `step` (lint/analysis/step-tools.ts).
//
//   const { functions, stepCalls } = readInngestFunctions("/ws/src/inngest.ts", text);
//   functions[0] → { id: "post-payment-flow", triggerEvents: ["payment/posted"],
//                    createFunction: { line: 9, column: 26 }, handler: { line: 11, column: 3 },
//                    stepCalls: [ …the call sites its handler reaches, its helpers' included… ] }
//   stepCalls[0] → { tool: "run", idText: "process-${i}", idKind: "template",
//                    idPattern: /^process-.+?(:\d+)?$/, line: 14, column: 16,
//                    functionId: "post-payment-flow", reachedFrom: ["post-payment-flow"] }
import path from "node:path";
import type { InngestFunctionsReading } from "./analysis/function-sites";
import { createLintEngine, type LintEngine } from "./engine";

export type { InngestFunctionSite, InngestFunctionsReading, StepCallSite } from "./analysis/function-sites";

export interface ReadOptions {
  /** The tsconfig.json to resolve the file's imports with (the nearest one, usually); default compiler options without. */
  tsconfig?: string;
}

const engines = new Map<string, LintEngine>();

/** Reads a file's Inngest functions and step call sites from its text (saved or not). */
export function readInngestFunctions(fileName: string, text: string, options: ReadOptions = {}): InngestFunctionsReading {
  const key = options.tsconfig ? path.resolve(options.tsconfig) : "";
  let engine = engines.get(key);
  if (!engine) {
    engine = createLintEngine(options.tsconfig ? { tsconfig: options.tsconfig } : {});
    engines.set(key, engine);
  }
  return engine.readFunctions(fileName, text);
}
