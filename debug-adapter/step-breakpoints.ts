// Which steps the user wants to stop before: function breakpoints by step ID or glob
// (`process-*`), and source breakpoints on lines that call a step (call-sites.ts).
import type { DebugProtocol } from "@vscode/debugprotocol";
import { CallSiteMap, type StepCallSite } from "./call-sites";

/** `process-*` → /^process-.*(:\d+)?$/; the `:n` suffix is the SDK's mark for a repeated ID. */
export const globToRegExp = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}(:\\d+)?$`);

const NO_STEP_ON_LINE =
  'No step call on this line: Stepwise stops before steps (step.run, step.sleep, step.waitForEvent…). To stop inside a step body, launch with "debugUserCode": true.';

export class StepBreakpoints {
  readonly callSites = new CallSiteMap();
  private functionBreakpoints: Array<{ id: number; name: string; pattern: RegExp }> = [];
  private readonly lineBreakpoints = new Map<string, Array<{ id: number; site: StepCallSite }>>();
  private nextId = 1;

  /** Whether any step breakpoint is set (then every step must be planned before it runs). */
  get any(): boolean {
    return this.functionBreakpoints.length > 0 || [...this.lineBreakpoints.values()].some((l) => l.length > 0);
  }

  setFunctionBreakpoints(names: string[]): DebugProtocol.Breakpoint[] {
    const answer: DebugProtocol.Breakpoint[] = [];
    this.functionBreakpoints = [];
    for (const raw of names) {
      const name = raw.trim();
      const id = this.nextId++;
      if (!name) {
        answer.push({ id, verified: false, message: "Give a step ID (fast.1) or a glob (process-*)" });
        continue;
      }
      this.functionBreakpoints.push({ id, name, pattern: globToRegExp(name) });
      answer.push({ id, verified: true, message: `stops before every step whose ID matches ${name}` });
    }
    return answer;
  }

  setLineBreakpoints(file: string, lines: number[]): DebugProtocol.Breakpoint[] {
    const sites = this.callSites.of(file).stepCalls.filter((s) => s.idPattern);
    const set: Array<{ id: number; site: StepCallSite }> = [];
    const answer = lines.map((line): DebugProtocol.Breakpoint => {
      const site = sites.find((s) => s.line === line);
      const id = this.nextId++;
      if (!site) return { id, verified: false, line, message: NO_STEP_ON_LINE };
      set.push({ id, site });
      return { id, verified: true, line, column: site.column, message: `stops before step "${site.idText}"` };
    });
    this.lineBreakpoints.set(file, set);
    return answer;
  }

  /** The breakpoint that stops before this step, if any, with the reason a stop on it gives. */
  matching(stepId: string): { id: number; reason: "function breakpoint" | "breakpoint" } | undefined {
    const byName = this.functionBreakpoints.find((b) => b.pattern.test(stepId));
    if (byName) return { id: byName.id, reason: "function breakpoint" };
    for (const list of this.lineBreakpoints.values()) {
      const hit = list.find((b) => b.site.idPattern!.test(stepId));
      if (hit) return { id: hit.id, reason: "breakpoint" };
    }
    return undefined;
  }
}
