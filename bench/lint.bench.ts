// Lint figures on generated Inngest functions with planted mistakes:
// - file size: one 20,000-line file against the same functions spread over one file each, and a
//   series of single files (2.5k, 5k, 10k, 20k lines) in ms per 1,000 lines — lint time must grow
//   linearly with the size of a file;
// - a project of 200 function files: Stepwise cold lint and warm re-lint of one edited file (goal
//   ≤ 100 ms), beside ESLint with @inngest/eslint-plugin, with typescript-eslint's type-aware
//   no-floating-promises, and with Stepwise's own ESLint plugin, on the same files.
// `node --import tsx bench/lint.bench.ts` runs this part alone (`npm run bench lint` after a build).
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

/** One generated function (with the module-level array one of its mistakes mutates), and its planted mistakes by line. */
function generateFunction(i: number): { lines: string[]; mistakes: Array<Omit<PlantedMistake, "file">> } {
  const lines = [
    `const seen${i}: string[] = [];`,
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
    plant("mutation in step", `      seen${i}.push(user.id);`);
    lines.push(`    });`);
  }
  lines.push(`    return { user, doubled };`, `  },`, `);`, ``);
  return { lines, mistakes };
}

function fileHeader(app: string): string[] {
  return [`import { Inngest } from "inngest";`, `const inngest = new Inngest({ id: "${app}" });`];
}

function generateFunctionFile(i: number): { text: string; mistakes: Array<Omit<PlantedMistake, "file">> } {
  const header = fileHeader(`bench-app-${i}`);
  const { lines, mistakes } = generateFunction(i);
  return { text: [...header, ...lines].join("\n"), mistakes: mistakes.map((m) => ({ ...m, line: m.line + header.length })) };
}

/** Functions 0…n-1 in one file of about `targetLines` lines. */
function generateLargeFile(targetLines: number): { text: string; functions: number; lines: number } {
  const lines = fileHeader("bench-app");
  let functions = 0;
  while (lines.length < targetLines) lines.push(...generateFunction(functions++).lines);
  return { text: lines.join("\n"), functions, lines: lines.length };
}

/** A temporary project (tsconfig.json, node_modules linked to ours) to write generated files into. */
function makeProjectDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  mkdirSync(path.join(dir, "src"));
  symlinkSync(path.resolve(__dirname, "..", "node_modules"), path.join(dir, "node_modules"), "dir");
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node10", ignoreDeprecations: "6.0", strict: true, skipLibCheck: true, esModuleInterop: true, noEmit: true, types: [] }, include: ["src"] }, null, 2),
  );
  return dir;
}

function generateProject(): { dir: string; files: string[]; mistakes: PlantedMistake[] } {
  const dir = makeProjectDir("stepwise-lint-bench-");
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

interface Timing {
  wallMs: number;
  cpuMs: number;
  findings: number;
}

/** Lints `files` with a fresh engine that has already linted one small file (the compiler's lib files and the SDK's types are loaded). */
function timeWarmLint(dir: string, files: string[]): Timing {
  const engine = createLintEngine({ tsconfig: path.join(dir, "tsconfig.json") });
  const warmUp = path.join(dir, "src", "warm-up.ts");
  writeFileSync(warmUp, generateFunctionFile(0).text);
  engine.lintFiles([warmUp]);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const findings = engine.lintFiles(files).length;
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, findings };
}

/** Lint time against file size: one large file against the same functions in one file each, and a series of sizes. */
export function benchLintFileSize(): void {
  const dir = makeProjectDir("stepwise-lint-size-");
  try {
    const large = generateLargeFile(20_000);
    const largeFile = path.join(dir, "src", "large.ts");
    writeFileSync(largeFile, large.text);
    const manyDir = path.join(dir, "src", "many");
    mkdirSync(manyDir);
    const manyFiles: string[] = [];
    for (let i = 0; i < large.functions; i++) {
      const file = path.join(manyDir, `fn-${String(i).padStart(4, "0")}.ts`);
      writeFileSync(file, generateFunctionFile(i).text);
      manyFiles.push(file);
    }
    const one = timeWarmLint(dir, [largeFile]);
    const many = timeWarmLint(dir, manyFiles);
    const row = (label: string, t: Timing) => `  ${label}: ${Math.round(t.wallMs)} ms (${Math.round(t.cpuMs)} ms CPU), ${t.findings} findings`;
    console.log(`lint: ${large.functions} generated functions, ${large.lines.toLocaleString("en-US")} lines, in one file and in ${manyFiles.length} files (warm engine, lib and SDK types loaded)`);
    console.log(row(`one ${large.lines.toLocaleString("en-US")}-line file`, one));
    console.log(row(`${manyFiles.length} files of one function each`, many));
    console.log(`  one file / many files: ${(one.wallMs / many.wallMs).toFixed(2)}× wall, ${(one.cpuMs / many.cpuMs).toFixed(2)}× CPU`);

    console.log("lint: one file of growing size (linear growth keeps ms per 1,000 lines flat)");
    for (const target of [2_500, 5_000, 10_000, 20_000]) {
      const generated = generateLargeFile(target);
      const file = path.join(dir, "src", `size-${target}.ts`);
      writeFileSync(file, generated.text);
      const t = timeWarmLint(dir, [file]);
      const perThousand = (ms: number) => (ms / generated.lines) * 1000;
      console.log(
        `  ${generated.lines.toLocaleString("en-US").padStart(6)} lines: ${String(Math.round(t.wallMs)).padStart(6)} ms (${String(Math.round(t.cpuMs)).padStart(6)} ms CPU), ` +
          `${perThousand(t.wallMs).toFixed(0)} ms per 1,000 lines (${perThousand(t.cpuMs).toFixed(0)} ms CPU), ${t.findings} findings`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  benchLintFileSize();
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
    // ESLint with Stepwise's own plugin (the same engine, behind ESLint).
    const stepwisePlugin = require("../eslint-plugin");
    const withStepwisePlugin = await eslintFigures("eslint + stepwise/eslint-plugin", dir, files, mistakes, [
      { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser as never } },
      stepwisePlugin.configs.recommended,
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
    for (const figures of [stepwise, withStepwisePlugin, withPlugin, typed]) {
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
