// Which steps the user wants to stop at: function breakpoints by step ID or glob (`process-*`),
// and source breakpoints on lines that call a step tool (from lint/step-locator.ts).
import { readFileSync } from "node:fs";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { locateSteps, type LocatedStep } from "../lint/step-locator";

const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}(:\\d+)?$`);

export class StepBreakpoints {
  private functionBreakpoints: Array<{ id: number; pattern: RegExp }> = [];
  private readonly lineBreakpoints = new Map<string, Array<{ id: number; step: LocatedStep }>>();
  private readonly locations = new Map<string, LocatedStep[]>();
  private nextId = 1;

  get any(): boolean {
    return this.functionBreakpoints.length > 0 || [...this.lineBreakpoints.values()].some((l) => l.length > 0);
  }

  setFunctionBreakpoints(names: string[]): DebugProtocol.Breakpoint[] {
    this.functionBreakpoints = names.map((name) => ({ id: this.nextId++, pattern: globToRegExp(name.trim()) }));
    return this.functionBreakpoints.map((b) => ({ id: b.id, verified: true }));
  }

  setLineBreakpoints(file: string, lines: number[]): DebugProtocol.Breakpoint[] {
    this.locations.delete(file);
    const steps = this.stepsIn(file);
    const set: Array<{ id: number; step: LocatedStep }> = [];
    const answer = lines.map((line): DebugProtocol.Breakpoint => {
      const step = steps.find((s) => s.line === line);
      const id = this.nextId++;
      if (!step) {
        return { id, verified: false, line, message: 'No step call on this line: Stepwise stops on steps (step.run, sleep, waitForEvent…). To stop inside a step body, launch with "debugUserCode": true.' };
      }
      set.push({ id, step });
      return { id, verified: true, line, column: step.column, message: `stops before step "${step.idText}"` };
    });
    this.lineBreakpoints.set(file, set);
    return answer;
  }

  /** The breakpoint that stops this step ID, if any. */
  matching(stepId: string): number | undefined {
    const byName = this.functionBreakpoints.find((b) => b.pattern.test(stepId));
    if (byName) return byName.id;
    for (const list of this.lineBreakpoints.values()) {
      const hit = list.find((b) => b.step.pattern.test(stepId));
      if (hit) return hit.id;
    }
    return undefined;
  }

  /** The call sites of a file's steps (cached until the file is set again). */
  stepsIn(file: string): LocatedStep[] {
    let steps = this.locations.get(file);
    if (!steps) {
      try {
        steps = locateSteps(file, readFileSync(file, "utf8"));
      } catch {
        steps = [];
      }
      this.locations.set(file, steps);
    }
    return steps;
  }

  forgetFile(file: string): void {
    this.locations.delete(file);
  }
}
