// Lint figures on a generated project of 200 Inngest function files with planted mistakes:
// Stepwise cold lint and warm re-lint of one edited file (goal ≤ 100 ms), beside ESLint with
// @inngest/eslint-plugin and with typescript-eslint's type-aware no-floating-promises, on the same files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { createLintEngine } from "../lint/engine";

const FILE_COUNT = 200;
const RELINT_EDITS = 30;

/** A mistake written into a generated file, and the line it is on. */
interface PlantedMistake {
  file: string;
  line: number;
  kind: "floating step" | "step dropped by forEach" | "voided step" | "step never awaited" | "non-deterministic ID" | "floating inngest.send" | "nested step" | "mutation in step";
}

interface ToolFigures {
  tool: string;
  coldMs: number;
  findings: number;
  found: Map<PlantedMistake["kind"], number>;
}

function generateFunctionFile(i: number): { text: string; mistakes: Array<Omit<PlantedMistake, "file">> } {
  const lines = [
    `import { Inngest } from "inngest";`,
    `const inngest = new Inngest({ id: "bench-app-${i}" });`,
    `const seen: string[] = [];`,
    `export const fn${i} = inngest.createFunction(`,
    `  { id: "bench-fn-${i}", triggers: [{ event: "bench/e${i}" }] },`,
    `  async ({ event, step }) => {`,
    `    const user = await step.run("load-user", async () => ({ id: String(event.data.id), email: "a@example.com" }));`,
    `    const items = await step.run("load-items", async () => [1, 2, 3]);`,
    `    const doubled = await Promise.all(items.map((n, idx) => step.run(\`item-\${idx}\`, async () => n * 2)));`,
  ];
  const mistakes: Array<Omit<PlantedMistake, "file">> = [];
  const plant = (kind: PlantedMistake["kind"], line: string) => {
    lines.push(line);
    mistakes.push({ line: lines.length, kind });
  };
  switch (i % 8) {
    case 0: plant("floating step", `    step.run("audit", async () => ({ user: user.id }));`); break;
    case 1: plant("step dropped by forEach", `    items.forEach((n) => step.run(\`log-\${n}\`, async () => n));`); break;
    case 2: plant("voided step", `    void step.sleep("cool-down", "1m");`); break;
    case 3: plant("step never awaited", `    const receipt = step.run("receipt", async () => ({ to: user.email }));`); break;
    default: lines.push(`    await step.run("audit", async () => ({ user: user.id }));`);
  }
  if (i % 5 === 0) plant("non-deterministic ID", `    await step.run(\`notify-\${Date.now()}\`, async () => user.email);`);
  if (i % 10 === 1) plant("floating inngest.send", `    inngest.send({ name: "bench/done", data: { i: ${i} } });`);
  if (i % 10 === 2) {
    lines.push(`    await step.run("outer", async () => {`);
    plant("nested step", `      await step.run("inner", async () => 1);`);
    lines.push(`    });`);
  }
  if (i % 10 === 3) {
    lines.push(`    await step.run("remember", async () => {`);
    plant("mutation in step", `      seen.push(user.id);`);
    lines.push(`    });`);
  }
  lines.push(`    return { user, doubled };`, `  },`, `);`, ``);
  return { text: lines.join("\n"), mistakes };
}

function generateProject(): { dir: string; files: string[]; mistakes: PlantedMistake[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-lint-bench-"));
  mkdirSync(path.join(dir, "src"));
  symlinkSync(path.resolve(__dirname, "..", "node_modules"), path.join(dir, "node_modules"), "dir");
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node10", ignoreDeprecations: "6.0", strict: true, skipLibCheck: true, esModuleInterop: true, noEmit: true, types: [] }, include: ["src"] }, null, 2),
  );
  const files: string[] = [];
  const mistakes: PlantedMistake[] = [];
  for (let i = 0; i < FILE_COUNT; i++) {
    const file = path.join(dir, "src", `fn-${String(i).padStart(3, "0")}.ts`);
    const generated = generateFunctionFile(i);
    writeFileSync(file, generated.text);
    files.push(file);
    mistakes.push(...generated.mistakes.map((m) => ({ ...m, file })));
  }
  return { dir, files, mistakes };
}

/** How many planted mistakes of each kind have a finding on their line. */
function matchPlanted(mistakes: PlantedMistake[], findings: Array<{ file: string; line: number }>): Map<PlantedMistake["kind"], number> {
  const lines = new Set(findings.map((f) => `${path.resolve(f.file)}:${f.line}`));
  const found = new Map<PlantedMistake["kind"], number>();
  for (const m of mistakes) if (lines.has(`${m.file}:${m.line}`)) found.set(m.kind, (found.get(m.kind) ?? 0) + 1);
  return found;
}

async function eslintFigures(tool: string, dir: string, files: string[], mistakes: PlantedMistake[], config: ESLint.Options["overrideConfig"]): Promise<ToolFigures & { eslint: ESLint }> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
  const started = performance.now();
  const results = await eslint.lintFiles(files);
  const coldMs = performance.now() - started;
  const findings = results.flatMap((r) => r.messages.filter((m) => m.ruleId).map((m) => ({ file: r.filePath, line: m.line })));
  return { tool, coldMs, findings: findings.length, found: matchPlanted(mistakes, findings), eslint };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchLint(): Promise<void> {
  const { dir, files, mistakes } = generateProject();
  try {
    console.log(`lint: generated ${files.length} function files with ${mistakes.length} planted mistakes in ${dir}`);

    // Stepwise: cold (project creation + every file), then warm re-lint of one file per edit.
    const coldStarted = performance.now();
    const engine = createLintEngine({ tsconfig: path.join(dir, "tsconfig.json") });
    const diagnostics = engine.lintFiles(files);
    const stepwise: ToolFigures = { tool: "stepwise lint", coldMs: performance.now() - coldStarted, findings: diagnostics.length, found: matchPlanted(mistakes, diagnostics) };

    const edited = files[17];
    const original = readFileSync(edited, "utf8");
    const relintMs: number[] = [];
    for (let edit = 0; edit < RELINT_EDITS; edit++) {
      const text = edit % 2 === 0 ? original.replace(`    return { user, doubled };`, `    step.run("typed-${edit}", async () => ${edit});\n    return { user, doubled };`) : original;
      const started = performance.now();
      engine.lintText(edited, text);
      relintMs.push(performance.now() - started);
    }

    // ESLint with the Inngest plugin (syntax only: it matches the name `step`).
    const inngestPlugin = require("@inngest/eslint-plugin");
    const withPlugin = await eslintFigures("eslint + @inngest/eslint-plugin", dir, files, mistakes, [
      { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser as never }, plugins: { "@inngest": inngestPlugin }, rules: inngestPlugin.configs.recommended.rules },
    ]);

    // ESLint with typescript-eslint's type-aware no-floating-promises.
    const typed = await eslintFigures("eslint + typescript-eslint no-floating-promises (type-aware)", dir, files, mistakes, [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser as never, parserOptions: { projectService: true, tsconfigRootDir: dir } },
        plugins: { "@typescript-eslint": tseslint.plugin as never },
        rules: { "@typescript-eslint/no-floating-promises": "error" },
      },
    ]);
    const typedRelintMs: number[] = [];
    for (let edit = 0; edit < 10; edit++) {
      const started = performance.now();
      await typed.eslint.lintText(original + `\n// edit ${edit}\n`, { filePath: edited });
      typedRelintMs.push(performance.now() - started);
    }

    const kinds = [...new Set(mistakes.map((m) => m.kind))];
    const planted = (kind: PlantedMistake["kind"]) => mistakes.filter((m) => m.kind === kind).length;
    console.log("lint: cold lint of the whole project, and planted mistakes found (a finding on the mistake's line)");
    for (const figures of [stepwise, withPlugin, typed]) {
      const unawaitedKinds = kinds.filter((k) => ["floating step", "step dropped by forEach", "voided step", "step never awaited"].includes(k));
      const unawaitedFound = unawaitedKinds.reduce((sum, k) => sum + (figures.found.get(k) ?? 0), 0);
      const unawaitedPlanted = unawaitedKinds.reduce((sum, k) => sum + planted(k), 0);
      const allFound = [...figures.found.values()].reduce((a, b) => a + b, 0);
      console.log(
        `  ${figures.tool}: ${Math.round(figures.coldMs)} ms cold, ${figures.findings} findings, ` +
          `unawaited steps ${unawaitedFound}/${unawaitedPlanted}, all planted ${allFound}/${mistakes.length} (` +
          kinds.map((k) => `${k} ${figures.found.get(k) ?? 0}/${planted(k)}`).join(", ") +
          ")",
      );
    }
    console.log(
      `lint: stepwise warm re-lint of one edited file: median ${median(relintMs).toFixed(1)} ms, p95 ${percentile(relintMs, 95).toFixed(1)} ms over ${RELINT_EDITS} edits (goal ≤ 100 ms)`,
    );
    console.log(`lint: typescript-eslint no-floating-promises re-lint of one file (lintText, warm): median ${median(typedRelintMs).toFixed(1)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchLint();
