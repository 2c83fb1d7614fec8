// How a run's timeline is drawn, shared by the VS Code webview (timeline-page.ts) and the Dev
// Server's page (dev-page.ts): one lane per parallel branch, a bar per step placed by its start and
// end, a row of marks (waits, published messages, notes) and a time axis. It is browser code, kept
// as text because both pages inline it under a CSP nonce (no bundler runs for the browser).
// The host page supplies the colours as CSS variables: --fg, --muted, --border, --ok, --fail,
// --retry, --run, --focus and --bar-fg (text on a coloured bar).

/** CSS for the lanes, bars, axis, marks and legend. */
export const TIMELINE_STYLE = `
  .timeline { position: relative; border-top: 1px solid var(--border); }
  .timeline .axis, .timeline .lane { display: flex; align-items: stretch; }
  .timeline .lane { min-height: 30px; border-bottom: 1px solid var(--border); }
  .timeline .lane-label { flex: 0 0 72px; align-self: center; color: var(--muted); font-size: 12px; }
  .timeline .track { position: relative; flex: 1 1 auto; min-width: 0; }
  .timeline .axis .track { height: 18px; }
  .timeline .tick { position: absolute; top: 2px; font-size: 11px; color: var(--muted); transform: translateX(-50%); white-space: nowrap; }
  .timeline .tick:first-child { transform: none; }
  .timeline .tick:last-child { transform: translateX(-100%); }
  .timeline .bar { position: absolute; top: 5px; height: 20px; min-width: 6px; box-sizing: border-box; border-radius: 4px; border: 1px solid transparent;
    color: var(--bar-fg); background: var(--run); font: inherit; font-size: 11px; line-height: 18px; padding: 0 5px; margin: 0; text-align: left;
    overflow: hidden; white-space: nowrap; text-overflow: ellipsis; cursor: default; }
  .timeline .bar.completed { background: var(--ok); }
  .timeline .bar.failed { background: var(--fail); }
  .timeline .bar.retrying, .timeline .bar.retried { background: var(--retry); }
  .timeline .bar.planned, .timeline .bar.sleeping, .timeline .bar.waiting { background: transparent; border: 1px dashed var(--muted); color: var(--fg); }
  .timeline .bar:focus-visible, .timeline .bar:focus { outline: 2px solid var(--focus); outline-offset: 1px; z-index: 1; }
  .timeline .mark { position: absolute; top: 9px; width: 10px; height: 10px; margin-left: -5px; transform: rotate(45deg); border-radius: 2px; background: var(--muted); }
  .timeline .mark.published { background: var(--run); }
  .timeline .mark.waiting { background: var(--retry); }
  .timeline-details { margin-top: 8px; min-height: 2.6em; white-space: pre-wrap; }
  .timeline-marks { list-style: none; padding: 0; margin: 8px 0 0; color: var(--muted); }
  .timeline-marks li { padding: 1px 0; }
  .timeline-marks .kind { display: inline-block; min-width: 8em; color: var(--fg); }
  .legend { color: var(--muted); font-size: 12px; display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 4px 0 8px; }
  .legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
  .swatch.completed { background: var(--ok); }
  .swatch.retried { background: var(--retry); }
  .swatch.failed { background: var(--fail); }
  .swatch.running { background: var(--run); }
  .swatch.planned { border: 1px dashed var(--muted); box-sizing: border-box; }
`;

/** The colour key (decorative: each bar's own label says its status). */
export const TIMELINE_LEGEND = `<div class="legend" aria-hidden="true">
  <span><i class="swatch completed"></i>completed</span>
  <span><i class="swatch retried"></i>retried</span>
  <span><i class="swatch failed"></i>failed</span>
  <span><i class="swatch running"></i>running</span>
  <span><i class="swatch planned"></i>planned / sleeping / waiting</span>
</div>`;

/**
 * Defines, in the page, `drawTimeline(run, parts)` — parts: { lanes, details, marks } elements —
 * which (re)draws a TimelineRun and keeps the focused bar focused across redraws, and
 * `timelineKeys(lanes)`, which moves between bars with the arrow keys.
 */
export const TIMELINE_SCRIPT = `
function describeTimelineBar(bar) {
  var took = bar.end === null ? "still " + bar.status : Math.round(bar.end - bar.start) + " ms";
  return bar.id + " (" + bar.kind + "): " + bar.status + ", " + bar.attempts + " attempt" + (bar.attempts === 1 ? "" : "s") +
    ", started +" + Math.round(bar.start) + " ms, " + took + (bar.error ? "\\n" + bar.error : "");
}

function timelineMs(ms) {
  return ms >= 10000 ? (ms / 1000).toFixed(0) + " s" : ms >= 1000 ? (ms / 1000).toFixed(1) + " s" : Math.round(ms) + " ms";
}

function drawTimeline(run, parts) {
  var lanesEl = parts.lanes;
  var focused = document.activeElement && lanesEl.contains(document.activeElement) ? document.activeElement.dataset.step : null;
  var elapsed = run.endedAt ? run.endedAt - run.startedAt : Date.now() - run.startedAt;
  var end = Math.max(1, elapsed);
  run.bars.forEach(function (b) { end = Math.max(end, b.end || b.start); });
  (run.marks || []).forEach(function (m) { end = Math.max(end, m.at); });
  var pct = function (ms) { return Math.min(100, (ms / end) * 100); };
  lanesEl.classList.add("timeline");
  lanesEl.textContent = "";

  var axis = document.createElement("div");
  axis.className = "axis";
  axis.setAttribute("aria-hidden", "true");
  axis.appendChild(document.createElement("span")).className = "lane-label";
  var axisTrack = axis.appendChild(document.createElement("div"));
  axisTrack.className = "track";
  [0, 0.25, 0.5, 0.75, 1].forEach(function (f) {
    var tick = axisTrack.appendChild(document.createElement("span"));
    tick.className = "tick";
    tick.style.left = f * 100 + "%";
    tick.textContent = timelineMs(f * end);
  });
  lanesEl.appendChild(axis);

  for (var lane = 0; lane < run.lanes; lane++) {
    var row = document.createElement("div");
    row.className = "lane";
    row.setAttribute("role", "listitem");
    row.dataset.lane = String(lane);
    var label = row.appendChild(document.createElement("span"));
    label.className = "lane-label";
    label.textContent = "branch " + (lane + 1);
    var track = row.appendChild(document.createElement("div"));
    track.className = "track";
    run.bars.filter(function (b) { return b.lane === lane; }).forEach(function (bar) {
      var el = document.createElement("button");
      el.type = "button";
      var status = bar.status === "completed" && bar.attempts > 1 ? "retried" : bar.status;
      el.className = "bar " + status;
      el.dataset.step = bar.id;
      el.dataset.status = status;
      var stop = bar.end === null ? end : bar.end;
      el.style.left = pct(bar.start) + "%";
      el.style.width = Math.max(0, pct(stop) - pct(bar.start)) + "%";
      el.textContent = bar.id + (bar.attempts > 1 ? " \\u00d7" + bar.attempts : "");
      el.setAttribute("aria-label", describeTimelineBar(bar));
      el.title = describeTimelineBar(bar);
      var show = function () { parts.details.textContent = describeTimelineBar(bar); };
      el.addEventListener("focus", show);
      el.addEventListener("mouseenter", show);
      if (parts.onSelect) el.addEventListener("click", function () { parts.onSelect(bar); });
      track.appendChild(el);
    });
    lanesEl.appendChild(row);
  }

  if ((run.marks || []).length) {
    var markRow = document.createElement("div");
    markRow.className = "axis marks-row";
    markRow.setAttribute("aria-hidden", "true");
    markRow.appendChild(document.createElement("span")).className = "lane-label";
    markRow.firstChild.textContent = "marks";
    var markTrack = markRow.appendChild(document.createElement("div"));
    markTrack.className = "track";
    run.marks.forEach(function (mark) {
      var m = markTrack.appendChild(document.createElement("span"));
      m.className = "mark " + mark.kind;
      m.style.left = pct(mark.at) + "%";
      m.title = "+" + Math.round(mark.at) + " ms " + mark.kind + ": " + mark.text;
    });
    lanesEl.appendChild(markRow);
  }

  if (parts.marks) {
    parts.marks.textContent = "";
    (run.marks || []).forEach(function (mark) {
      var item = document.createElement("li");
      var kind = item.appendChild(document.createElement("span"));
      kind.className = "kind";
      kind.textContent = "+" + Math.round(mark.at) + " ms " + mark.kind;
      item.appendChild(document.createTextNode(" " + mark.text));
      parts.marks.appendChild(item);
    });
  }

  if (focused) {
    var again = Array.prototype.find.call(lanesEl.querySelectorAll(".bar"), function (b) { return b.dataset.step === focused; });
    if (again) again.focus();
  }
}

// Arrow keys move between bars: left/right along time, up/down across branches.
function timelineKeys(lanesEl) {
  lanesEl.addEventListener("keydown", function (event) {
    var bars = Array.prototype.slice.call(lanesEl.querySelectorAll(".bar"));
    var index = bars.indexOf(document.activeElement);
    if (index < 0) return;
    var rows = Array.prototype.slice.call(lanesEl.querySelectorAll(".lane"));
    var row = rows.indexOf(document.activeElement.closest(".lane"));
    var target = null;
    if (event.key === "ArrowRight") target = bars[index + 1];
    if (event.key === "ArrowLeft") target = bars[index - 1];
    if (event.key === "ArrowDown" && rows[row + 1]) target = rows[row + 1].querySelector(".bar");
    if (event.key === "ArrowUp" && rows[row - 1]) target = rows[row - 1].querySelector(".bar");
    if (target) { target.focus(); event.preventDefault(); }
  });
}
`;
