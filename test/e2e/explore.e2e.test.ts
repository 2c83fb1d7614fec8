// "Explore outcomes" in real VS Code (code-server + Chromium, as stepwise.e2e.test.ts): the CodeLens
// beside "Debug" explores a race, the Stepwise Outcomes view lists both winners, and choosing one
// replays its example in the debugger, stopped where it first differs from the recorded run.
// Screenshots are kept in test-results/e2e/explore/.
//
//   npm run test:e2e
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { launchVSCode, type VSCodeDriver } from "./vscode-driver";

const repoRoot = path.resolve(__dirname, "..", "..");
const artefacts = path.join(repoRoot, "test-results", "e2e", "explore");

const RACE = `import { Inngest } from "inngest";

const inngest = new Inngest({ id: "e2e-explore" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const raceAfterLoad = inngest.createFunction(
  { id: "race-after-load", triggers: [{ event: "demo/race" }] },
  async ({ step }) => {
    const user = await step.run("load", async () => "ada");
    const winner = await Promise.race([
      step.run("fast", async () => "fast"),
      step.run("slow", async () => (await sleep(300), "slow")),
    ]);
    await step.run("greet", async () => \`hi \${user}\`);
    return { winner };
  },
);
`;

function makeWorkspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-e2e-explore-"));
  mkdirSync(path.join(dir, "src"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "e2e-explore", private: true }));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true } }));
  writeFileSync(path.join(dir, "src", "race.ts"), RACE);
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

let vscode: VSCodeDriver;

before(async () => {
  const vsix = readdirSync(repoRoot).filter((f) => /^stepwise-.*\.vsix$/.test(f));
  assert.equal(vsix.length, 1, "build the .vsix first: npm run package");
  vscode = await launchVSCode({ workspace: makeWorkspace(), artefactsDir: artefacts, vsix: path.join(repoRoot, vsix[0]), timeoutMs: 60_000, viewport: { width: 1600, height: 1500 } });
  // Nothing activates the extension before a TypeScript file is open (onLanguage:typescript).
  await vscode.openFile("src/race.ts");
  await vscode.waitForExtensionActivated("stepwise.stepwise");
});

after(async () => {
  await vscode?.close();
});

/** The rows of the Stepwise Outcomes view, as shown. */
async function outcomeRows(): Promise<string[]> {
  const pane = vscode.page.locator(".pane", { has: vscode.page.locator(".pane-header", { hasText: "Stepwise Outcomes" }) }).first();
  return pane.locator(".monaco-list-row .monaco-tl-contents").evaluateAll((els) => els.map((el) => (el.textContent ?? "").replace(/\s+/g, " ").trim()));
}

test("the Explore outcomes CodeLens lists both winners of a race, and an example replays stopped where it differs", async () => {
  await vscode.openFile("src/race.ts");
  const lens = vscode.page.locator(".codelens-decoration a", { hasText: "Explore outcomes" }).first();
  await lens.waitFor({ state: "visible", timeout: 60_000 });
  await vscode.screenshot("01-codelens");
  await lens.click();
  const rows = await vscode.waitFor("both winners in the Stepwise Outcomes view", outcomeRows, (r) => r.some((t) => t.includes('{"winner":"fast"}')) && r.some((t) => t.includes('{"winner":"slow"}')), 120_000);
  assert.equal(rows.filter((t) => /^\d+\. completed → /.test(t)).length, 2, rows.join(" | "));
  await vscode.screenshot("02-outcomes");

  const pane = vscode.page.locator(".pane", { has: vscode.page.locator(".pane-header", { hasText: "Stepwise Outcomes" }) }).first();
  await pane.locator(".monaco-list-row", { hasText: '{"winner":"slow"}' }).first().click();
  await vscode.waitForDebugging(true);
  // The slow winner's example: load, slow, fast, greet — it first differs from the recording at position 1.
  const step = await vscode.waitForVariables((v) => v.some((x) => x.name === "position" && /1 of 4/.test(x.value)), "Step");
  assert.ok(step.some((x) => x.name === "nextRecordedStep" && /slow/.test(x.value)), JSON.stringify(step));
  await vscode.screenshot("03-replay-stopped-where-it-differs");
  await vscode.stopDebugging();
});
