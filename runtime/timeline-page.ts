// The timeline page: one lane per parallel branch, a bar per step. It is the VS Code webview
// (messages through acquireVsCodeApi) and, in a browser, a page fed over a WebSocket at /live
// (TimelineServer). It draws with the editor's theme colours and works from the keyboard; the
// drawing itself is timeline-draw.ts, shared with the Dev Server's page.
//
// Messages to the page: { type: "runs", runs: [{ runId, function, status, startedAt }] },
// { type: "run", run: TimelineRun }. From the page: { type: "select", runId }.
import { TIMELINE_LEGEND, TIMELINE_SCRIPT, TIMELINE_STYLE } from "./timeline-draw";

export interface TimelinePageOptions {
  /** Content-Security-Policy nonce for the inline script (the webview requires one). */
  nonce: string;
  /** The webview's CSP source; absent in a browser. */
  cspSource?: string;
  title?: string;
}

export function timelinePage(options: TimelinePageOptions): string {
  const csp = options.cspSource
    ? `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${options.cspSource} 'unsafe-inline'; script-src 'nonce-${options.nonce}';">`
    : `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${options.nonce}'; connect-src ws: wss:;">`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${csp}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title ?? "Stepwise timeline"}</title>
<style>
  :root {
    --fg: var(--vscode-editor-foreground, #d4d4d4);
    --bg: var(--vscode-editor-background, #1e1e1e);
    --bar-fg: var(--bg);
    --muted: var(--vscode-descriptionForeground, #9d9d9d);
    --border: var(--vscode-panel-border, #444);
    --ok: var(--vscode-testing-iconPassed, #73c991);
    --fail: var(--vscode-testing-iconFailed, #f14c4c);
    --retry: var(--vscode-editorWarning-foreground, #cca700);
    --run: var(--vscode-progressBar-background, #0e70c0);
    --focus: var(--vscode-focusBorder, #007fd4);
  }
  body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--fg); background: var(--bg); margin: 0; padding: 12px; }
  header { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; margin-bottom: 8px; }
  h1 { font-size: 1.1em; margin: 0; }
  .meta { color: var(--muted); }
  select { background: var(--vscode-dropdown-background, #3c3c3c); color: var(--vscode-dropdown-foreground, #f0f0f0); border: 1px solid var(--border); padding: 2px 4px; }
${TIMELINE_STYLE}
</style>
</head>
<body>
<header>
  <h1 id="title">Stepwise timeline</h1>
  <label>Run <select id="runs" aria-label="Run"></select></label>
  <span class="meta" id="summary" role="status" aria-live="polite">waiting for a run…</span>
</header>
${TIMELINE_LEGEND}
<div id="lanes" role="list" aria-label="Steps by parallel branch"></div>
<div id="details" class="timeline-details" aria-live="polite"></div>
<ul id="marks" class="timeline-marks" aria-label="Waits, published messages and notes"></ul>
<script nonce="${options.nonce}">
${TIMELINE_SCRIPT}
(function () {
  const vscode = typeof acquireVsCodeApi === "function" ? acquireVsCodeApi() : null;
  let socket = null;
  function send(message) {
    if (vscode) vscode.postMessage(message);
    else if (socket && socket.readyState === 1) socket.send(JSON.stringify(message));
  }
  const runsSelect = document.getElementById("runs");
  const lanesEl = document.getElementById("lanes");
  const summary = document.getElementById("summary");
  const parts = { lanes: lanesEl, details: document.getElementById("details"), marks: document.getElementById("marks") };
  let current = null;
  runsSelect.addEventListener("change", () => send({ type: "select", runId: runsSelect.value }));
  timelineKeys(lanesEl);

  function render(run) {
    current = run;
    document.getElementById("title").textContent = run.function;
    const total = run.calls.discovery + run.calls.step;
    summary.textContent = run.status + " · " + (run.mode || "no parallelism yet") + " · " + total + " calls (" + run.calls.discovery + " discovery, " + run.calls.step + " step)" + (run.error ? " · " + run.error : "");
    drawTimeline(run, parts);
  }

  function receive(message) {
    if (message.type === "runs") {
      const selected = runsSelect.value;
      runsSelect.textContent = "";
      for (const r of message.runs) {
        const option = document.createElement("option");
        option.value = r.runId;
        option.textContent = r.function + " · " + r.status + " · " + new Date(r.startedAt).toLocaleTimeString() + " · " + r.runId.slice(-6);
        runsSelect.appendChild(option);
      }
      if (selected) runsSelect.value = selected;
      if (!current && message.runs.length) send({ type: "select", runId: message.runs[0].runId });
    }
    if (message.type === "run" && (!current || current.runId === message.run.runId || message.focus)) {
      render(message.run);
      runsSelect.value = message.run.runId;
    }
  }

  if (vscode) {
    window.addEventListener("message", (event) => receive(event.data));
    send({ type: "ready" });
  } else {
    socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live");
    socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
    socket.addEventListener("open", () => send({ type: "ready" }));
  }
})();
</script>
</body>
</html>
`;
}
