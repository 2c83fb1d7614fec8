// Stepwise in real VS Code (code-server 1.139 + Chromium): install the built .vsix, F5 the seed's
// fast/slow function with no launch.json, see both branch threads paused and the memoized state
// after continuing one, fix an unawaited step from the Problems panel, open the timeline.
// Screenshots and logs are kept in test-results/e2e/stepwise/.
//
//   npm run test:e2e     (builds the .vsix first; installs code-server once, cached)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { launchVSCode, type VSCodeDriver } from "./vscode-driver";

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

test("F5 with no launch.json pauses both parallel branches as threads, and continuing one shows its memoized result", async () => {
  await vscode.openFile("src/fast-slow.ts");
  // Stepwise activates on demand: opening a TypeScript file is what starts it (onLanguage).
  await vscode.waitForExtensionActivated("stepwise.stepwise");
  await vscode.screenshot("01-file-open");
  await vscode.pressF5({ waitForSession: false });
  // With no launch.json VS Code may first ask which debugger (Stepwise is the suggested one).
  const picker = vscode.page.locator(".quick-input-widget", { hasText: "Stepwise (Inngest)" });
  const asked = await vscode.waitFor("a session or the debugger picker", async () => (await picker.isVisible().catch(() => false)) || (await vscode.isDebugging()), (v) => v);
  if (asked && (await picker.isVisible().catch(() => false))) await vscode.chooseQuickPick(/Stepwise/);
  await vscode.waitForDebugging(true);
  // Stopped on entry, before the first call; continue to the first discovery.
  await vscode.waitForCallStack((rows) => rows.some((r) => /discovery/i.test(r.label)));
  await vscode.screenshot("02-stopped-on-entry");
  await vscode.pressF5({ waitForSession: false });
  const rows = await vscode.waitForCallStack((r) => ["fast.1", "slow.1"].every((id) => r.some((x) => x.kind === "thread" && x.label === id)));
  assert.ok(rows.some((r) => r.label === "fast.1") && rows.some((r) => r.label === "slow.1"));
  await vscode.screenshot("03-both-branches-paused");

  await vscode.selectCallStackRow("fast.1");
  await vscode.pressF5({ waitForSession: false });
  await vscode.waitForCallStack((r) => !r.some((x) => x.kind === "thread" && x.label === "fast.1") && r.some((x) => x.kind === "thread" && x.label === "slow.1"));
  // Its frame, not its thread row: the Variables view follows the focused frame (400 ms later), and
  // must show slow.1's step before its state is read.
  await vscode.selectCallStackRow('step.run("slow.1")');
  await vscode.waitForVariables((v) => v.some((x) => x.name === "id" && x.value === '"slow.1"'), "Step");
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
