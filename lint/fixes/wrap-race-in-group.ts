// Fix: run a `Promise.race/any` over steps inside `group.parallel({ mode: "race" }, …)`, so the
// first step to finish wins even with optimized parallelism.
import type { CallExpression } from "ts-morph";
import type { FileAnalysis } from "../analysis/file-analysis";
import type { FixProposal } from "../rule";
import { contextMember } from "./context-reference";

export function wrapRaceInGroupFix(analysis: FileAnalysis, race: CallExpression): FixProposal | undefined {
  const group = contextMember(analysis, race, "group");
  if (!group) return undefined;
  return {
    title: 'Wrap in group.parallel({ mode: "race" })',
    edits: [...group.edits, { start: race.getStart(), end: race.getEnd(), newText: `${group.text}.parallel({ mode: "race" }, () => ${race.getText()})` }],
  };
}
