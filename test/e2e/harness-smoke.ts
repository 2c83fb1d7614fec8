// Proves the e2e harness on a throwaway extension generated here (no Stepwise code involved): a debug type
// with an inline adapter (two threads "fast.1" and "slow.1", a stop, scopes and variables), a diagnostic
// with a quick fix on a .ts file, and a webview that talks back. Packaged with vsce, installed into
// code-server, driven through the UI.
//
//   node --import tsx test/e2e/harness-smoke.ts [ARTEFACTS_DIR]   (default test-results/e2e/harness-smoke)
//
// Not a *.test.ts file on purpose: `npm test` does not run it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchVSCode, type VSCodeDriver } from "./vscode-driver";

const repoRoot = path.resolve(__dirname, "..", "..");

const EXTENSION_JS = String.raw`
const vscode = require("vscode");

// The smallest debug adapter VS Code accepts: DAP messages in, DAP messages out, no dependencies.
class SmokeAdapter {
  constructor() {
    this.emitter = new vscode.EventEmitter();
    this.onDidSendMessage = this.emitter.event;
    this.seq = 1;
    this.program = "";
  }
  send(message) {
    // Answer after handleMessage returns, in order, as an out-of-process adapter would.
    setImmediate(() => this.emitter.fire({ seq: this.seq++, ...message }));
  }
  respond(request, body = {}) {
    this.send({ type: "response", request_seq: request.seq, success: true, command: request.command, body });
  }
  event(event, body = {}) {
    this.send({ type: "event", event, body });
  }
  handleMessage(m) {
    if (m.type !== "request") return;
    const args = m.arguments || {};
    switch (m.command) {
      case "initialize":
        this.respond(m, { supportsConfigurationDoneRequest: true });
        this.event("initialized");
        break;
      case "launch":
        this.program = args.program;
        this.respond(m);
        break;
      case "configurationDone":
        this.respond(m);
        this.event("stopped", { reason: "step", description: "Paused on step", threadId: 1, allThreadsStopped: true });
        break;
      case "threads":
        this.respond(m, { threads: [{ id: 1, name: "fast.1" }, { id: 2, name: "slow.1" }] });
        break;
      case "stackTrace": {
        const t = args.threadId;
        const source = { name: "steps.ts", path: this.program };
        const frames = [
          { id: t * 10 + 1, name: 'step.run("' + (t === 1 ? "fast.1" : "slow.1") + '")', line: t === 1 ? 5 : 6, column: 3, source },
          { id: t * 10 + 2, name: "handler", line: 4, column: 1, source },
        ];
        this.respond(m, { stackFrames: frames, totalFrames: frames.length });
        break;
      }
      case "scopes":
        this.respond(m, { scopes: [{ name: "Step State", variablesReference: 1000 + args.frameId, expensive: false }] });
        break;
      case "variables": {
        const ref = args.variablesReference;
        const variables = ref === 5000
          ? [{ name: "charged", value: "true", variablesReference: 0 }]
          : [
              { name: "orderId", value: '"ord_42"', type: "string", variablesReference: 0 },
              { name: "attempt", value: String(ref % 10), type: "number", variablesReference: 0 },
              { name: "memo", value: "{charged: true}", variablesReference: 5000 },
            ];
        this.respond(m, { variables });
        break;
      }
      case "continue":
        this.respond(m, { allThreadsContinued: true });
        this.event("terminated");
        break;
      default:
        this.respond(m);
    }
  }
  dispose() {}
}

function activate(context) {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory("smoke", {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new SmokeAdapter()),
    }),
  );

  const diagnostics = vscode.languages.createDiagnosticCollection("smoke");
  const lint = (doc) => {
    if (doc.languageId !== "typescript") return;
    const found = [];
    const re = /\boldStepName\b/g;
    const text = doc.getText();
    for (let m; (m = re.exec(text)); ) {
      const range = new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length));
      const d = new vscode.Diagnostic(range, "Step name 'oldStepName' is deprecated, use 'newStepName'", vscode.DiagnosticSeverity.Warning);
      d.source = "smoke";
      d.code = "deprecated-step";
      found.push(d);
    }
    diagnostics.set(doc.uri, found);
  };
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(lint),
    vscode.workspace.onDidChangeTextDocument((e) => lint(e.document)),
    vscode.languages.registerCodeActionsProvider(
      { language: "typescript" },
      {
        provideCodeActions(doc, _range, ctx) {
          return ctx.diagnostics
            .filter((d) => d.source === "smoke")
            .map((d) => {
              const action = new vscode.CodeAction("Rename to newStepName", vscode.CodeActionKind.QuickFix);
              action.diagnostics = [d];
              action.isPreferred = true;
              action.edit = new vscode.WorkspaceEdit();
              action.edit.replace(doc.uri, d.range, "newStepName");
              return action;
            });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.commands.registerCommand("smoke.openWebview", () => {
      const panel = vscode.window.createWebviewPanel("smokeWebview", "Smoke Webview", vscode.ViewColumn.Active, { enableScripts: true });
      panel.webview.onDidReceiveMessage((m) => panel.webview.postMessage("pong after " + m));
      panel.webview.html = '<!DOCTYPE html><html><body>' +
        '<h1 id="greeting">Hello from the smoke webview</h1><button id="ping">Ping</button><p id="reply"></p>' +
        '<script>const api = acquireVsCodeApi();' +
        'document.getElementById("ping").onclick = () => api.postMessage("ping");' +
        'addEventListener("message", (e) => { document.getElementById("reply").textContent = e.data; });</script>' +
        '</body></html>';
    }),
  );
  vscode.workspace.findFiles("**/*.ts", "**/node_modules/**").then(async (uris) => {
    for (const uri of uris) lint(await vscode.workspace.openTextDocument(uri));
  });
}

module.exports = { activate, deactivate() {} };
`;

const EXTENSION_ID = "stepwise-test.stepwise-harness-smoke";
const EXTENSION_MANIFEST = {
  name: "stepwise-harness-smoke",
  displayName: "Stepwise harness smoke",
  description: "Throwaway extension that proves the e2e harness.",
  publisher: "stepwise-test",
  version: "0.0.1",
  license: "MIT",
  engines: { vscode: "^1.90.0" },
  main: "./extension.js",
  activationEvents: ["onStartupFinished", "onDebugResolve:smoke"],
  contributes: {
    debuggers: [
      {
        type: "smoke",
        label: "Smoke Debug",
        configurationAttributes: { launch: { properties: { program: { type: "string" } } } },
      },
    ],
    commands: [{ command: "smoke.openWebview", title: "Open Webview", category: "Smoke" }],
  },
};

const STEPS_TS = `export const oldStepName = "charge-card";

export function handler(): string[] {
  const parallel: string[] = [];
  parallel.push("fast.1");
  parallel.push("slow.1");
  return [...parallel, oldStepName];
}
`;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function buildExtension(dir: string, out: string): void {
  write(path.join(dir, "package.json"), JSON.stringify(EXTENSION_MANIFEST, null, 2));
  write(path.join(dir, "extension.js"), EXTENSION_JS);
  write(path.join(dir, "README.md"), "# Stepwise harness smoke\n\nThrowaway extension for the e2e harness.\n");
  write(path.join(dir, "LICENSE"), "MIT\n");
  const vsce = path.join(repoRoot, "node_modules", ".bin", "vsce");
  const r = spawnSync(vsce, ["package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", out], {
    cwd: dir,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status}): ${r.stderr || r.stdout}`);
}

export function buildWorkspace(dir: string): void {
  write(path.join(dir, "src", "steps.ts"), STEPS_TS);
  write(
    path.join(dir, ".vscode", "launch.json"),
    JSON.stringify(
      { version: "0.2.0", configurations: [{ type: "smoke", request: "launch", name: "Smoke: debug steps", program: "${workspaceFolder}/src/steps.ts" }] },
      null,
      2,
    ),
  );
}

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`  ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function debugStep(vscode: VSCodeDriver): Promise<void> {
  await vscode.pressF5();
  const stack = await vscode.waitForCallStack((rows) => ["fast.1", "slow.1"].every((n) => rows.some((r) => r.kind === "thread" && r.label === n)));
  assert.match(stack.find((r) => r.label === "fast.1")!.description, /Paused on step/i);
  const frames = await vscode.waitForCallStack((rows) => rows.some((r) => r.kind === "frame" && r.label === 'step.run("fast.1")'));
  assert.equal(frames.find((r) => r.label === 'step.run("fast.1")')!.description, "steps.ts 5:3");
  const vars = await vscode.waitForVariables((rows) => rows.some((r) => r.name === "orderId"), "Step State");
  assert.equal(vars.find((r) => r.name === "orderId")!.value, '"ord_42"');
  await vscode.expandVariable("memo");
  await vscode.waitForVariables((rows) => rows.some((r) => r.name === "charged" && r.value === "true" && r.level === 3), "Step State");
  await vscode.screenshot("01-stopped-fast");

  // The other thread: expand it, pick its top frame, see that frame's variables.
  await vscode.expandCallStackRow("slow.1");
  await vscode.waitForCallStack((rows) => rows.some((r) => r.kind === "frame" && r.label === 'step.run("slow.1")'));
  await vscode.selectCallStackRow('step.run("slow.1")');
  await vscode.waitForVariables((rows) => rows.some((r) => r.name === "attempt" && r.value === "1"), "Step State");
  console.log("  call stack:", JSON.stringify((await vscode.callStack()).map((r) => `${r.kind}:${r.label}`)));
  await vscode.screenshot("02-stopped-slow");

  await vscode.stopDebugging();
  await vscode.waitForCallStack((rows) => rows.length === 0);
}

async function problemsStep(vscode: VSCodeDriver): Promise<void> {
  await vscode.waitForExtensionActivated(EXTENSION_ID);
  await vscode.openFile("src/steps.ts");
  const problems = await vscode.waitForProblems((rows) => rows.filter((r) => r.kind === "marker" && r.source === "smoke").length === 2);
  const first = problems.find((r) => r.kind === "marker")!;
  assert.deepEqual(
    { file: first.file, severity: first.severity, code: first.code, line: first.line, column: first.column },
    { file: "src/steps.ts", severity: "warning", code: "deprecated-step", line: 1, column: 14 },
  );
  assert.match(first.message, /oldStepName/);
  await vscode.screenshot("03-problems");

  const offered = await vscode.quickFix("Rename to newStepName", { line: 1, column: 15 });
  console.log("  quick fixes offered:", JSON.stringify(offered));
  const after = await vscode.waitForProblems((rows) => rows.filter((r) => r.kind === "marker" && r.source === "smoke").length === 1);
  assert.equal(after.find((r) => r.kind === "marker")!.line, 7);
  assert.match(await vscode.editorText(), /export const newStepName = "charge-card";/);
  // The built-in TypeScript server reports the now undefined name: an error row, next to ours.
  const ts = await vscode.waitForProblems((rows) => rows.some((r) => r.severity === "error" && r.source === "ts"), 60_000);
  assert.deepEqual(
    ts.filter((r) => r.source === "ts").map((r) => [r.code, r.line, r.message]),
    [["2304", 7, "Cannot find name 'oldStepName'."]],
  );
  await vscode.screenshot("04-quick-fix-applied");
}

async function webviewStep(vscode: VSCodeDriver): Promise<void> {
  await vscode.runCommand("Smoke: Open Webview");
  const view = vscode.webview({ extensionId: EXTENSION_ID });
  await view.locator("#greeting", { hasText: "Hello from the smoke webview" }).waitFor();
  await view.locator("#ping").click();
  await view.locator("#reply", { hasText: "pong after ping" }).waitFor();
  await vscode.screenshot("05-webview");
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const artefactsDir = path.resolve(process.argv[2] ?? path.join(repoRoot, "test-results", "e2e", "harness-smoke"));
  rmSync(artefactsDir, { recursive: true, force: true });
  const work = mkdtempSync(path.join(os.tmpdir(), "stepwise-harness-smoke-"));
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  process.once("exit", removeWork);
  const vsix = path.join(work, "stepwise-harness-smoke.vsix");
  let vscode: VSCodeDriver | undefined;
  try {
    await timed("package extension", async () => buildExtension(path.join(work, "extension"), vsix));
    buildWorkspace(path.join(work, "workspace"));
    vscode = await timed("setup + install + start VS Code", () => launchVSCode({ workspace: path.join(work, "workspace"), artefactsDir, vsix }));
    await vscode.screenshot("00-started");
    await timed("debug: threads, frames, variables", () => debugStep(vscode!));
    await timed("problems + quick fix", () => problemsStep(vscode!));
    await timed("webview", () => webviewStep(vscode!));
  } catch (e) {
    await vscode?.screenshot("failure").catch(() => undefined);
    throw e;
  } finally {
    await vscode?.close();
    removeWork();
  }
  console.log(`harness smoke passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; artefacts in ${artefactsDir}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}
