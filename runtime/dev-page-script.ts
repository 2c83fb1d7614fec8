// The Dev Server page's behaviour: hash routes (#/runs, #/runs/<id>, #/events, #/apps), data from the
// JSON API (dev-api.ts), live updates from the WebSocket /live, and the actions (send and resend
// events, rerun, replay, cancel). Browser code kept as text, inlined under the page's CSP nonce; it
// builds the DOM with textContent only (never HTML from data). It uses drawTimeline/timelineKeys
// (timeline-draw.ts) and describeJournalEntry (dev-page-journal.ts), inlined before it.

export const DEV_PAGE_SCRIPT = `
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var ACTIVE = { running: true };
  var TIMELINE_HINT = "Point at or focus a step for its details; arrow keys move between steps; select one to mark its journal entries.";

  var state = {
    info: null,
    apps: [],
    runs: [],
    events: [],
    route: { view: "runs", id: null, params: new URLSearchParams() },
    run: null,          // { run: TimelineRun, journal: JournalEntry[], file }
    runId: null,
    journalShown: 0,
    highlighted: null,
    knownRuns: null,    // run IDs already shown, to mark new rows
    statusOf: {},       // runId → last status seen, to announce changes
  };

  // ---- small DOM and formatting helpers ---------------------------------------------------------

  function h(tag, props, children) {
    var el = document.createElement(tag);
    props = props || {};
    Object.keys(props).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === "text") el.textContent = value;
      else if (key === "className") el.className = value;
      else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function clear(el) { el.textContent = ""; return el; }

  function duration(ms) {
    if (ms < 0 || !isFinite(ms)) return "";
    if (ms < 1000) return Math.round(ms) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + " s";
    var m = Math.floor(ms / 60000), s = Math.floor((ms % 60000) / 1000);
    return m + "m " + (s < 10 ? "0" : "") + s + "s";
  }

  function clock(ts) { return ts ? new Date(ts).toLocaleTimeString() : ""; }

  function time(ts) { return h("time", { datetime: new Date(ts).toISOString(), title: new Date(ts).toLocaleString(), text: clock(ts) }); }

  function shortId(id) { return id ? id.slice(-8) : ""; }

  function runDuration(r) { return (r.endedAt || Date.now()) - r.startedAt; }

  function badge(status, extra) {
    return h("span", { className: "badge " + status, "data-status": status, text: status + (extra || "") });
  }

  function runLink(runId, text) { return h("a", { href: "#/runs/" + runId, className: "mono", title: runId, text: text || shortId(runId) }); }

  function pretty(value) { return value === undefined ? "undefined" : JSON.stringify(value, null, 2); }

  function announce(text) {
    var el = $("announcer");
    el.textContent = "";
    setTimeout(function () { el.textContent = text; }, 30);
  }

  function setResult(el, text, tone, children) {
    el.className = "result" + (tone ? " " + tone : "");
    clear(el);
    if (text) el.appendChild(document.createTextNode(text));
    (children || []).forEach(function (c) { el.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
  }

  // Rebuilding a list keeps keyboard focus on the element with the same data-key.
  function keepingFocus(container, rebuild) {
    var active = document.activeElement;
    var key = active && container.contains(active) ? active.getAttribute("data-key") : null;
    rebuild();
    if (key) {
      var again = container.querySelector('[data-key="' + CSS.escape(key) + '"]');
      if (again) again.focus();
    }
  }

  function api(method, path, body) {
    return fetch(path, { method: method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined })
      .then(function (res) {
        return res.text().then(function (text) {
          var value;
          try { value = text ? JSON.parse(text) : null; } catch (err) { value = { error: text }; }
          return { ok: res.ok, status: res.status, value: value };
        });
      })
      .catch(function (err) { return { ok: false, status: 0, value: { error: "the Dev Server did not answer (" + err.message + ")" } }; });
  }

  function errorOf(answer) { return (answer.value && answer.value.error) || "HTTP " + answer.status; }

  // ---- routes --------------------------------------------------------------------------------------

  function parseRoute() {
    var hash = location.hash.replace(/^#\\/?/, "");
    var q = hash.indexOf("?");
    var path = (q < 0 ? hash : hash.slice(0, q)).split("/").filter(Boolean);
    var params = new URLSearchParams(q < 0 ? "" : hash.slice(q + 1));
    if (path[0] === "runs" && path[1]) return { view: "run", id: decodeURIComponent(path[1]), params: params };
    if (path[0] === "events" || path[0] === "apps") return { view: path[0], id: null, params: params };
    return { view: "runs", id: null, params: params };
  }

  var TITLES = { runs: "Runs", run: "Run", events: "Events", apps: "Apps" };

  function show(focus) {
    var route = (state.route = parseRoute());
    ["runs", "run", "events", "apps"].forEach(function (view) { $("view-" + view).hidden = view !== route.view; });
    document.querySelectorAll(".sidenav a[data-view]").forEach(function (a) {
      var current = a.getAttribute("data-view") === (route.view === "run" ? "runs" : route.view);
      if (current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    document.title = TITLES[route.view] + " \\u00b7 Stepwise Dev Server";
    if (route.view === "runs") {
      var q = route.params.get("q");
      if (q !== null) $("runs-filter").value = q;
      renderRuns();
    }
    if (route.view === "run") openRun(route.id);
    else { state.runId = null; state.run = null; }
    if (route.view === "events") {
      var name = route.params.get("name");
      if (name !== null) {
        $("event-name").value = name;
        validateForm(false);
      }
      renderEvents();
    }
    if (route.view === "apps") renderApps();
    if (focus) {
      var target = route.view === "events" && route.params.get("name") !== null ? $("event-data") : $("view-" + route.view).querySelector("h1");
      if (target) target.focus();
    }
  }

  // ---- runs list -----------------------------------------------------------------------------------

  function runMatches(r, q) {
    if (!q) return true;
    q = q.toLowerCase();
    return [r.function, r.event, r.status, r.runId].some(function (v) { return String(v).toLowerCase().indexOf(q) >= 0; });
  }

  function renderRuns() {
    $("count-runs").textContent = String(state.runs.length);
    var q = $("runs-filter").value.trim();
    var shown = state.runs.filter(function (r) { return runMatches(r, q); }).slice(0, 500);
    var known = state.knownRuns;
    var body = $("runs-body");
    keepingFocus(body, function () {
      clear(body);
      shown.forEach(function (r) {
        var row = h("tr", { "data-run-id": r.runId, "data-status": r.status, className: known && !known.has(r.runId) ? "fresh" : null }, [
          h("td", {}, [badge(r.status), r.waiting && r.status === "running" ? h("span", { className: "waiting-note", text: r.waiting }) : null]),
          h("td", {}, [h("a", { href: "#/runs/" + r.runId, "data-key": "fn-" + r.runId, className: "run-fn", text: r.function })]),
          h("td", {}, [h("span", { className: "chip", text: r.event }), r.parentRunId ? h("span", { className: "hint" }, [" from run ", runLink(r.parentRunId)]) : null]),
          h("td", { className: "num" }, [time(r.startedAt)]),
          h("td", { className: "num duration", "data-started": String(r.startedAt), "data-ended": r.endedAt ? String(r.endedAt) : "", text: duration(runDuration(r)) }),
          h("td", {}, [h("a", { href: "#/runs/" + r.runId, className: "mono", title: r.runId, "data-key": "id-" + r.runId, text: shortId(r.runId) })]),
        ]);
        body.appendChild(row);
      });
    });
    state.knownRuns = new Set(state.runs.map(function (r) { return r.runId; }));
    $("runs-table").hidden = shown.length === 0;
    $("runs-empty").hidden = shown.length !== 0;
    $("runs-empty").textContent = state.runs.length ? "No runs match \\u201c" + q + "\\u201d." : "No runs yet. Send an event to start one.";
  }

  function runsChanged(runs) {
    var opened = state.runId;
    runs.forEach(function (r) {
      var before = state.statusOf[r.runId];
      if (before && before !== r.status && r.runId === opened) announce("Run " + shortId(r.runId) + " of " + r.function + " is " + r.status);
      state.statusOf[r.runId] = r.status;
    });
    state.runs = runs;
    if (!state.route || state.route.view === "runs") renderRuns();
    else $("count-runs").textContent = String(runs.length);
    if (state.run) renderRunFacts();
    refreshEventsSoon();
  }

  // ---- one run -------------------------------------------------------------------------------------

  function openRun(runId) {
    if (state.runId !== runId) {
      state.runId = runId;
      state.run = null;
      state.journalShown = 0;
      state.highlighted = null;
      clear($("journal"));
      clear($("lanes"));
      $("timeline-details").textContent = TIMELINE_HINT;
      setResult($("action-result"), "");
      $("run-title").textContent = "Run " + runId;
      $("run-crumb").textContent = shortId(runId);
      clear($("run-status"));
      clear($("run-facts"));
    }
    loadRun(runId);
  }

  function loadRun(runId) {
    var asked = Date.now();
    return api("GET", "/api/runs/" + encodeURIComponent(runId)).then(function (answer) {
      if (state.runId !== runId) return;
      if (!answer.ok) {
        $("run-title").textContent = "No run " + runId;
        setResult($("action-result"), errorOf(answer), "error");
        return;
      }
      // A live update that came while this answer was on its way is newer than the answer's run.
      var live = state.run && state.run.run.runId === runId && state.run.liveAt > asked ? state.run : null;
      state.run = answer.value;
      if (live) { state.run.run = live.run; state.run.liveAt = live.liveAt; }
      renderRun();
    });
  }

  var journalTimer = null;
  function reloadJournalSoon() {
    if (journalTimer) return;
    journalTimer = setTimeout(function () {
      journalTimer = null;
      if (state.runId) loadRun(state.runId);
    }, 150);
  }

  function listingOf(runId) { return state.runs.find(function (r) { return r.runId === runId; }); }

  function renderRun() {
    var data = state.run;
    if (!data) return;
    var run = data.run;
    $("run-title").textContent = run.function;
    $("run-crumb").textContent = shortId(run.runId);
    renderRunFacts();
    drawTimeline(run, { lanes: $("lanes"), details: $("timeline-details"), marks: $("timeline-marks"), onSelect: highlightStep });
    $("timeline-marks").hidden = !(run.marks || []).length;
    renderOutput(run);
    var first = data.journal[0];
    $("run-event").textContent = first && first.type === "run" ? pretty(first.events && first.events.length > 1 ? first.events : first.event) : "not recorded";
    renderJournal();
  }

  function renderRunFacts() {
    var data = state.run;
    if (!data) return;
    var run = data.run;
    var listing = listingOf(run.runId) || {};
    var status = run.status;
    var statusEl = clear($("run-status"));
    statusEl.appendChild(badge(status));
    if (listing.waiting && status === "running") statusEl.appendChild(h("span", { className: "waiting-note", text: listing.waiting }));
    var first = data.journal[0] && data.journal[0].type === "run" ? data.journal[0] : null;
    var facts = [
      ["Run ID", h("span", { className: "mono", title: run.runId, text: run.runId })],
      ["Trigger", h("span", { className: "chip", text: first ? first.event.name : listing.event || "" })],
      ["Started", time(run.startedAt)],
      ["Duration", h("span", { className: "run-duration", text: duration(runDuration(run)) + (run.endedAt ? "" : " so far") })],
      ["Parallelism", run.mode || "none yet"],
      ["Calls", run.calls.discovery + " discovery, " + run.calls.step + " step" + (run.calls.checkpoint ? ", " + run.calls.checkpoint + " checkpoint" : "")],
    ];
    var parent = listing.parentRunId || (first && first.parentRunId);
    if (parent) facts.push(["Sent by run", runLink(parent)]);
    if (first && first.replayOf) facts.push(["Replay of", runLink(first.replayOf)]);
    var dl = clear($("run-facts"));
    facts.forEach(function (f) { dl.appendChild(h("div", {}, [h("dt", { text: f[0] }), h("dd", {}, [f[1]])])); });
    $("act-cancel").disabled = !ACTIVE[status];
    $("act-cancel").title = ACTIVE[status] ? "Stop this run" : "Only a running run can be cancelled";
    $("act-replay").disabled = !!ACTIVE[status];
    $("act-replay").title = ACTIVE[status] ? "Replay a run once it has ended" : "Re-drive the function with the recorded step results against the current code; no step bodies run";
    var debug = $("act-debug");
    var journalDir = state.info && state.info.startOpts && state.info.startOpts.journalDir;
    debug.hidden = !journalDir;
    if (journalDir) debug.href = "vscode://stepwise.stepwise/replay?run=" + encodeURIComponent(run.runId) + "&journal=" + encodeURIComponent(journalDir);
    $("journal-file").textContent = data.file || "";
  }

  function renderOutput(run) {
    var out = $("run-output");
    out.classList.toggle("error-text", !!run.error);
    if (run.error) out.textContent = run.error;
    else if (run.status === "completed") out.textContent = pretty(run.output);
    else if (ACTIVE[run.status]) out.textContent = "No output yet: the run is still going.";
    else out.textContent = "No output: the run is " + run.status + ".";
  }

  function entryStep(e) {
    if (e.type === "planned" || e.type === "stored" || e.type === "edit" || e.type === "deferred") return e.hashedId;
    if (e.type === "call" && e.kind === "step") return e.stepId;
    if (e.type === "retry") return e.stepId;
    return null;
  }

  function relative(at, start) {
    var ms = at - start;
    return "+" + (ms >= 1000 ? (ms / 1000).toFixed(2) + " s" : Math.round(ms) + " ms");
  }

  function renderJournal() {
    var entries = state.run.journal;
    var list = $("journal");
    if (entries.length < state.journalShown) { clear(list); state.journalShown = 0; }
    var start = entries.length && entries[0].type === "run" ? entries[0].at : state.run.run.startedAt;
    var names = {};
    entries.forEach(function (e) { if (e.hashedId && e.id) names[e.hashedId] = e.id; });
    for (var i = state.journalShown; i < entries.length; i++) {
      (function (entry, index) {
        var said = describeJournalEntry(entry, names);
        var raw = h("pre", { className: "json" });
        var details = h("details", {}, [
          h("summary", { "aria-label": said.type + " at " + relative(entry.at, start) + ": " + said.text }, [
            h("span", { className: "at", text: relative(entry.at, start) }),
            h("span", { className: "type " + said.tone, text: said.type }),
            h("span", { className: "text", text: said.text }),
          ]),
          raw,
        ]);
        details.addEventListener("toggle", function () { if (details.open && !raw.textContent) raw.textContent = pretty(entry); });
        var step = entryStep(entry);
        var item = h("li", { "data-index": String(index), "data-type": entry.type, "data-step": step, className: step && step === state.highlighted ? "highlight" : null }, [details]);
        list.appendChild(item);
      })(entries[i], i);
    }
    state.journalShown = entries.length;
    $("journal-count").textContent = entries.length + " entr" + (entries.length === 1 ? "y" : "ies");
  }

  // Clicking a bar marks that step's journal entries.
  function highlightStep(bar) {
    state.highlighted = bar.hashedId;
    var first = null;
    document.querySelectorAll("#journal > li").forEach(function (li) {
      var on = li.getAttribute("data-step") === bar.hashedId;
      li.classList.toggle("highlight", on);
      if (on && !first) first = li;
    });
    if (first) {
      first.scrollIntoView({ block: "nearest" });
      announce("Journal entries of " + bar.id + " marked");
    }
  }

  function act(action) {
    var runId = state.runId;
    var button = $("act-" + action);
    var result = $("action-result");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    setResult(result, action === "replay" ? "Replaying against the current code\\u2026" : action === "rerun" ? "Starting a new run\\u2026" : "Cancelling\\u2026");
    api("POST", "/api/runs/" + encodeURIComponent(runId) + "/" + action).then(function (answer) {
      button.removeAttribute("aria-busy");
      button.disabled = false;
      if (state.runId !== runId) return;
      renderRunFacts();
      var v = answer.value || {};
      if (!answer.ok) return setResult(result, action[0].toUpperCase() + action.slice(1) + " failed: " + errorOf(answer), "error");
      if (action === "rerun") {
        if (v.runId) setResult(result, "Rerun started: ", "ok", [runLink(v.runId, "run " + shortId(v.runId)), " (same event, current code)."]);
        else setResult(result, "No run started: " + v.skipped, "error");
      }
      if (action === "replay") {
        if (v.divergence) setResult(result, "Replay diverged: " + v.divergence.message, "error");
        else setResult(result, "Replayed against the current code: " + v.status + ", no divergence" + (v.status === "completed" ? "; output " + JSON.stringify(v.output) : "") + ".", v.status === "failed" ? "error" : "ok");
      }
      if (action === "cancel") setResult(result, v.cancelled ? "Cancel requested." : "Nothing to cancel: the run is not running any more.", v.cancelled ? "ok" : null);
    });
  }

  // ---- events ------------------------------------------------------------------------------------

  function readData(text) {
    if (!text.trim()) return { value: {} };
    try {
      var value = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) return { error: "Data must be a JSON object, like {\\"id\\": 1}." };
      return { value: value };
    } catch (err) {
      return { error: "Not valid JSON: " + err.message };
    }
  }

  function validateForm(showNameError) {
    var name = $("event-name").value.trim();
    var data = readData($("event-data").value);
    var nameBad = showNameError && !name;
    $("event-name").setAttribute("aria-invalid", nameBad ? "true" : "false");
    $("event-name-error").textContent = nameBad ? "Give the event a name, like app/user.created." : "";
    $("event-data").setAttribute("aria-invalid", data.error ? "true" : "false");
    $("event-data-error").textContent = data.error || "";
    return name && !data.error ? { name: name, data: data.value } : null;
  }

  function sendEvent(event, resultEl, verb, button) {
    if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
    return api("POST", "/api/events", event).then(function (answer) {
      if (button) { button.disabled = false; button.removeAttribute("aria-busy"); }
      if (!answer.ok) return setResult(resultEl, "Not sent: " + errorOf(answer), "error");
      var ids = (answer.value && answer.value.ids) || [];
      setResult(resultEl, verb + " " + event.name + " as event " + shortId(ids[0]) + ". ", "ok", [h("a", { href: "#/runs", text: "See runs" })]);
      refreshEventsSoon();
    });
  }

  var eventsTimer = null;
  // The event list's run IDs fill in once the runs are scheduled, after the "events" message.
  function refreshEventsSoon() {
    if (eventsTimer) return;
    eventsTimer = setTimeout(function () {
      eventsTimer = null;
      api("GET", "/api/events").then(function (answer) { if (answer.ok) eventsChanged(answer.value); });
    }, 250);
  }

  function eventsChanged(events) {
    state.events = events;
    $("count-events").textContent = String(events.length);
    if (state.route.view === "events") renderEvents();
  }

  function renderEvents() {
    $("count-events").textContent = String(state.events.length);
    var body = $("events-body");
    keepingFocus(body, function () {
      clear(body);
      state.events.forEach(function (e) {
        var runs = e.runs.length
          ? e.runs.map(function (id, i) { return h("span", {}, [i ? ", " : "", runLink(id)]); })
          : [h("span", { className: "muted", text: "no run" })];
        var data = JSON.stringify(e.data);
        body.appendChild(h("tr", { "data-event-id": e.id, "data-name": e.name }, [
          h("td", {}, [h("span", { className: "chip", text: e.name }), e.fromRunId ? h("span", { className: "hint" }, [" sent by run ", runLink(e.fromRunId)]) : null]),
          h("td", { className: "num" }, [time(e.ts)]),
          h("td", {}, [h("div", { className: "data-preview", title: data, text: data })]),
          h("td", { className: "event-runs" }, runs),
          h("td", {}, [h("div", { className: "row-actions" }, [
            h("button", { type: "button", className: "small resend", "data-key": "resend-" + e.id, "aria-label": "Resend " + e.name + " (" + shortId(e.id) + ")", text: "Resend",
              onclick: function (ev) { sendEvent({ name: e.name, data: e.data }, $("events-result"), "Resent", ev.currentTarget); } }),
            h("button", { type: "button", className: "small", "data-key": "edit-" + e.id, "aria-label": "Edit " + e.name + " (" + shortId(e.id) + ") in the form", text: "Edit",
              onclick: function () {
                $("event-name").value = e.name;
                $("event-data").value = pretty(e.data);
                validateForm(false);
                $("event-data").focus();
                $("event-form").scrollIntoView({ block: "nearest" });
              } }),
          ])]),
        ]));
      });
    });
    $("events-table").hidden = state.events.length === 0;
    $("events-empty").hidden = state.events.length !== 0;
  }

  // ---- apps --------------------------------------------------------------------------------------

  function appsChanged(apps) {
    state.apps = apps;
    $("count-apps").textContent = String(apps.length);
    var names = clear($("event-names"));
    var seen = {};
    apps.forEach(function (a) {
      a.functions.forEach(function (f) {
        (f.triggers || []).forEach(function (t) {
          if (t.event && !seen[t.event]) { seen[t.event] = true; names.appendChild(h("option", { value: t.event })); }
        });
      });
    });
    if (state.route.view === "apps") renderApps();
  }

  function triggerChips(f) {
    return (f.triggers || []).map(function (t) {
      if (t.cron) return h("span", { className: "chip", title: "cron schedule", text: "cron " + t.cron });
      return h("span", {}, [h("span", { className: "chip", text: t.event }), t.expression ? h("span", { className: "hint", title: t.expression, text: " if " + (t.expression.length > 60 ? t.expression.slice(0, 57) + "\\u2026" : t.expression) }) : null]);
    });
  }

  function renderApps() {
    $("count-apps").textContent = String(state.apps.length);
    var list = clear($("apps-list"));
    $("apps-empty").hidden = state.apps.length !== 0;
    state.apps.forEach(function (a) {
      var source = a.source && a.source.program ? "module " + a.source.program : a.url;
      var rows = a.functions.map(function (f) {
        var firstEvent = (f.triggers || []).find(function (t) { return t.event; });
        return h("tr", { "data-function": f.slug }, [
          h("td", {}, [h("div", { className: "fn-name", text: f.name || f.slug }), h("div", { className: "hint mono", text: f.id })]),
          h("td", {}, triggerChips(f)),
          h("td", {}, [h("div", { className: "row-actions" }, [
            firstEvent ? h("a", { className: "button small", href: "#/events?name=" + encodeURIComponent(firstEvent.event), "aria-label": "Send " + firstEvent.event + " to " + (f.name || f.slug), text: "Send event" }) : null,
            h("a", { className: "button small", href: "#/runs?q=" + encodeURIComponent(f.slug), "aria-label": "Runs of " + (f.name || f.slug), text: "Runs" }),
          ])]),
        ]);
      });
      list.appendChild(h("section", { className: "card app", "data-app": a.id || a.url, "aria-label": "App " + (a.id || a.url) }, [
        h("div", { className: "app-head" }, [
          h("h2", { text: a.id || "not synced" }),
          a.sdk ? h("span", { className: "chip", text: a.sdk }) : null,
          a.framework ? h("span", { className: "chip", text: a.framework }) : null,
          h("span", { className: "badge " + (a.error ? "failed" : "completed"), text: a.error ? "sync failed" : "synced" }),
          a.syncedAt ? h("span", { className: "hint" }, ["at ", time(a.syncedAt)]) : null,
        ]),
        h("div", { className: "app-source", text: source }),
        a.error ? h("div", { className: "app-error", role: "alert", text: a.error }) : null,
        rows.length
          ? h("table", { className: "data" }, [
              h("caption", { className: "sr-only", text: "Functions of " + (a.id || a.url) }),
              h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: "Function" }), h("th", { scope: "col", text: "Triggers" }), h("th", { scope: "col" }, [h("span", { className: "sr-only", text: "Actions" })])])]),
              h("tbody", {}, rows),
            ])
          : h("p", { className: "muted", text: "No functions." }),
      ]));
    });
  }

  // ---- live feed -----------------------------------------------------------------------------------

  var retryMs = 500;
  function connect() {
    var conn = $("connection");
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live");
    socket.addEventListener("open", function () {
      retryMs = 500;
      conn.setAttribute("data-state", "live");
      conn.textContent = "live";
      socket.send(JSON.stringify({ type: "ready" }));
    });
    socket.addEventListener("message", function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (err) { return; }
      if (message.type === "runs") runsChanged(message.runs);
      if (message.type === "events") { eventsChanged(message.events); refreshEventsSoon(); }
      if (message.type === "apps") appsChanged(message.apps);
      if (message.type === "run" && state.run && message.run.runId === state.runId) {
        state.run.run = message.run;
        state.run.liveAt = Date.now();
        renderRun();
        reloadJournalSoon();
      } else if (message.type === "run" && message.run.runId === state.runId) reloadJournalSoon();
    });
    socket.addEventListener("close", function () {
      conn.setAttribute("data-state", "closed");
      conn.textContent = "reconnecting\\u2026";
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    });
  }

  // Durations of running runs, and a running run's timeline, grow by the second.
  setInterval(function () {
    document.querySelectorAll("#runs-body td.duration").forEach(function (td) {
      if (td.getAttribute("data-ended")) return;
      td.textContent = duration(Date.now() - Number(td.getAttribute("data-started")));
    });
    if (state.run && ACTIVE[state.run.run.status] && state.route.view === "run") {
      drawTimeline(state.run.run, { lanes: $("lanes"), details: $("timeline-details"), marks: $("timeline-marks"), onSelect: highlightStep });
      var d = document.querySelector("#run-facts .run-duration");
      if (d) d.textContent = duration(runDuration(state.run.run)) + " so far";
    }
  }, 1000);

  // ---- wiring --------------------------------------------------------------------------------------

  timelineKeys($("lanes"));
  $("runs-filter").addEventListener("input", renderRuns);
  ["rerun", "replay", "cancel"].forEach(function (action) { $("act-" + action).addEventListener("click", function () { act(action); }); });
  $("event-data").addEventListener("input", function () { validateForm(false); });
  $("event-name").addEventListener("input", function () { if ($("event-name").getAttribute("aria-invalid") === "true") validateForm(true); });
  $("event-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var event = validateForm(true);
    if (!event) {
      ($("event-name").getAttribute("aria-invalid") === "true" ? $("event-name") : $("event-data")).focus();
      return;
    }
    sendEvent(event, $("event-result"), "Sent", $("event-send"));
  });
  $("event-format").addEventListener("click", function () {
    var data = readData($("event-data").value);
    if (!data.error) $("event-data").value = pretty(data.value);
    validateForm(false);
  });
  window.addEventListener("hashchange", function () { show(true); });

  Promise.all([api("GET", "/dev"), api("GET", "/api/apps"), api("GET", "/api/runs"), api("GET", "/api/events")]).then(function (answers) {
    if (answers[0].ok) {
      state.info = answers[0].value;
      var about = clear($("about"));
      about.appendChild(h("span", { text: state.info.version }));
      about.appendChild(h("span", { text: "journal " + state.info.startOpts.journalDir, title: "Runs are recorded here" }));
    }
    if (answers[1].ok) appsChanged(answers[1].value);
    if (answers[2].ok) {
      answers[2].value.forEach(function (r) { state.statusOf[r.runId] = r.status; });
      state.runs = answers[2].value;
    }
    if (answers[3].ok) state.events = answers[3].value;
    show(false);
    connect();
  });
})();
`;
