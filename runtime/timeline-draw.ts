// How a run's timeline is drawn, shared by the VS Code webview (timeline-page.ts) and the Dev
// Server's page (dev-page.ts): one lane per parallel branch, a bar per step placed by its start and
// end with the time its calls were held in the debugger hatched (an SVG pattern), a row of marks
// (waits, published messages, notes) and a time axis that starts at the run's first call. It is
// browser code, kept as text because both pages inline it under a CSP nonce (no bundler runs for
// the browser; no inline style attributes, which the Dev Server's CSP refuses).
// The host page supplies the colours as CSS variables: --fg, --bg, --muted, --border, --ok, --fail,
// --retry, --run, --focus and --bar-fg (text on a coloured bar).

/** The id of the SVG pattern that hatches paused time. */
export const HELD_PATTERN_ID = "stepwise-held-hatch";

const HELD_PATTERN = `<pattern id="${HELD_PATTERN_ID}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="hatch-base" width="6" height="6"/><line class="hatch-stripe" x1="0" y1="0" x2="0" y2="6"/></pattern>`;

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
  .timeline .bar .held { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none; }
  .timeline .bar .label { position: relative; }
  .hatch-base { fill: var(--muted); fill-opacity: 0.6; }
  .hatch-stripe { stroke: var(--bg); stroke-width: 3; stroke-opacity: 0.8; }
  .timeline-defs { position: absolute; width: 0; height: 0; overflow: hidden; }
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
  svg.swatch { border-radius: 0; }
`;

/** The colour key (decorative: each bar's own label says its status). */
export const TIMELINE_LEGEND = `<div class="legend" aria-hidden="true">
  <span><i class="swatch completed"></i>completed</span>
  <span><i class="swatch retried"></i>retried</span>
  <span><i class="swatch failed"></i>failed</span>
  <span><i class="swatch running"></i>running</span>
  <span><i class="swatch planned"></i>planned / sleeping / waiting</span>
  <span><svg class="swatch held" width="10" height="10" focusable="false"><defs>${HELD_PATTERN}</defs><rect width="10" height="10" fill="url(#${HELD_PATTERN_ID})"/></svg>paused in the debugger</span>
</div>`;

/**
 * Defines, in the page, `drawTimeline(run, parts)` — parts: { lanes, details, marks } elements —
 * which (re)draws a TimelineRun and keeps the focused bar focused across redraws, and
 * `timelineKeys(lanes)`, which moves between bars with the arrow keys.
 */
export const TIMELINE_SCRIPT = `
var SVG_NS = "http://www.w3.org/2000/svg";
var HELD_PATTERN_ID = "${HELD_PATTERN_ID}";

// Paused time of a bar: its held intervals up to now (an open one runs to the bar's end, or to now).
function timelineHeld(bar, now) {
  return (bar.held || []).map(function (h) { return { from: h.from, to: h.to === null ? (bar.end === null ? now : bar.end) : h.to }; });
}

function timelinePaused(bar, now) {
  return timelineHeld(bar, now).reduce(function (sum, h) { return sum + Math.max(0, h.to - h.from); }, 0);
}

function describeTimelineBar(bar, now) {
  var took = bar.end === null ? "still " + bar.status : timelineMs(bar.end - bar.start);
  var paused = timelinePaused(bar, now === undefined ? bar.end || bar.start : now);
  return bar.id + " (" + bar.kind + "): " + bar.status + ", " + bar.attempts + " attempt" + (bar.attempts === 1 ? "" : "s") +
    ", started " + timelineAt(bar.start) + ", " + took + (paused > 0 ? " (paused " + timelineMs(paused) + " in the debugger)" : "") +
    (bar.error ? "\\n" + bar.error : "");
}

function timelineMs(ms) {
  return ms >= 10000 ? (ms / 1000).toFixed(0) + " s" : ms >= 1000 ? (ms / 1000).toFixed(1) + " s" : Math.round(ms) + " ms";
}

// A moment of the run, counted from its first call.
function timelineAt(ms) {
  return ms < 0 ? timelineMs(-ms) + " before the first call" : "+" + timelineMs(ms);
}

// The hatch pattern, for pages that draw without the legend (which carries it).
function timelineDefs() {
  if (document.getElementById(HELD_PATTERN_ID)) return;
  var svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", "timeline-defs");
  svg.setAttribute("aria-hidden", "true");
  var defs = svg.appendChild(document.createElementNS(SVG_NS, "defs"));
  var pattern = defs.appendChild(document.createElementNS(SVG_NS, "pattern"));
  [["id", HELD_PATTERN_ID], ["width", "6"], ["height", "6"], ["patternUnits", "userSpaceOnUse"], ["patternTransform", "rotate(45)"]].forEach(function (a) { pattern.setAttribute(a[0], a[1]); });
  var base = pattern.appendChild(document.createElementNS(SVG_NS, "rect"));
  base.setAttribute("class", "hatch-base");
  base.setAttribute("width", "6");
  base.setAttribute("height", "6");
  var stripe = pattern.appendChild(document.createElementNS(SVG_NS, "line"));
  stripe.setAttribute("class", "hatch-stripe");
  [["x1", "0"], ["y1", "0"], ["x2", "0"], ["y2", "6"]].forEach(function (a) { stripe.setAttribute(a[0], a[1]); });
  document.body.appendChild(svg);
}

// The paused parts of a bar, hatched, placed in percent of the bar's own width.
function timelineHeldOverlay(bar, stop, now) {
  var held = timelineHeld(bar, now);
  if (!held.length) return null;
  var span = Math.max(1, stop - bar.start);
  var svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", "held");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("preserveAspectRatio", "none");
  held.forEach(function (h) {
    var from = Math.max(0, Math.min(1, (h.from - bar.start) / span));
    var to = Math.max(from, Math.min(1, (h.to - bar.start) / span));
    var rect = svg.appendChild(document.createElementNS(SVG_NS, "rect"));
    rect.setAttribute("x", (from * 100).toFixed(3) + "%");
    rect.setAttribute("y", "0");
    rect.setAttribute("width", ((to - from) * 100).toFixed(3) + "%");
    rect.setAttribute("height", "100%");
    rect.setAttribute("fill", "url(#" + HELD_PATTERN_ID + ")");
    rect.setAttribute("data-from", String(Math.round(h.from)));
    rect.setAttribute("data-to", String(Math.round(h.to)));
  });
  return svg;
}

function drawTimeline(run, parts) {
  var lanesEl = parts.lanes;
  var focused = document.activeElement && lanesEl.contains(document.activeElement) ? document.activeElement.dataset.step : null;
  // The axis starts at the first call: the time before it (a host starting, a stop on entry) would squeeze the steps.
  var origin = run.origin || run.startedAt;
  var now = Date.now() - origin;
  var elapsed = run.endedAt ? run.endedAt - origin : now;
  var end = Math.max(1, elapsed);
  run.bars.forEach(function (b) { end = Math.max(end, b.end || b.start); });
  (run.marks || []).forEach(function (m) { end = Math.max(end, m.at); });
  var pct = function (ms) { return Math.max(0, Math.min(100, (ms / end) * 100)); };
  timelineDefs();
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
      var overlay = timelineHeldOverlay(bar, stop, now);
      if (overlay) {
        el.classList.add("paused");
        el.appendChild(overlay);
      }
      el.appendChild(document.createElement("span")).className = "label";
      el.lastChild.textContent = bar.id + (bar.attempts > 1 ? " \\u00d7" + bar.attempts : "");
      var text = describeTimelineBar(bar, now);
      el.setAttribute("aria-label", text);
      el.title = text;
      var show = function () { parts.details.textContent = describeTimelineBar(bar, Date.now() - origin); };
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
      m.title = timelineAt(mark.at) + " " + mark.kind + ": " + mark.text;
    });
    lanesEl.appendChild(markRow);
  }

  if (parts.marks) {
    parts.marks.textContent = "";
    (run.marks || []).forEach(function (mark) {
      var item = document.createElement("li");
      var kind = item.appendChild(document.createElement("span"));
      kind.className = "kind";
      kind.textContent = timelineAt(mark.at) + " " + mark.kind;
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
