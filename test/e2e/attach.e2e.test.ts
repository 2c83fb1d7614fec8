// Attach in real VS Code (code-server 1.139 + Chromium): the user's own Express app, started with
// INNGEST_DEV pointing at Stepwise, sends an event from its route; the run stops in the Call
// Stack, its parallel steps are threads, and it completes in the app's own process. The Stepwise
// Output channel says what the runtime did. Screenshots and logs: test-results/e2e/attach/.
//
//   npm run test:e2e     (builds the .vsix first; installs code-server once, cached)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { listRecordedRuns } from "../../runtime/journal";
import { freePort, startProcess, type Started } from "../support/processes";
import { launchVSCode, type CallStackRow, type VSCodeDriver } from "./vscode-driver";

const repoRoot = path.resolve(__dirname, "..", "..");
const artefacts = path.join(repoRoot, "test-results", "e2e", "attach");
const expressApp = path.join(repoRoot, "test-fixtures", "served", "express-app.ts");

let workspace: string;
let vscode: VSCodeDriver;
let app: Started;
let apiPort: number;
let appPort: number;

const threads = (rows: CallStackRow[]) => rows.filter((r) => r.kind === "thread").map((r) => r.label);
const journal = () => path.join(workspace, ".stepwise", "runs");
const completed = (slug: RegExp) => listRecordedRuns(journal()).runs.filter((r) => slug.test(r.functionSlug) && r.status === "completed");

before(async () => {
  const vsix = readdirSync(repoRoot).filter((f) => /^stepwise-.*\.vsix$/.test(f));
  assert.equal(vsix.length, 1, "build the .vsix first: npm run package");
  apiPort = await freePort();
  appPort = await freePort();
  workspace = mkdtempSync(path.join(os.tmpdir(), "stepwise-e2e-attach-"));
  mkdirSync(path.join(workspace, ".vscode"));
  writeFileSync(
    path.join(workspace, ".vscode", "launch.json"),
    JSON.stringify(
      {
        version: "0.2.0",
        configurations: [
          { type: "stepwise", request: "attach", name: "Stepwise: attach to my app", apiPort, url: `http://127.0.0.1:${appPort}/api/inngest`, stopOnEntry: true, journal: "${workspaceFolder}/.stepwise/runs" },
        ],
      },
      null,
      2,
    ),
  );
  app = startProcess(["--import", "tsx", expressApp], { cwd: repoRoot, env: { INNGEST_DEV: `http://127.0.0.1:${apiPort}`, PORT: String(appPort) } });
  await app.waitFor(/listening/);
  vscode = await launchVSCode({ workspace, artefactsDir: artefacts, vsix: path.join(repoRoot, vsix[0]), timeoutMs: 45_000, viewport: { width: 1600, height: 1400 } });
});

after(async () => {
  await vscode?.close();
  app?.child.kill();
});

test("attached to an Express app, the run its route starts stops in the Call Stack, its branches are threads, and it completes in the app's process", async () => {
  // launch.json's only configuration: F5 starts it.
  await vscode.pressF5();
  // One session with one thread (the Dev Server's): VS Code shows it as "Running" until a run stops.
  await vscode.waitForText(".debug-call-stack-title, .pane-header", /Running/);
  await vscode.screenshot("01-attached-waiting-for-runs");

  const sent = (await (await fetch(`http://127.0.0.1:${appPort}/checkout`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: "o-1", total: 5, items: 2 }) })).json()) as { ids: string[] };
  assert.equal(sent.ids.length, 1, "the app sent its event with inngest.send()");
  const atEntry = await vscode.waitForCallStack((rows) => threads(rows).some((t) => /^checkout [0-9A-Z]{6}$/.test(t)));
  const runThread = threads(atEntry).find((t) => /^checkout [0-9A-Z]{6}$/.test(t))!;
  assert.match(atEntry.find((r) => r.label === runThread)!.description, /Paused on entry/i);
  await vscode.screenshot("02-run-stopped-on-entry");

  await vscode.selectCallStackRow(runThread);
  await vscode.pressF5({ waitForSession: false });
  await vscode.waitForCallStack((rows) => ["charge-card", "reserve-stock"].every((id) => threads(rows).includes(id)));
  await vscode.screenshot("03-parallel-steps-are-threads");

  await vscode.selectCallStackRow("charge-card");
  await vscode.clickDebugToolbar(/Continue All Branches/);
  // The checkout fans out to three "pack" runs, each stopping on entry in a thread of its own: Continue on each row.
  await vscode.waitFor(
    "the checkout and its three pack runs to complete",
    async () => {
      const paused = (await vscode.callStack()).find((r) => r.kind === "thread" && /^pack /.test(r.label) && /Paused/i.test(r.description));
      if (paused) await vscode.callStackRowAction(paused.label, /^Continue$/);
      return completed(/checkout$/).length + completed(/pack$/).length;
    },
    (n) => n === 4,
  );
  const [checkout] = completed(/checkout$/);
  assert.equal((checkout.output as { pid: number }).pid, app.child.pid, "the steps ran in the app's own process");
  await vscode.runCommand("Debug Console: Focus on Debug Console View");
  await vscode.waitForText(".repl", new RegExp(`Run ${checkout.runId} of checkout completed → \\{.*"pid":${app.child.pid}`));
  await vscode.screenshot("04-runs-completed-in-the-app");

  const start = await vscode.outputChannel("Stepwise", { top: true });
  assert.match(start, new RegExp(`\\[info\\] app express-shop synced from http://127\\.0\\.0\\.1:${appPort}/api/inngest: 3 functions`));
  assert.match(start, new RegExp(`\\[info\\] run ${checkout.runId} \\(checkout\\) call #1: discovery → 206 in \\d+ ms: StepPlanned charge-card`));
  await vscode.screenshot("05-stepwise-output-channel");
  await vscode.stopDebugging();
});
