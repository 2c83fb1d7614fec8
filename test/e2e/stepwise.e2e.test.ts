// Stepwise in real VS Code (code-server 1.139 + Chromium): install the built .vsix, F5 the seed's
// fast/slow function with no launch.json, see both branch threads paused and the memoized state
// after continuing one (also in a branch looked at before), fix an unawaited step from the
// Problems panel, open the timeline.
// Screenshots and logs are kept in test-results/e2e/stepwise/.
//
//   npm run test:e2e     (builds the .vsix first; installs code-server once, cached)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { launchVSCode, type CallStackRow, type VSCodeDriver } from "./vscode-driver";

const repoRoot = path.resolve(__dirname, "..", "..");
const artefacts = path.join(repoRoot, "test-results", "e2e", "stepwise");

const FAST_SLOW = `import { Inngest } from "inngest";

const inngest = new Inngest({ id: "e2e-app" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const fastSlow = inngest.createFunction(
  { id: "fast-slow", triggers: [{ event: "demo/fast-slow" }] },
  async ({ step }) => {
    await Promise.all([
      (async () => {
        await step.run("fast.1", async () => "fast one");
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
`;

const THREE_BRANCHES = `import { Inngest } from "inngest";

const inngest = new Inngest({ id: "e2e-three" });

export const threeBranches = inngest.createFunction(
  { id: "three-branches", triggers: [{ event: "demo/three" }] },
  async ({ step }) => {
    await Promise.all([step.run("a", async () => "A"), step.run("b", async () => "B"), step.run("c", async () => "C")]);
    return "done";
  },
);
`;

const UNAWAITED = `import { Inngest } from "inngest";

const inngest = new Inngest({ id: "e2e-lint" });

export const sendWelcome = inngest.createFunction(
  { id: "send-welcome", triggers: [{ event: "user/created" }] },
  async ({ event, step }) => {
    step.run("send-email", async () => \`welcome \${event.data.email}\`);
    return "sent";
  },
);
`;

function makeWorkspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-e2e-ws-"));
  mkdirSync(path.join(dir, "src"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "e2e-workspace", private: true }));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true } }));
  writeFileSync(path.join(dir, "src", "fast-slow.ts"), FAST_SLOW);
  writeFileSync(path.join(dir, "src", "unawaited.ts"), UNAWAITED);
  writeFileSync(path.join(dir, "src", "three-branches.ts"), THREE_BRANCHES);
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

let vscode: VSCodeDriver;

before(async () => {
  const vsix = readdirSync(repoRoot).filter((f) => /^stepwise-.*\.vsix$/.test(f));
  assert.equal(vsix.length, 1, "build the .vsix first: npm run package");
  vscode = await launchVSCode({ workspace: makeWorkspace(), artefactsDir: artefacts, vsix: path.join(repoRoot, vsix[0]), timeoutMs: 45_000, viewport: { width: 1600, height: 1500 } });
});

after(async () => {
  await vscode?.close();
});

/** F5 with no launch.json, up to the stop on entry (before the first call). */
async function startDebuggingWithF5(): Promise<void> {
  await vscode.pressF5({ waitForSession: false });
  // VS Code may first ask which debugger (Stepwise is the suggested one).
  const picker = vscode.page.locator(".quick-input-widget", { hasText: "Stepwise (Inngest)" });
  const asked = await vscode.waitFor("a session or the debugger picker", async () => (await picker.isVisible().catch(() => false)) || (await vscode.isDebugging()), (v) => v);
  if (asked && (await picker.isVisible().catch(() => false))) await vscode.chooseQuickPick(/Stepwise/);
  await vscode.waitForDebugging(true);
  await vscode.waitForCallStack((rows) => rows.some((r) => /discovery/i.test(r.label)));
}

const hasThread = (rows: CallStackRow[], stepId: string) => rows.some((r) => r.kind === "thread" && r.label === stepId);

/** Focuses a paused branch, continues it, and waits until its step has ended while `other` stays paused. */
async function runBranch(stepId: string, other: string): Promise<void> {
  await vscode.selectCallStackRow(stepId);
  await vscode.pressF5({ waitForSession: false });
  await vscode.waitForCallStack((rows) => !hasThread(rows, stepId) && hasThread(rows, other));
}

/** Focuses a branch (its thread's top frame) and waits until the Variables view shows its step. */
async function lookAtBranch(stepId: string): Promise<void> {
  await vscode.selectCallStackRow(stepId);
  await vscode.waitForVariables((v) => v.some((x) => x.name === "id" && x.value === `"${stepId}"`), "Step");
}

test("F5 with no launch.json pauses both parallel branches as threads, and continuing one shows its memoized result in the other", async () => {
  await vscode.openFile("src/fast-slow.ts");
  // Stepwise activates on demand: opening a TypeScript file is what starts it (onLanguage).
  await vscode.waitForExtensionActivated("stepwise.stepwise");
  await vscode.screenshot("01-file-open");
  await startDebuggingWithF5();
  await vscode.screenshot("02-stopped-on-entry");
  await vscode.pressF5({ waitForSession: false });
  const rows = await vscode.waitForCallStack((r) => hasThread(r, "fast.1") && hasThread(r, "slow.1"));
  assert.ok(rows.some((r) => r.label === "fast.1") && rows.some((r) => r.label === "slow.1"));
  await vscode.screenshot("03-both-branches-paused");

  // Looking at slow.1 first: VS Code caches its scopes, with nothing memoized yet.
  await lookAtBranch("slow.1");
  assert.deepEqual(await vscode.variables("Memoized state"), []);

  await runBranch("fast.1", "slow.1");
  // Back on slow.1 (the Variables view follows the focused frame 400 ms later, and must show
  // slow.1's step before its state is read), fast.1's result shows, not the Memoized state VS Code
  // had cached for slow.1.
  await lookAtBranch("slow.1");
  const memoized = await vscode.waitForVariables((v) => v.some((x) => x.kind === "variable" && x.name === "fast.1"), "Memoized state");
  assert.ok(!memoized.some((x) => x.kind === "variable" && x.name === "slow.1"), "slow.1 has not run yet");
  await vscode.screenshot("04-memoized-state-after-fast-1");
  await vscode.stopDebugging();
});

test("an unawaited step is in the Problems panel and its quick fix adds the await", async () => {
  await vscode.openFile("src/unawaited.ts");
  const problems = await vscode.waitForProblems((rows) => rows.some((r) => r.kind === "marker" && r.code.includes("unawaited-step")));
  assert.ok(problems.some((r) => r.kind === "marker" && r.line === 8));
  await vscode.screenshot("05-problems");
  const offered = await vscode.quickFix(/await/i, { line: 8, column: 5 });
  assert.ok(offered.some((t) => /await/i.test(t)), `offered: ${offered.join(", ")}`);
  await vscode.waitFor("the fixed text", () => vscode.editorText(), (text) => text.includes('await step.run("send-email"'));
  await vscode.waitForProblems((rows) => !rows.some((r) => r.kind === "marker" && r.code.includes("unawaited-step")));
  await vscode.screenshot("06-fixed");
});

test("the timeline shows the recorded run with a lane per branch", async () => {
  await vscode.runCommand("Stepwise: Open Timeline");
  const frame = vscode.webview();
  await frame.locator(".bar[data-step='fast.1']").waitFor({ timeout: 30_000 });
  const lanes = await frame.locator(".lane").count();
  assert.ok(lanes >= 2, `${lanes} lanes`);
  await vscode.screenshot("07-timeline");
});

test("a branch looked at before another one ran shows that run's result when it is focused again", async () => {
  await vscode.openFile("src/three-branches.ts");
  await startDebuggingWithF5();
  await vscode.pressF5({ waitForSession: false });
  await vscode.waitForCallStack((r) => ["a", "b", "c"].every((id) => hasThread(r, id)));
  // c, then b: VS Code caches both branches' scopes, nothing memoized.
  await lookAtBranch("c");
  assert.deepEqual(await vscode.variables("Memoized state"), []);
  await lookAtBranch("b");
  assert.deepEqual(await vscode.variables("Memoized state"), []);
  await runBranch("a", "c");
  // When a ended, VS Code focused another branch; c was not it, and shows its cache unless refreshed.
  await lookAtBranch("c");
  const memoized = await vscode.waitForVariables((v) => v.some((x) => x.kind === "variable" && x.name === "a"), "Memoized state");
  assert.deepEqual(memoized.filter((x) => x.kind === "variable").map((x) => x.name), ["a"]);
  await vscode.screenshot("08-branch-c-sees-a");
  await vscode.stopDebugging();
});
