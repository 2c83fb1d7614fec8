import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runToEnd, startApp } from "./support/runtime-harness";

describe("modules with top-level await", { timeout: 120_000 }, () => {
  test("a module that awaits its configuration before creating its functions loads and runs through the real SDK (its own .ts, .js-named and .cts imports too)", async () => {
    const app = await startApp("top-level-await/app.ts");
    try {
      assert.deepEqual(app.functions.map((f) => f.id).sort(), ["tla-app-fails-in-step", "tla-app-greet"]);
      const { snapshot } = await runToEnd(app, "greet", { data: { name: "Ada" } });
      assert.equal(snapshot.status, "completed");
      assert.deepEqual(snapshot.output, { greeting: "hello, Ada!", loads: 1 });
    } finally {
      await app.close();
    }
  });

  test("top-level await in a file the entry imports loads the module as ESM, and the entry's code runs once", async () => {
    const app = await startApp("top-level-await/nested-entry.ts");
    try {
      const { snapshot } = await runToEnd(app, "report");
      assert.equal(snapshot.status, "completed");
      assert.deepEqual(snapshot.output, { region: "eu-west-1", loads: 1 });
    } finally {
      await app.close();
    }
  });
});
