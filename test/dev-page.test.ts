// The Dev Server's page as a user sees it: `stepwise dev` serves two fixture apps, headless Chromium
// opens http://127.0.0.1:<port>/ and the test clicks through it — apps, the event form, the runs
// list updating live, a run's timeline and journal, rerun, replay, cancel, resend. Screenshots of
// each view go to test-results/dev-page/.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { DEV_PAGE_JOURNAL_SCRIPT } from "../runtime/dev-page-journal";
import type { JournalEntry } from "../runtime/journal";
import { freePort } from "./support/processes";
import { repoRoot, tempDir } from "./support/runtime-harness";

const CHROMIUM = "/usr/bin/chromium";
const shots = path.join(repoRoot, "test-results", "dev-page");
const journalDir = tempDir("stepwise-dev-page-journal-");

let dev: ChildProcess;
let browser: Browser;
let page: Page;
let base = "";
/** Errors the page reported (uncaught exceptions, console errors such as CSP violations). */
const pageErrors: string[] = [];

async function startDev(port: number): Promise<ChildProcess> {
  const modules = [path.join(repoRoot, "test-fixtures", "apps", "fast-slow.ts"), path.join(repoRoot, "test-fixtures", "flow", "flow-control.ts")];
  const child = spawn(process.execPath, [path.join(repoRoot, "dist", "cli.js"), "dev", ...modules, "--no-discovery", "--no-watch", "-p", String(port), "--journal", journalDir], {
    cwd: tempDir(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stepwise dev did not start within 30 s: ${out}`)), 30_000);
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (/events:/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`stepwise dev exited (${code}): ${out}`));
    });
  });
  return child;
}

async function shot(name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** Goes to a section through the left navigation, as a user does (no reload). */
async function navigate(section: "Runs" | "Events" | "Apps"): Promise<void> {
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: new RegExp(`^${section}`) }).click();
  await page.locator(`#view-${section.toLowerCase()}`).waitFor({ state: "visible" });
}

const eventIds = () => page.locator("#events-body tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-event-id")!));

/** Sends an event through the form; returns the ID of the run it started (read from the recent events list). */
async function sendThroughForm(name: string, data: string): Promise<string> {
  await navigate("Events");
  const before = new Set(await eventIds());
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel(/^Data/).fill(data);
  await page.locator("#event-send").click();
  await page.locator("#event-result").getByText(`Sent ${name} as event`).waitFor();
  const row = page.locator("#events-body tr").filter({ has: page.locator(".event-runs a") }).first();
  await page.waitForFunction(
    (known) => Array.from(document.querySelectorAll("#events-body tr")).some((r) => !known.includes(r.getAttribute("data-event-id")!) && r.querySelector(".event-runs a")),
    [...before],
  );
  const ids = await eventIds();
  const fresh = ids.find((id) => !before.has(id))!;
  assert.equal(await row.getAttribute("data-event-id"), fresh, "the newest event is listed first");
  const href = await page.locator(`#events-body tr[data-event-id="${fresh}"] .event-runs a`).first().getAttribute("href");
  return href!.replace("#/runs/", "");
}

async function openRun(runId: string): Promise<void> {
  await page.goto(`${base}/#/runs/${runId}`);
  await page.locator("#run-facts").getByText(runId).waitFor();
}

const runStatus = () => page.locator("#run-status .badge").getAttribute("data-status");

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  assert.ok(existsSync(path.join(repoRoot, "dist", "cli.js")), "dist/cli.js is missing: npm run build");
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dev = await startDev(port);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  await page.goto(`${base}/`);
  await page.locator("#connection[data-state='live']").waitFor();
});

after(async () => {
  await browser?.close();
  dev?.kill("SIGTERM");
});

describe("the Dev Server page", { timeout: 30_000 }, () => {
  test("lists each app with its functions and their trigger events", async () => {
    await navigate("Apps");
    const functionsOf = (app: string) => page.locator(`#apps-list section[data-app="${app}"] tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute("data-function")));
    assert.deepEqual(await functionsOf("fast-slow-app"), ["fast-slow-optimized", "fast-slow-race", "fast-slow-v1"]);
    const flow = await functionsOf("flow-app");
    assert.equal(flow.length, 14);
    assert.ok(flow.includes("cancellable") && flow.includes("debounced"));
    const optimized = page.locator('#apps-list tr[data-function="fast-slow-optimized"]');
    assert.equal(await optimized.locator(".chip").textContent(), "demo/fast-slow");
    assert.equal(await page.locator("#count-apps").textContent(), "2");
    await shot("apps");
  });

  test("a function's Send event button opens the form with its trigger's name", async () => {
    await navigate("Apps");
    await page.getByRole("link", { name: "Send demo/fast-slow-v1 to fast-slow-v1" }).click();
    await page.locator("#view-events").waitFor({ state: "visible" });
    assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "demo/fast-slow-v1");
  });

  test("the event form refuses data that is not a JSON object and says why", async () => {
    await navigate("Events");
    await page.getByLabel("Name", { exact: true }).fill("demo/fast-slow");
    const data = page.getByLabel(/^Data/);
    await data.fill('{"slowMs": ');
    assert.match((await page.locator("#event-data-error").textContent())!, /^Not valid JSON: /);
    assert.equal(await data.getAttribute("aria-invalid"), "true");
    await data.fill("[1, 2]");
    assert.equal(await page.locator("#event-data-error").textContent(), 'Data must be a JSON object, like {"id": 1}.');
    const said = await page.locator("#event-result").textContent();
    await page.locator("#event-send").click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "event-data", "the invalid field gets the focus");
    assert.equal(await page.locator("#event-result").textContent(), said, "nothing was sent");
    await data.fill('{"ok": true}');
    assert.equal(await data.getAttribute("aria-invalid"), "false");
    assert.equal(await page.locator("#event-data-error").textContent(), "");
  });

  test("an event sent through the form starts a run that shows up in the runs list live and turns completed", async () => {
    await navigate("Runs");
    const known = await page.locator("#runs-body tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")!));
    await navigate("Events");
    await page.getByLabel("Name", { exact: true }).fill("demo/fast-slow");
    await page.getByLabel(/^Data/).fill('{"slowMs": 1000}');
    await page.locator("#event-send").click();
    await page.locator("#event-result").getByText("Sent demo/fast-slow as event").waitFor();
    await navigate("Runs");
    // Two sequential one-second steps: the row comes while the run goes, then turns completed, with no reload.
    await page.waitForFunction((before) => Array.from(document.querySelectorAll("#runs-body tr")).some((r) => !before.includes(r.getAttribute("data-run-id")!)), known);
    const runId = (await page.locator("#runs-body tr").first().getAttribute("data-run-id"))!;
    assert.ok(!known.includes(runId));
    const row = page.locator(`#runs-body tr[data-run-id="${runId}"]`);
    await row.locator(".badge[data-status='running']").waitFor();
    assert.equal(await row.locator(".run-fn").textContent(), "fast-slow-optimized");
    await shot("runs-running");
    await row.locator(".badge[data-status='completed']").waitFor();
    assert.equal(await row.locator(".chip").textContent(), "demo/fast-slow");
    await shot("runs");
  });

  test("a run shows one bar per step, a lane per parallel branch, and its journal", async () => {
    const runId = await sendThroughForm("demo/fast-slow", '{"slowMs": 50}');
    await navigate("Runs");
    await page.locator(`#runs-body tr[data-run-id="${runId}"] .badge[data-status='completed']`).waitFor();
    await page.locator(`#runs-body tr[data-run-id="${runId}"] .run-fn`).click();
    await page.locator("#journal li[data-type='end']").waitFor();
    assert.equal(await runStatus(), "completed");
    const lanes = await page.locator("#lanes .lane").evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll(".bar")).map((b) => (b as HTMLElement).dataset.step)));
    assert.deepEqual(lanes, [["fast.1", "fast.2"], ["slow.1", "slow.2"]]);
    assert.deepEqual(await page.locator("#lanes .bar").evaluateAll((bars) => bars.map((b) => (b as HTMLElement).dataset.status)), ["completed", "completed", "completed", "completed"]);
    assert.equal(await page.locator("#run-output").textContent(), '"done"');
    const types = await page.locator("#journal > li").evaluateAll((items) => items.map((i) => i.getAttribute("data-type")));
    assert.equal(types[0], "run");
    assert.equal(types.at(-1), "end");
    assert.equal(types.filter((t) => t === "stored").length, 4);
    assert.match((await page.locator("#journal li[data-type='end'] .text").textContent())!, /^Run completed — output "done" \(\d+ calls\)$/);
    const stored = page.locator("#journal li[data-type='stored']").first();
    await stored.locator("summary").click();
    // The entry's JSON is written when the details element's toggle event comes, after the click.
    const json = stored.locator("pre.json").filter({ hasText: /\S/ });
    await json.waitFor();
    const raw = JSON.parse((await json.textContent())!);
    assert.equal(raw.type, "stored");
    assert.ok(["fast.1", "slow.1"].includes(raw.id));
    await shot("run");
  });

  test("selecting a bar marks its step's journal entries; arrow keys move across branches", async () => {
    const runId = await sendThroughForm("demo/fast-slow", '{"slowMs": 20}');
    await openRun(runId);
    await page.locator("#journal li[data-type='end']").waitFor();
    await page.locator("#lanes .bar[data-step='slow.1']").click();
    const marked = await page.locator("#journal li.highlight").evaluateAll((items) => items.map((i) => i.getAttribute("data-type")));
    assert.deepEqual(marked, ["planned", "call", "stored"]);
    await page.locator("#lanes .bar[data-step='fast.1']").focus();
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.step), "slow.1");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.step), "slow.2");
  });

  test("Debug in VS Code links to the run and its journal folder", async () => {
    const runId = await sendThroughForm("demo/fast-slow", '{"slowMs": 10}');
    await openRun(runId);
    const link = page.getByRole("link", { name: "Debug in VS Code" });
    assert.equal(await link.getAttribute("href"), `vscode://stepwise.stepwise/replay?run=${runId}&journal=${encodeURIComponent(journalDir)}`);
  });

  test("rerun starts a new run of the function with the same event", async () => {
    const runId = await sendThroughForm("demo/fast-slow", '{"slowMs": 30}');
    await openRun(runId);
    await page.locator("#journal li[data-type='end']").waitFor();
    await page.getByRole("button", { name: "Rerun" }).click();
    const link = page.locator("#action-result a");
    await link.waitFor();
    assert.match((await page.locator("#action-result").textContent())!, /^Rerun started: run \w{8} \(same event, current code\)\.$/);
    const rerunId = (await link.getAttribute("href"))!.replace("#/runs/", "");
    assert.notEqual(rerunId, runId);
    await link.click();
    await page.locator("#run-facts").getByText(rerunId).waitFor();
    await page.locator("#run-status .badge[data-status='completed']").waitFor();
    assert.equal(await page.locator("#run-title").textContent(), "fast-slow-optimized");
    assert.deepEqual(JSON.parse((await page.locator("#run-event").textContent())!).data, { slowMs: 30 });
    await navigate("Runs");
    await page.locator(`#runs-body tr[data-run-id="${rerunId}"]`).waitFor();
  });

  test("replay re-drives a finished run against the current code and reports no divergence", async () => {
    const runId = await sendThroughForm("demo/fast-slow-v1", '{"slowMs": 10}');
    await openRun(runId);
    await page.locator("#run-status .badge[data-status='completed']").waitFor();
    await page.getByRole("button", { name: "Replay" }).click();
    await page.locator("#action-result.ok").waitFor();
    assert.equal(await page.locator("#action-result").textContent(), 'Replayed against the current code: completed, no divergence; output "done".');
    await shot("run-replayed");
  });

  test("cancel stops a sleeping run and the page shows it cancelled", async () => {
    const runId = await sendThroughForm("flow/order.placed", '{"orderId": 4242}');
    await openRun(runId);
    await page.locator("#lanes .bar[data-step='wait-for-cancel'][data-status='sleeping']").waitFor();
    assert.equal(await runStatus(), "running");
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.locator("#run-status .badge[data-status='cancelled']").waitFor();
    assert.equal(await page.locator("#action-result").textContent(), "Cancel requested.");
    await page.locator("#announcer").getByText(`Run ${runId.slice(-8)} of cancellable is cancelled`).waitFor();
    assert.equal(await page.getByRole("button", { name: "Cancel", exact: true }).isDisabled(), true);
    await page.locator("#journal li[data-type='end']").waitFor();
    assert.equal(await page.locator("#journal li[data-type='end'] .text").textContent(), "Run cancelled — Cancelled: cancelled from the Stepwise page (1 call)");
    await shot("run-cancelled");
    await navigate("Runs");
    await page.locator(`#runs-body tr[data-run-id="${runId}"] .badge[data-status='cancelled']`).waitFor();
  });

  test("resend sends a recent event again, which starts a run of its own", async () => {
    const runId = await sendThroughForm("demo/fast-slow", '{"slowMs": 40, "tag": "resend-me"}');
    const original = page.locator("#events-body tr").filter({ has: page.locator(`.event-runs a[href="#/runs/${runId}"]`) });
    const eventId = await original.getAttribute("data-event-id");
    const before = new Set(await eventIds());
    await original.getByRole("button", { name: /^Resend demo\/fast-slow/ }).click();
    await page.locator("#events-result").getByText("Resent demo/fast-slow as event").waitFor();
    await page.waitForFunction((known) => Array.from(document.querySelectorAll("#events-body tr")).some((r) => !known.includes(r.getAttribute("data-event-id")!) && r.querySelector(".event-runs a")), [...before]);
    const fresh = page.locator("#events-body tr").first();
    assert.notEqual(await fresh.getAttribute("data-event-id"), eventId);
    assert.equal(await fresh.getAttribute("data-name"), "demo/fast-slow");
    assert.equal(await fresh.locator(".data-preview").textContent(), '{"slowMs":40,"tag":"resend-me"}');
    const resentRun = (await fresh.locator(".event-runs a").first().getAttribute("href"))!.replace("#/runs/", "");
    assert.notEqual(resentRun, runId);
    await shot("events");
  });

  test("follows the dark colour scheme", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    try {
      await navigate("Runs");
      await page.locator("#runs-body tr").first().locator(".run-fn").click();
      await page.locator("#journal li[data-type='end']").waitFor();
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(17, 19, 23)");
      await shot("run-dark");
    } finally {
      await page.emulateMedia({ colorScheme: "light" });
    }
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(246, 247, 249)");
  });

  test("raised no script errors and no Content-Security-Policy violations", () => {
    assert.deepEqual(pageErrors, []);
  });
});

describe("the page's send-event endpoint", () => {
  test("refuses what Inngest's event API refuses, with its message", async () => {
    const res = await fetch(`${base}/api/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "inngest/function.finished", data: {} }) });
    assert.deepEqual([res.status, await res.json()], [400, { error: "event name is reserved for internal use: inngest/function.finished" }]);
  });
});

describe("the journal in words", () => {
  // The page's own function, evaluated as the browser does.
  const describeJournalEntry = new Function(`${DEV_PAGE_JOURNAL_SCRIPT}; return describeJournalEntry;`)() as (e: JournalEntry, names?: Record<string, string>) => { type: string; tone: string; text: string };
  const event = { name: "demo/fast-slow", data: {}, id: "E1", ts: 1 };
  const names = { h1: "fast.1" };
  const cases: Array<[JournalEntry, string, string]> = [
    [{ type: "run", at: 0, runId: "R1", functionId: "app-fn", functionSlug: "fn", event, limits: {} }, "run", "Run of fn started by demo/fast-slow"],
    [{ type: "run", at: 0, runId: "R2", functionId: "app-fn", functionSlug: "fn", event, limits: {}, parentRunId: "R1", replayOf: "R0" }, "run", "Run of fn started by demo/fast-slow, sent by run R1, replaying R0"],
    [{ type: "call", at: 0, seq: 1, kind: "discovery", stepId: "step", attempt: 0 }, "call", "Call #1: discovery"],
    [{ type: "call", at: 0, seq: 2, kind: "step", stepId: "h1", attempt: 1 }, "call", "Call #2: step fast.1, attempt 2"],
    [{ type: "call", at: 1500, seq: 3, kind: "step", stepId: "h1", attempt: 0, heldFrom: 260 }, "call", "Call #3: step fast.1, after 1.2 s paused in the debugger"],
    [{ type: "call", at: 300, seq: 1, kind: "discovery", stepId: "step", attempt: 0, heldFrom: 260 }, "call", "Call #1: discovery, after 40 ms paused in the debugger"],
    [{ type: "answer", at: 0, seq: 1, status: 206, ms: 12, mode: "optimized", ops: [{ op: "StepPlanned", displayName: "fast.1" }, { op: "StepPlanned", displayName: "slow.1" }] }, "answer", "Answer #1: HTTP 206 in 12 ms (optimized) — StepPlanned fast.1, StepPlanned slow.1"],
    [{ type: "answer", at: 0, seq: 7, status: 200, ms: 3, body: "done" }, "answer", 'Answer #7: HTTP 200 in 3 ms — the function returned "done"'],
    [{ type: "answer", at: 0, seq: 3, status: 400, ms: 9, body: { name: "TypeError", message: "injected", stack: "TypeError: injected\n at x" } }, "failed", "Answer #3: HTTP 400 in 9 ms — TypeError: injected"],
    [{ type: "call-failed", at: 0, seq: 4, message: "connect ECONNREFUSED", retriable: true }, "call-failed", "Call #4 failed: connect ECONNREFUSED (will retry)"],
    [{ type: "stored", at: 0, hashedId: "h1", id: "fast.1", kind: "run", result: { data: "fast.1" }, attempts: 1 }, "stored", 'Stored fast.1 (run) after 1 attempt: "fast.1"'],
    [{ type: "stored", at: 0, hashedId: "h2", id: "doomed", kind: "run", result: { error: { name: "TypeError", message: "injected" } }, attempts: 2 }, "failed", "Stored doomed (run) after 2 attempts: TypeError: injected"],
    [{ type: "stored", at: 0, hashedId: "h3", id: "nap", kind: "sleep", result: { data: null }, attempts: 0 }, "stored", "Stored nap (sleep): null"],
    [{ type: "planned", at: 0, hashedId: "h1", id: "fast.1", kind: "run", lane: 1 }, "planned", "Planned fast.1 (run) on branch 2"],
    [{ type: "note", at: 0, message: "resumed from the journal" }, "note", "resumed from the journal"],
    [{ type: "waiting", at: 0, reason: "concurrency limit 1 reached" }, "waiting", "Waiting: concurrency limit 1 reached"],
    [{ type: "published", at: 0, channel: "progress", topics: ["status"], data: '{"done":50}' }, "note", 'Published on progress [status]: {"done":50}'],
    [{ type: "checkpoint", at: 0, steps: ["h1", "h2"] }, "call", "Checkpoint of 2 steps"],
    [{ type: "interrupted", at: 0, reason: "the process was stopped" }, "interrupted", "Interrupted: the process was stopped"],
    [{ type: "end", at: 0, status: "completed", output: "done", stack: [], calls: { discovery: 3, step: 4 }, bytesSent: 0 }, "end-completed", 'Run completed — output "done" (7 calls)'],
    [{ type: "end", at: 0, status: "cancelled", error: { name: "Cancelled", message: "cancelled from the Stepwise page" }, stack: [], calls: { discovery: 1, step: 0 }, bytesSent: 0 }, "end-cancelled", "Run cancelled — Cancelled: cancelled from the Stepwise page (1 call)"],
  ];
  for (const [entry, tone, text] of cases) {
    test(`a ${entry.type} entry reads "${text}"`, () => {
      assert.deepEqual(describeJournalEntry(entry, names), { type: entry.type, tone, text });
    });
  }
});
