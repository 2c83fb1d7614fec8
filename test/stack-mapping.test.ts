import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import * as esbuild from "esbuild";
import { readJournal } from "../runtime/journal";
import type { Orchestrator } from "../runtime/orchestrator";
import { StackMapper } from "../runtime/stack-mapper";
import { keepSourceMap, transformOptions } from "../runtime/typescript-compile";
import type { SerializedError } from "../runtime/types";
import { fixtureApp, runToEnd, startApp, tempDir } from "./support/runtime-harness";
import { positionOf, throwMarker, type SourcePosition } from "./support/throw-markers";

const stackMapperOf = (app: Orchestrator) => app.apps.list()[0].host!.stackMapper;

/** The first error as the SDK sent it (compiled lines), from the journal's recorded answers. */
function rawError(journal: string): SerializedError {
  for (const entry of readJournal(journal)) {
    if (entry.type !== "answer") continue;
    const op = (entry.ops as Array<{ error?: SerializedError }> | undefined)?.find((o) => o.error);
    if (op?.error) return op.error;
    if (entry.status >= 400 && entry.body) return entry.body as SerializedError;
  }
  throw new Error(`no error answer in ${journal}`);
}

/** The file:line:column locations of a stack's frames, in order. */
function frameLocations(stack: string | undefined): string[] {
  return (stack ?? "")
    .split("\n")
    .map((line) => line.match(/^\s*at (?:.+ \()?(.+?:\d+:\d+)\)?$/)?.[1])
    .filter((l): l is string => !!l);
}

const at = (file: string, p: SourcePosition) => `${file}:${p.line}:${p.column}`;

describe("error stacks mapped to TypeScript", { timeout: 120_000 }, () => {
  const fixture = fixtureApp("step-errors.ts");
  let app: Orchestrator;
  let mapper: StackMapper;
  before(async () => {
    app = await startApp("step-errors.ts");
    mapper = stackMapperOf(app);
  });
  after(() => app.close());

  test("a step's error points at the TypeScript line that threw, then at the step callback's call", async () => {
    const { snapshot } = await runToEnd(app, "throws-in-step");
    assert.equal(snapshot.status, "failed");
    const frames = frameLocations(snapshot.error!.stack);
    assert.deepEqual(frames.slice(0, 2), [at(fixture, throwMarker(fixture, "helper")), at(fixture, positionOf(fixture, "checkTotal(order);"))]);
  });

  test("the SDK's own frames (JavaScript in node_modules) keep their positions", async () => {
    const { snapshot, run } = await runToEnd(app, "throws-in-step");
    const original = frameLocations(rawError(run.journal.file).stack);
    const mapped = frameLocations(snapshot.error!.stack);
    const sdkFrames = (frames: string[]) => frames.filter((f) => f.includes(`${path.sep}node_modules${path.sep}inngest${path.sep}`));
    assert.ok(sdkFrames(original).length > 0, `the stack has SDK frames: ${snapshot.error!.stack}`);
    assert.deepEqual(sdkFrames(mapped), sdkFrames(original));
    assert.notDeepEqual(mapped.slice(0, 2), original.slice(0, 2), "the fixture's own frames moved");
  });

  test("an error thrown outside any step (a 500 answer) points at its TypeScript line", async () => {
    const { snapshot } = await runToEnd(app, "throws-outside-step");
    assert.equal(snapshot.status, "failed");
    const frames = frameLocations(snapshot.error!.stack);
    assert.equal(frames[0], at(fixture, throwMarker(fixture, "outside")));
  });

  test("an error's cause is mapped as well as the error", async () => {
    const { snapshot } = await runToEnd(app, "throws-with-cause");
    const mapped = snapshot.error!;
    assert.equal(frameLocations(mapped.stack)[0], at(fixture, throwMarker(fixture, "outer")));
    const cause = mapped.cause as SerializedError;
    assert.equal(cause.message.startsWith("the API answered: "), true);
    assert.equal(frameLocations(cause.stack)[0], at(fixture, throwMarker(fixture, "cause")));
  });

  test("mapping copies the error: the one the SDK sent is left as it was", async () => {
    const { run } = await runToEnd(app, "throws-with-cause");
    const raw = rawError(run.journal.file);
    const before = JSON.stringify(raw);
    const mapped = mapper.mapError(raw);
    assert.equal(JSON.stringify(raw), before);
    assert.deepEqual({ ...mapped, stack: undefined, cause: undefined }, { ...raw, stack: undefined, cause: undefined });
  });
});

describe("error stacks of a module loaded as ESM (top-level await)", { timeout: 120_000 }, () => {
  test("a step's error in an ESM-loaded module points at its TypeScript line (file URL frames)", async () => {
    const app = await startApp("top-level-await/app.ts");
    try {
      const { snapshot } = await runToEnd(app, "fails-in-step");
      assert.equal(snapshot.status, "failed");
      const fixture = fixtureApp("top-level-await/app.ts");
      const frames = frameLocations(snapshot.error!.stack);
      assert.equal(frames[0], at(pathToFileURL(fixture).href, throwMarker(fixture, "esm-step")));
    } finally {
      await app.close();
    }
  });
});

describe("the stack mapper's maps", () => {
  /** Compiles `source` as the host does, keeping its map; returns the compiled position of `text`. */
  function compileAsHost(file: string, source: string, folder: string, text: string): SourcePosition {
    writeFileSync(file, source);
    const code = keepSourceMap(esbuild.transformSync(source, transformOptions(file, "cjs")), file, folder);
    const lines = code.split("\n");
    const index = lines.findIndex((l) => l.includes(text));
    return { line: index + 1, column: lines[index].indexOf(text) + 1 };
  }

  const version = (padding: number, label: string) =>
    `${"// padding\n".repeat(padding)}interface Input { n: number }\nexport function run(input: Input): number {\n  if (input.n < 0) throw new Error("${label}"); // throws: here\n  return input.n;\n}\n`;

  test("a file the host compiles again (edited, reloaded) is mapped with its new map", () => {
    const dir = tempDir("stepwise-maps-");
    const folder = path.join(dir, "maps");
    mkdirSync(folder);
    const file = path.join(dir, "job.ts");
    const mapper = new StackMapper(folder);
    const first = compileAsHost(file, version(0, "v1"), folder, 'new Error("v1")');
    assert.equal(mapper.mapStack(`Error: v1\n    at run (${at(file, first)})`), `Error: v1\n    at run (${at(file, throwMarker(file, "here"))})`);
    const second = compileAsHost(file, version(7, "v2"), folder, 'new Error("v2")');
    assert.equal(mapper.mapStack(`Error: v2\n    at run (${at(file, second)})`), `Error: v2\n    at run (${at(file, throwMarker(file, "here"))})`);
    assert.equal(throwMarker(file, "here").line, 10, "the second version's throw is 7 lines lower");
  });

  test("a file edited after the host compiled it is still mapped with the map the host ran", () => {
    const dir = tempDir("stepwise-maps-");
    const folder = path.join(dir, "maps");
    mkdirSync(folder);
    const file = path.join(dir, "job.ts");
    const compiled = compileAsHost(file, version(2, "ran"), folder, 'new Error("ran")');
    const ran = throwMarker(file, "here");
    writeFileSync(file, version(20, "edited, not reloaded"));
    assert.equal(new StackMapper(folder).mapStack(`    at ${at(file, compiled)}`), `    at ${at(file, ran)}`);
  });

  test("frames in files the host never compiled, and lines that are not frames, stay as they are", () => {
    const mapper = new StackMapper(tempDir("stepwise-maps-"));
    const stack = [
      "TypeError: cannot read properties of undefined (reading 'id') at the 2nd try",
      "    at Object.fn (/project/node_modules/inngest/components/InngestStepTools.cjs:127:37)",
      "    at /project/src/plain.js:3:9",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
      "    at new Promise (<anonymous>)",
    ].join("\n");
    assert.equal(mapper.mapStack(stack), stack);
  });
});
