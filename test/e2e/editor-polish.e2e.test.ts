// The editor in real VS Code (code-server 1.139 + Chromium), as a new user meets it: F5 debugs
// the function under the cursor without asking and remembers it; thirty paused branches go at
// once with Continue All Branches (debug toolbar and Call Stack menu); the timeline keeps each
// branch in its lane whichever ran first and shows paused time apart; with debugUserCode the
// JavaScript child session does not take Stepwise's toolbar, F5 or exception options.
// Screenshots and logs are kept in test-results/e2e/editor-polish/.
//
//   npm run test:e2e     (builds the .vsix first; installs code-server once, cached)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before, test } from "node:test";
import { listRecordedRuns } from "../../runtime/journal";
import { launchVSCode, type CallStackRow, type VSCodeDriver } from "./vscode-driver";

const repoRoot = path.resolve(__dirname, "..", "..");
const artefacts = path.join(repoRoot, "test-results", "e2e", "editor-polish");

const BRANCHES = `import { Inngest } from "inngest";

const inngest = new Inngest({ id: "e2e-branches" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const fastSlow = inngest.createFunction(
  { id: "fast-slow", triggers: [{ event: "demo/fast-slow" }] },
  async ({ step }) => {
    await Promise.all([
      (async () => {
        await step.run("fast.1", async () => {
          console.log("fast.1 says hi");
          return "fast one";
        });
        await step.run("fast.2", async () => "fast two");
      })(),
      (async () => {
        await step.run("slow.1", async () => {
          await sleep(300);
          return "slow one";
        });
        await step.run("slow.2", async () => "slow two");
      })(),
    ]);
    return "done";
  },
);

export const manyBranches = inngest.createFunction(
  { id: "many-branches", triggers: [{ event: "demo/many" }] },
  async ({ step }) => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => step.run(\`branch-\${i}\`, async () => i)));
    return results.length;
  },
);
`;

/** The 1-based line of the first line of BRANCHES that contains `text`. */
const lineOf = (text: string) => BRANCHES.split("\n").findIndex((l) => l.includes(text)) + 1;

let workspace: string;
let vscode: VSCodeDriver;

function makeWorkspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-e2e-polish-"));
  mkdirSync(path.join(dir, "src"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "e2e-polish", private: true }));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true } }));
  writeFileSync(path.join(dir, "src", "branches.ts"), BRANCHES);
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

const journal = () => path.join(workspace, ".stepwise", "runs");
const threads = (rows: CallStackRow[]) => rows.filter((r) => r.kind === "thread");

/**
 * F5 with no launch.json: VS Code may first ask which debugger (Stepwise is offered); Stepwise
 * itself must not ask which function — it fails the test if its function picker shows.
 */
async function f5WithoutAskingForAFunction(): Promise<void> {
  await vscode.pressF5({ waitForSession: false });
  const debuggerPicker = vscode.page.locator(".quick-input-widget", { hasText: "Stepwise (Inngest)" });
  const functionPicker = vscode.page.locator(".quick-input-widget", { hasText: "Which Inngest function" });
  await vscode.waitFor(
    "a session (and no function picker)",
    async () => {
      if (await functionPicker.isVisible().catch(() => false)) throw new Error("Stepwise asked which function to debug");
      if (await debuggerPicker.isVisible().catch(() => false)) await vscode.chooseQuickPick(/Stepwise/);
      return vscode.isDebugging();
    },
    (debugging) => debugging,
  );
}

before(async () => {
  const vsix = readdirSync(repoRoot).filter((f) => /^stepwise-.*\.vsix$/.test(f));
  assert.equal(vsix.length, 1, "build the .vsix first: npm run package");
  workspace = makeWorkspace();
  vscode = await launchVSCode({ workspace, artefactsDir: artefacts, vsix: path.join(repoRoot, vsix[0]), timeoutMs: 45_000, viewport: { width: 1600, height: 1500 } });
});

afterEach(async () => {
  // A failed test must not leave its session for the next one's F5.
  if (vscode && (await vscode.isDebugging())) await vscode.stopDebugging();
});

after(async () => {
  await vscode?.close();
});

test("F5 with the cursor inside a function debugs that one without asking; thirty paused branches go at once with Continue All Branches", async () => {
  await vscode.openFile("src/branches.ts");
  await vscode.waitForExtensionActivated("stepwise.stepwise");
  await vscode.goTo(lineOf("Array.from({ length: 30 }"), 5);
  await f5WithoutAskingForAFunction();
  // One thread so far: VS Code lists its frames without the thread's row.
  await vscode.waitForCallStack((rows) => rows.some((r) => r.label === "many-branches handler"));
  await vscode.screenshot("01-f5-debugs-the-function-under-the-cursor");

  await vscode.pressF5({ waitForSession: false });
  // Many branches of one wave are grouped: named after their wave, in order.
  const paused = await vscode.waitFor("30 paused branches", () => vscode.callStackAll(), (rows) => threads(rows).filter((r) => /branch-\d+$/.test(r.label)).length === 30);
  const names = threads(paused).filter((r) => /branch-\d+$/.test(r.label)).map((r) => r.label);
  assert.deepEqual(names, Array.from({ length: 30 }, (_, i) => `wave 1 · branch-${i}`));
  await vscode.screenshot("02-thirty-branches-paused-grouped-by-wave");

  const menu = await vscode.callStackMenu();
  assert.ok(menu.some((l) => /Continue All Branches/.test(l)), `the Call Stack menu offers it: ${menu.join(" | ")}`);
  await vscode.clickDebugToolbar(/Continue All Branches/);
  await vscode.waitForDebugging(false);
  await vscode.screenshot("03-all-branches-continued-run-done");
  const run = listRecordedRuns(journal()).runs.find((r) => r.functionSlug === "many-branches");
  assert.equal(run?.status, "completed");
  assert.equal(run?.output, 30);
});

test("F5 again with the cursor outside every function debugs the function chosen last in this file", async () => {
  await vscode.openFile("src/branches.ts");
  await vscode.goTo(1, 1);
  await f5WithoutAskingForAFunction();
  await vscode.waitForCallStack((rows) => rows.some((r) => r.label === "many-branches handler"));
  await vscode.screenshot("04-f5-remembers-the-last-choice");
  await vscode.stopDebugging();
});

test("the timeline keeps each branch in its lane after slow.1 ran first, and draws the time paused in the debugger apart", async () => {
  await vscode.openFile("src/branches.ts");
  await vscode.goTo(lineOf('step.run("fast.2"'), 9);
  await f5WithoutAskingForAFunction();
  await vscode.waitForCallStack((rows) => rows.some((r) => r.label === "fast-slow handler"));
  await vscode.pressF5({ waitForSession: false });
  await vscode.waitForCallStack((rows) => ["fast.1", "slow.1"].every((id) => threads(rows).some((r) => r.label === id)));
  await vscode.selectCallStackRow("slow.1");
  // Looking at the paused branch for a moment: that time is drawn apart from the step's own.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await vscode.pressF5({ waitForSession: false });
  // Optimized parallelism: slow.2 is reported once fast.1 is done too.
  await vscode.waitForCallStack((rows) => !threads(rows).some((r) => r.label === "slow.1") && threads(rows).some((r) => r.label === "fast.1"));
  while (await vscode.isDebugging()) {
    await vscode.clickDebugToolbar(/Continue All Branches/).catch(() => undefined);
    await vscode.waitFor("the next stop or the end", async () => (await vscode.isDebugging()) && (await vscode.debugToolbar()).some((l) => /^Continue \(/.test(l)), (stopped) => stopped, 5_000).catch(() => undefined);
  }
  const run = listRecordedRuns(journal()).runs.find((r) => r.functionSlug === "fast-slow");
  assert.deepEqual(run?.stackOrder.slice(0, 1), ["slow.1"], `slow.1 ran first: ${run?.stackOrder.join(", ")}`);

  await vscode.runCommand("Stepwise: Open Timeline");
  const frame = vscode.webview();
  await frame.locator(".bar[data-step='slow.2']").waitFor({ timeout: 30_000 });
  const lane = async (id: string) => Number(await frame.locator(`.lane:has(.bar[data-step='${id}'])`).first().getAttribute("data-lane"));
  assert.equal(await lane("fast.2"), await lane("fast.1"), "fast.2 in fast.1's lane");
  assert.equal(await lane("slow.2"), await lane("slow.1"), "slow.2 in slow.1's lane");
  assert.notEqual(await lane("fast.1"), await lane("slow.1"));
  assert.equal(await frame.locator(".bar.paused[data-step='slow.1'] .held").count(), 1, "slow.1's paused time is drawn apart (hatched)");
  await vscode.screenshot("05-timeline-lanes-and-paused-time");
});

test("with debugUserCode the JavaScript child session does not take the toolbar, F5 or the exception options from Stepwise", async () => {
  mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
  writeFileSync(
    path.join(workspace, ".vscode", "launch.json"),
    JSON.stringify({ version: "0.2.0", configurations: [{ type: "stepwise", request: "launch", name: "fast-slow with step bodies", program: "${workspaceFolder}/src/branches.ts", function: "fast-slow", debugUserCode: true }] }, null, 2),
  );
  await vscode.goTo(1, 1);
  await vscode.pressF5();
  // The JavaScript debugger attaches to the app host as a child of the Stepwise session.
  await vscode.waitForCallStack((rows) => rows.some((r) => r.kind === "session" && /step bodies/.test(r.label)) || rows.some((r) => /step bodies/.test(r.label)));
  const toolbar = await vscode.waitFor("Stepwise's stop in the toolbar", () => vscode.debugToolbar(), (labels) => labels.some((l) => /^Continue \(/.test(l)) && !labels.some((l) => /^Pause \(/.test(l)));
  assert.ok(toolbar.some((l) => /Continue All Branches/.test(l)), `the toolbar is Stepwise's: ${toolbar.join(" | ")}`);
  await vscode.waitFor("Stepwise's exception options in the Breakpoints view", () => vscode.breakpoints(), (rows) => rows.includes("Step error (will retry)") && rows.includes("Step failed for good"));
  await vscode.screenshot("06-debug-user-code-stepwise-keeps-the-focus");

  await vscode.pressF5({ waitForSession: false });
  await vscode.waitForCallStack((rows) => ["fast.1", "slow.1"].every((id) => threads(rows).some((r) => r.label === id)));
  await vscode.screenshot("07-f5-reached-stepwise");

  // A step body's console.log is in the Debug Console once, though both the app host's stdout
  // (Stepwise) and the inspector (the JavaScript child session) carry it.
  await vscode.clickDebugToolbar(/Continue All Branches/);
  await vscode.waitForCallStack((rows) => ["fast.2", "slow.2"].every((id) => threads(rows).some((r) => r.label === id)));
  await vscode.runCommand("Debug Console: Focus on Debug Console View");
  const printed = async () => (await vscode.page.locator(".repl .monaco-list-row").allTextContents()).filter((t) => t.includes("fast.1 says hi")).length;
  await vscode.waitFor("the step's console.log in the Debug Console", printed, (n) => n >= 1);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(await printed(), 1, "the step's console.log is shown once");
  await vscode.screenshot("08-debug-user-code-console-once");
  await vscode.stopDebugging();
});
