// Realistic files with `// expect: <rule>` markers. The dev set (used while building the rules) must
// match exactly; the held-out set (kept out of rule development) and the issue-11 set (one folder of
// files per kind of mistake issue #11 lists, each with and without the mistake) report precision and recall.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectedFindings, LINT_FIXTURES, sharedEngine } from "./support/lint-cases";

interface Scored {
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
}

function score(dir: string): Scored {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f));
  const result: Scored = { truePositives: 0, falsePositives: [], falseNegatives: [] };
  const diagnostics = sharedEngine().lintFiles(files);
  for (const file of files) {
    const expected = new Set(expectedFindings(readFileSync(file, "utf8")).map((e) => `${e.line} ${e.rule}`));
    const found = new Set(diagnostics.filter((d) => d.file === file).map((d) => `${d.line} ${d.rule}`));
    for (const key of found) {
      if (expected.has(key)) result.truePositives++;
      else result.falsePositives.push(`${path.basename(file)}:${key}`);
    }
    for (const key of expected) if (!found.has(key)) result.falseNegatives.push(`${path.basename(file)}:${key}`);
  }
  return result;
}

test("the realistic dev files get exactly the marked findings", () => {
  const { falsePositives, falseNegatives, truePositives } = score(path.join(LINT_FIXTURES, "realistic", "dev"));
  assert.ok(truePositives > 0);
  assert.deepEqual({ falsePositives, falseNegatives }, { falsePositives: [], falseNegatives: [] });
});

function assertPrecisionAndRecall(label: string, dir: string): void {
  const { truePositives, falsePositives, falseNegatives } = score(dir);
  const precision = truePositives / (truePositives + falsePositives.length);
  const recall = truePositives / (truePositives + falseNegatives.length);
  console.log(
    `${label}: precision ${precision.toFixed(3)} (${truePositives}/${truePositives + falsePositives.length}), ` +
      `recall ${recall.toFixed(3)} (${truePositives}/${truePositives + falseNegatives.length})` +
      (falsePositives.length ? `; false positives: ${falsePositives.join(", ")}` : "") +
      (falseNegatives.length ? `; missed: ${falseNegatives.join(", ")}` : ""),
  );
  assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)}`);
  assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)}`);
}

test("held-out realistic files: precision ≥ 0.95 and recall ≥ 0.90", () => {
  assertPrecisionAndRecall("held-out lint cases", path.join(LINT_FIXTURES, "realistic", "holdout"));
});

test("issue-11 realistic files (structures, forEach, ambient step, helper IDs, writes and reads, advisories, void sends): precision ≥ 0.95 and recall ≥ 0.90", () => {
  assertPrecisionAndRecall("issue-11 lint cases", path.join(LINT_FIXTURES, "realistic", "issue-11"));
});
