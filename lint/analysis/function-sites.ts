// The plain-object reading of an analysed file's Inngest functions and step call sites (see
// lint/inngest-functions.ts for the entry point and its shape).
import { Node, type SourceFile } from "ts-morph";
import type { Position } from "../diagnostic";
import type { FileAnalysis } from "./file-analysis";
import { idExpressionOf, staticStepId } from "./step-ids";
import type { StepCall } from "./step-tools";
import { unwrap } from "./syntax";

export interface StepCallSite {
  /** The step tool, as a path below `step`: `run`, `sleep`, `sendEvent`, `waitForEvent`, `invoke`, `ai.infer`, `fetch`… */
  tool: string;
  /** The ID as written: `fast.1` for a literal (or a `const`), `process-${i}` for a template, the expression's text otherwise; null for a tool without an ID (`fetch`). */
  idText: string | null;
  idKind: "literal" | "template" | "dynamic" | "none";
  /** Matches every ID a run reports for this call site (the SDK's `:n` repeat suffix included); null when the ID is not known statically. */
  idPattern: RegExp | null;
  /** 1-based position of the tool's name (`run` in `step.run`, `infer` in `step.ai.infer`). */
  line: number;
  column: number;
  /** The ID of the function whose handler the call is written in; null in a helper outside any handler. */
  functionId: string | null;
  /** The IDs of the functions whose runs reach this call (through the helpers they call). */
  reachedFrom: string[];
}

export interface InngestFunctionSite {
  /** The `id` of `createFunction`'s config when it is a literal, else null. */
  id: string | null;
  /** Event names of its triggers that are literals (crons are left out). */
  triggerEvents: string[];
  /** 1-based position of `createFunction` in `inngest.createFunction(…)`. */
  createFunction: Position;
  /** 1-based position where the handler starts. */
  handler: Position;
  /** The step call sites a run of this function reaches, in the order the handler reaches them. */
  stepCalls: StepCallSite[];
}

export interface InngestFunctionsReading {
  functions: InngestFunctionSite[];
  /** Every step call site in the file, in document order. */
  stepCalls: StepCallSite[];
}

/** The reading of an analysed file (the engine's `readFunctions` calls this). */
export function readFunctionsOf(analysis: FileAnalysis): InngestFunctionsReading {
  const sourceFile = analysis.sourceFile;
  const reachedFrom = new Map<StepCall, string[]>();
  const perFunction = analysis.functions.map((fn) => {
    const reached = analysis.reachedStepCalls(fn.handler);
    for (const { stepCall } of reached) {
      const ids = reachedFrom.get(stepCall) ?? [];
      if (fn.id !== undefined && !ids.includes(fn.id)) ids.push(fn.id);
      reachedFrom.set(stepCall, ids);
    }
    return { fn, reached };
  });
  const sites = new Map<StepCall, StepCallSite>();
  for (const stepCall of analysis.stepCalls) {
    sites.set(stepCall, describeSite(sourceFile, analysis, stepCall, reachedFrom.get(stepCall) ?? []));
  }
  const functions = perFunction.map(({ fn, reached }) => {
    const callee = unwrap(fn.createCall.getExpression());
    const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
    const ordered = reached.map((r, i) => ({ ...r, i })).sort((a, b) => (a.via ?? a.stepCall.call).getPos() - (b.via ?? b.stepCall.call).getPos() || a.i - b.i);
    const seen = new Set<StepCall>();
    const stepCalls: StepCallSite[] = [];
    for (const { stepCall } of ordered) {
      if (seen.has(stepCall)) continue;
      seen.add(stepCall);
      stepCalls.push(sites.get(stepCall)!);
    }
    return {
      id: fn.id ?? null,
      triggerEvents: fn.triggerEvents,
      createFunction: positionOf(sourceFile, nameNode.getStart()),
      handler: positionOf(sourceFile, fn.handler.getStart()),
      stepCalls,
    };
  });
  return { functions, stepCalls: [...sites.values()] };
}

function describeSite(sourceFile: SourceFile, analysis: FileAnalysis, stepCall: StepCall, reachedFrom: string[]): StepCallSite {
  const callee = unwrap(stepCall.call.getExpression());
  const toolName = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
  const owner = analysis.functionContaining(stepCall.call);
  return {
    tool: stepCall.tool,
    ...stepIdOf(stepCall),
    ...positionOf(sourceFile, toolName.getStart()),
    functionId: owner?.id ?? null,
    reachedFrom,
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function stepIdOf(stepCall: StepCall): Pick<StepCallSite, "idText" | "idKind" | "idPattern"> {
  if (!stepCall.idArgument) return { idText: null, idKind: "none", idPattern: null };
  const literal = staticStepId(stepCall.idArgument);
  if (literal !== undefined) return { idText: literal, idKind: "literal", idPattern: new RegExp(`^${escapeRegExp(literal)}(:\\d+)?$`) };
  const expression = idExpressionOf(stepCall.idArgument);
  const node = expression ? unwrap(expression) : undefined;
  if (node && Node.isTemplateExpression(node)) {
    const parts = [escapeRegExp(node.getHead().getLiteralText()), ...node.getTemplateSpans().map((span) => `.+?${escapeRegExp(span.getLiteral().getLiteralText())}`)];
    return { idText: node.getText().slice(1, -1), idKind: "template", idPattern: new RegExp(`^${parts.join("")}(:\\d+)?$`) };
  }
  return { idText: (node ?? stepCall.idArgument).getText(), idKind: "dynamic", idPattern: null };
}

function positionOf(sourceFile: SourceFile, offset: number): Position {
  const { line, character } = sourceFile.compilerNode.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}
