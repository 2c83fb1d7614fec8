// How the Dev Server's page puts a journal entry (runtime/journal.ts JournalEntry) in words: one
// line per entry, shown beside its raw JSON. Browser code kept as text, inlined under the page's nonce.
// Defines `describeJournalEntry(entry, names) → { type, tone, text }`: `type` is the entry's type as
// recorded, `tone` a CSS class for its colour; `names` maps hashed step IDs to the IDs the code gave
// (from the run's own entries), for the entries that only carry the hash.

export const DEV_PAGE_JOURNAL_SCRIPT = `
function describeJournalEntry(e, names) {
  var stepName = function (hashed) { return (names && names[hashed]) || (hashed === "step" ? "the discovery" : hashed); };
  var plural = function (n, word) { return n + " " + word + (n === 1 ? "" : "s"); };
  var json = function (value) {
    var text = value === undefined ? "undefined" : JSON.stringify(value);
    return text.length > 120 ? text.slice(0, 117) + "\\u2026" : text;
  };
  var storedError = function (result) { return result && typeof result === "object" && result.error ? (result.error.name || "Error") + ": " + (result.error.message || "") : null; };
  switch (e.type) {
    case "run":
      return { type: e.type, tone: "run", text: "Run of " + e.functionSlug + " started by " + e.event.name + (e.events && e.events.length > 1 ? " (a batch of " + e.events.length + " events)" : "") + (e.parentRunId ? ", sent by run " + e.parentRunId : "") + (e.replayOf ? ", replaying " + e.replayOf : "") };
    case "resumed":
      return { type: e.type, tone: "run", text: "Resumed by process " + e.writer.pid + " on " + e.writer.host };
    case "call":
      var held = e.heldFrom === undefined ? "" : ", after " + (e.at - e.heldFrom >= 1000 ? ((e.at - e.heldFrom) / 1000).toFixed(1) + " s" : Math.round(e.at - e.heldFrom) + " ms") + " paused in the debugger";
      return { type: e.type, tone: "call", text: "Call #" + e.seq + ": " + (e.kind === "discovery" ? "discovery" : "step " + (e.step || stepName(e.stepId))) + (e.attempt > 0 ? ", attempt " + (e.attempt + 1) : "") + held };
    case "answer": {
      var ops = Array.isArray(e.ops) ? e.ops : [];
      var opNames = ops.map(function (o) { return o.op + (o.displayName || o.name ? " " + (o.displayName || o.name) : ""); });
      var failure = e.body && typeof e.body === "object" && typeof e.body.message === "string" ? (e.body.name || "Error") + ": " + e.body.message : null;
      var what = e.status === 200 ? "the function returned " + json(e.body) : ops.length ? opNames.join(", ") : failure || (e.body !== undefined ? json(e.body) : "");
      return { type: e.type, tone: e.status >= 400 ? "failed" : "answer", text: "Answer #" + e.seq + ": HTTP " + e.status + " in " + e.ms + " ms" + (e.mode ? " (" + e.mode + ")" : "") + (what ? " \\u2014 " + what : "") };
    }
    case "call-failed":
      return { type: e.type, tone: "call-failed", text: "Call #" + e.seq + " failed: " + e.message + (e.retriable ? " (will retry)" : "") };
    case "retry":
      return { type: e.type, tone: "retry", text: "Attempt " + (e.attempt + 1) + " of " + stepName(e.stepId) + " due at " + new Date(e.dueAt).toLocaleTimeString() };
    case "stored": {
      var error = storedError(e.result);
      return { type: e.type, tone: error ? "failed" : "stored", text: "Stored " + e.id + " (" + e.kind + ")" + (e.attempts > 0 ? " after " + plural(e.attempts, "attempt") : "") + ": " + (error || json(e.result && typeof e.result === "object" && "data" in e.result ? e.result.data : e.result)) };
    }
    case "planned": {
      var extra = "";
      if (e.until) extra += ", until " + new Date(e.until).toLocaleTimeString();
      if (e.wait) extra += ", waiting for " + (e.wait.event ? "event " + e.wait.event : "signal " + e.wait.signal) + (e.wait.if ? " if " + e.wait.if : "") + " until " + new Date(e.wait.expiresAt).toLocaleTimeString();
      if (e.invoke) extra += ", invoking " + e.invoke.functionId + (e.invoke.childRunId ? " (run " + e.invoke.childRunId + ")" : "");
      return { type: e.type, tone: "planned", text: "Planned " + e.id + " (" + e.kind + ") on branch " + ((e.lane || 0) + 1) + extra };
    }
    case "edit":
      return { type: e.type, tone: "note", text: "Edited the result of " + e.id + " to " + json(e.result) };
    case "note":
      return { type: e.type, tone: "note", text: e.message };
    case "interrupted":
      return { type: e.type, tone: "interrupted", text: "Interrupted: " + e.reason };
    case "deferred":
      return { type: e.type, tone: "note", text: (e.aborted ? "Deferred call aborted: " : "Deferred ") + e.fnSlug + " (" + e.id + ")" };
    case "waiting":
      return { type: e.type, tone: "waiting", text: "Waiting: " + e.reason };
    case "published":
      return { type: e.type, tone: "note", text: "Published on " + e.channel + " [" + e.topics.join(", ") + "]: " + e.data };
    case "checkpoint":
      return { type: e.type, tone: "call", text: "Checkpoint of " + plural(e.steps.length, "step") };
    case "end": {
      var calls = e.calls ? plural(e.calls.discovery + e.calls.step + (e.calls.checkpoint || 0), "call") : "";
      var outcome = e.error ? (e.error.name || "Error") + ": " + e.error.message : e.status === "completed" ? "output " + json(e.output) : "";
      return { type: e.type, tone: "end-" + e.status, text: "Run " + e.status + (outcome ? " \\u2014 " + outcome : "") + (calls ? " (" + calls + ")" : "") };
    }
    default:
      return { type: String(e.type), tone: "note", text: json(e) };
  }
}
`;
