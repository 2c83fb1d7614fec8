// Time a step spent paused in the debugger is apart in its timeline bar, and the axis starts at
// the run's first call. The runs are real (the fast/slow fixture through a gate that holds calls
// the way the debugger does); the drawing is the real timeline page, served by TimelineServer and
// drawn by headless Chromium.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { readJournal } from "../runtime/journal";
import type { Orchestrator } from "../runtime/orchestrator";
import type { Run } from "../runtime/run";
import { timelineFromJournal, timelineFromSnapshot } from "../runtime/timeline-data";
import { HELD_PATTERN_ID } from "../runtime/timeline-draw";
import { TimelineFeed } from "../runtime/timeline-feed";
import { TimelineServer } from "../runtime/timeline-server";
import type { InngestEvent, RunSnapshot } from "../runtime/types";
import { startApp } from "./support/runtime-harness";
import { StepGate, runInOrder } from "./support/step-gate";

const CHROMIUM = "/usr/bin/chromium";

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))),
  ]);
}

describe("paused time and the axis of the timeline", () => {
  const gate = new StepGate();
  let app: Orchestrator;
  let feed: TimelineFeed;
  let server: TimelineServer;
  let url: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    app = await startApp("fast-slow.ts", { gate });
    feed = new TimelineFeed(app.journalDir, app);
    server = new TimelineServer(feed);
    url = await server.listen(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  });
  after(async () => {
    await browser?.close();
    feed?.dispose();
    await server?.close();
    await app?.close();
    assert.deepEqual(pageErrors, [], "the timeline page reported errors");
  });

  function start(fnId: string): Run {
    const fn = app.findFunction(fnId);
    return app.startRun(fn, { ...app.defaultEvent(fn), data: { slowMs: 0 } } as InngestEvent);
  }

  /** The slow branch first: fast.1's call waits at the gate while slow.1 runs. */
  async function runWithHolds(): Promise<{ run: Run; snapshot: RunSnapshot }> {
    gate.hold();
    const run = start("fast-slow-optimized");
    await runInOrder(app, gate, run.id, ["slow.1", "fast.1", "slow.2", "fast.2"]);
    return { run, snapshot: await within(app.settle(run), 15_000, "the run to end") };
  }

  /** The real timeline page showing one run (chosen in its run picker). */
  async function show(runId: string, ready: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(url);
    await page.locator(`#runs option[value="${runId}"]`).waitFor({ state: "attached" });
    await page.selectOption("#runs", runId);
    await page.locator(ready).first().waitFor({ state: "attached" });
    return page;
  }

  test("a step call held at the gate is paused time on its step, live and in the journal alike", async () => {
    const { run, snapshot } = await runWithHolds();
    assert.equal(snapshot.status, "completed");
    const step = (id: string) => snapshot.steps.find((s) => s.id === id)!;
    for (const s of snapshot.steps) {
      assert.equal(s.held?.length, 1, `${s.id}: one held call`);
      assert.ok(s.held![0].to! >= s.held![0].from, `${s.id}: a closed interval`);
      assert.equal(s.startedAt, s.held![0].to, `${s.id}: its call went when the hold ended`);
    }
    // fast.1 waited at the gate for the whole of slow.1, which the user let go first.
    assert.ok(step("fast.1").held![0].from <= step("slow.1").startedAt!);
    assert.ok(step("fast.1").held![0].to! >= step("slow.1").endedAt!);

    const calls = readJournal(run.journal.file).filter((e) => e.type === "call");
    const stepCalls = calls.filter((e) => e.type === "call" && e.kind === "step");
    assert.deepEqual(
      stepCalls.map((e) => e.type === "call" && [e.step, e.heldFrom, e.at]).sort(),
      snapshot.steps.map((s) => [s.id, s.held![0].from, s.held![0].to]).sort(),
      "each step call's entry records its hold",
    );
    const live = timelineFromSnapshot(snapshot, run.laneOf);
    const recorded = timelineFromJournal(run.journal.file)!;
    const heldOf = (bars: typeof live.bars) => Object.fromEntries(bars.map((b) => [b.id, b.held]).sort());
    assert.deepEqual(heldOf(recorded.bars), heldOf(live.bars));
    const fast1 = live.bars.find((b) => b.id === "fast.1")!;
    assert.deepEqual(fast1.held, [{ from: step("fast.1").held![0].from - live.origin, to: step("fast.1").held![0].to! - live.origin }]);
  });

  test("a run nobody pauses records no paused time", async () => {
    gate.openAll();
    const run = start("fast-slow-optimized");
    const snapshot = await within(app.settle(run), 15_000, "the run to end");
    assert.equal(snapshot.status, "completed");
    assert.deepEqual(snapshot.steps.map((s) => s.held), [undefined, undefined, undefined, undefined]);
    assert.deepEqual(readJournal(run.journal.file).filter((e) => e.type === "call" && e.heldFrom !== undefined), []);
    assert.deepEqual(timelineFromJournal(run.journal.file)!.bars.map((b) => b.held), [[], [], [], []]);
  });

  test("the page hatches the paused part of a bar with the SVG pattern, and its text says how long", async () => {
    const { run } = await runWithHolds();
    const page = await show(run.id, ".bar[data-step='fast.1'] svg.held");
    try {
      const drawn = await page.evaluate((patternId) => {
        const bar = document.querySelector<HTMLElement>(".bar[data-step='fast.1']")!;
        const rects = Array.from(bar.querySelectorAll("svg.held rect"));
        return {
          pattern: document.getElementById(patternId)?.tagName,
          lanesHtml: document.getElementById("lanes")!.outerHTML,
          fills: rects.map((r) => r.getAttribute("fill")),
          intervals: rects.map((r) => [Number(r.getAttribute("data-from")), Number(r.getAttribute("data-to"))]),
          label: bar.getAttribute("aria-label")!,
          legend: document.querySelector(".legend")!.textContent!.replace(/\s+/g, " ").trim(),
        };
      }, HELD_PATTERN_ID);
      const fast1 = feed.run(run.id)!.bars.find((b) => b.id === "fast.1")!;
      assert.equal(drawn.pattern, "pattern");
      assert.deepEqual(drawn.fills, [`url(#${HELD_PATTERN_ID})`]);
      assert.deepEqual(drawn.intervals, [[Math.round(fast1.held[0].from), Math.round(fast1.held[0].to!)]]);
      assert.match(drawn.lanesHtml, new RegExp(`<svg class="held"[^>]*>.*fill="url\\(#${HELD_PATTERN_ID}\\)"`));
      assert.match(drawn.label, /^fast\.1 \(run\): completed, 1 attempt, started \+[\d.]+ m?s, [\d.]+ m?s \(paused [\d.]+ m?s in the debugger\)$/);
      assert.match(drawn.legend, /paused in the debugger$/);
    } finally {
      await page.close();
    }
  });

  test("the axis starts at the first call: time held before it does not count", async () => {
    gate.openAll();
    const releaseEntry = gate.holdEntry();
    const run = start("fast-slow-v1");
    // The user looks at the entry stop for a while before letting the first call go.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const releasedAt = Date.now();
    releaseEntry();
    const snapshot = await within(app.settle(run), 15_000, "the run to end");
    assert.equal(snapshot.status, "completed");
    assert.ok(snapshot.firstCallAt! >= releasedAt, "the first call went when the entry stop was let go");
    const [first] = readJournal(run.journal.file).filter((e) => e.type === "call");
    assert.equal(first.type === "call" && first.at, snapshot.firstCallAt);
    assert.ok(first.type === "call" && first.heldFrom! < releasedAt, "the first call's entry records its hold");
    const live = timelineFromSnapshot(snapshot, run.laneOf);
    const recorded = timelineFromJournal(run.journal.file)!;
    assert.equal(live.origin, snapshot.firstCallAt);
    assert.equal(recorded.origin, snapshot.firstCallAt);
    assert.ok(live.bars.every((b) => b.start >= 0) && recorded.bars.every((b) => b.start >= 0), "no step starts before the axis");

    const page = await show(run.id, "#summary:has-text('v1')");
    try {
      const axis = await page.evaluate((r) => {
        const ticks = Array.from(document.querySelectorAll(".axis .tick")).map((t) => t.textContent);
        const timelineMs = (window as unknown as { timelineMs: (ms: number) => string }).timelineMs;
        return { first: ticks[0], last: ticks.at(-1), fromFirstCall: timelineMs(r.endedAt - r.origin), fromRunStart: timelineMs(r.endedAt - r.startedAt) };
      }, { endedAt: snapshot.endedAt!, origin: live.origin, startedAt: snapshot.startedAt });
      assert.equal(axis.first, "0 ms");
      assert.equal(axis.last, axis.fromFirstCall);
      assert.notEqual(axis.fromFirstCall, axis.fromRunStart, "the entry stop made the run start earlier than its first call");
    } finally {
      await page.close();
    }
  });
});
