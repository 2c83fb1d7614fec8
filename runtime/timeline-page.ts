// The timeline page: one lane per parallel branch, a bar per step. The same HTML is the VS Code
// webview (messages through acquireVsCodeApi) and the page `stepwise dev` serves (messages over a
// WebSocket). It draws with the editor's theme colours and works from the keyboard.
//
// Messages to the page: { type: "runs", runs: [{ runId, function, status, startedAt }] },
// { type: "run", run: TimelineRun }. From the page: { type: "select", runId }.

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
  #lanes { position: relative; border-top: 1px solid var(--border); }
  .lane { position: relative; height: 28px; border-bottom: 1px solid var(--border); }
  .lane-label { position: absolute; left: 0; top: 6px; width: 60px; color: var(--muted); }
  .bar { position: absolute; top: 4px; height: 20px; min-width: 6px; border-radius: 3px; border: 1px solid transparent; color: var(--bg); font-size: 11px; line-height: 20px; padding: 0 4px; overflow: hidden; white-space: nowrap; cursor: default; background: var(--run); }
  .bar.completed { background: var(--ok); }
  .bar.failed { background: var(--fail); }
  .bar.retrying, .bar.retried { background: var(--retry); }
  .bar.planned, .bar.sleeping, .bar.waiting { background: transparent; border: 1px dashed var(--muted); color: var(--fg); }
  .bar:focus { outline: 2px solid var(--focus); outline-offset: 1px; }
  #details { margin-top: 10px; min-height: 2.5em; color: var(--fg); white-space: pre-wrap; }
  .legend span { margin-right: 10px; }
  #marks { list-style: none; padding: 0; margin: 10px 0 0; color: var(--muted); }
  #marks li { padding: 1px 0; }
  #marks .kind { display: inline-block; min-width: 6em; color: var(--fg); }
  .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
</style>
</head>
<body>
<header>
  <h1 id="title">Stepwise timeline</h1>
  <label>Run <select id="runs" aria-label="Run"></select></label>
  <span class="meta" id="summary" role="status" aria-live="polite">waiting for a run…</span>
</header>
<div class="legend meta" aria-hidden="true">
  <span><i class="swatch" style="background:var(--ok)"></i>completed</span>
  <span><i class="swatch" style="background:var(--retry)"></i>retried</span>
  <span><i class="swatch" style="background:var(--fail)"></i>failed</span>
  <span><i class="swatch" style="background:var(--run)"></i>running</span>
  <span><i class="swatch" style="border:1px dashed var(--muted)"></i>planned / sleeping / waiting</span>
</div>
<div id="lanes" role="list" aria-label="Steps by parallel branch"></div>
<div id="details" aria-live="polite"></div>
<ul id="marks" aria-label="Waits, published messages and notes"></ul>
<script nonce="${options.nonce}">
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
  const details = document.getElementById("details");
  let current = null;
  runsSelect.addEventListener("change", () => send({ type: "select", runId: runsSelect.value }));

  function describe(bar) {
    const took = bar.end === null ? "still " + bar.status : Math.round(bar.end - bar.start) + " ms";
    return bar.id + " (" + bar.kind + "): " + bar.status + ", " + bar.attempts + " attempt" + (bar.attempts === 1 ? "" : "s") + ", started +" + Math.round(bar.start) + " ms, " + took + (bar.error ? "\\n" + bar.error : "");
  }

  function render(run) {
    current = run;
    document.getElementById("title").textContent = run.function;
    const total = run.calls.discovery + run.calls.step;
    summary.textContent = run.status + " · " + (run.mode || "no parallelism yet") + " · " + total + " calls (" + run.calls.discovery + " discovery, " + run.calls.step + " step)" + (run.error ? " · " + run.error : "");
    const end = Math.max(1, run.endedAt ? run.endedAt - run.startedAt : Date.now() - run.startedAt, ...run.bars.map((b) => b.end || b.start));
    lanesEl.textContent = "";
    const width = Math.max(200, lanesEl.clientWidth - 70);
    for (let lane = 0; lane < run.lanes; lane++) {
      const row = document.createElement("div");
      row.className = "lane";
      row.setAttribute("role", "listitem");
      const label = document.createElement("span");
      label.className = "lane-label";
      label.textContent = "branch " + (lane + 1);
      row.appendChild(label);
      for (const bar of run.bars.filter((b) => b.lane === lane)) {
        const el = document.createElement("button");
        const status = bar.status === "completed" && bar.attempts > 1 ? "retried" : bar.status;
        el.className = "bar " + status;
        el.dataset.step = bar.id;
        el.style.left = 60 + (bar.start / end) * width + "px";
        el.style.width = Math.max(6, (((bar.end === null ? end : bar.end) - bar.start) / end) * width) + "px";
        el.textContent = bar.id + (bar.attempts > 1 ? " ×" + bar.attempts : "");
        el.setAttribute("aria-label", describe(bar));
        el.title = describe(bar);
        el.addEventListener("focus", () => (details.textContent = describe(bar)));
        el.addEventListener("mouseenter", () => (details.textContent = describe(bar)));
        row.appendChild(el);
      }
      lanesEl.appendChild(row);
    }
    const marksEl = document.getElementById("marks");
    marksEl.textContent = "";
    for (const mark of run.marks || []) {
      const item = document.createElement("li");
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = "+" + Math.round(mark.at) + " ms " + mark.kind;
      item.appendChild(kind);
      item.appendChild(document.createTextNode(" " + mark.text));
      marksEl.appendChild(item);
    }
  }

  // Arrow keys move between bars: left/right along time, up/down across branches.
  lanesEl.addEventListener("keydown", (event) => {
    const bars = Array.from(lanesEl.querySelectorAll(".bar"));
    const index = bars.indexOf(document.activeElement);
    if (index < 0) return;
    const rows = Array.from(lanesEl.querySelectorAll(".lane"));
    const row = rows.indexOf(document.activeElement.parentElement);
    let target = null;
    if (event.key === "ArrowRight") target = bars[index + 1];
    if (event.key === "ArrowLeft") target = bars[index - 1];
    if (event.key === "ArrowDown" && rows[row + 1]) target = rows[row + 1].querySelector(".bar");
    if (event.key === "ArrowUp" && rows[row - 1]) target = rows[row - 1].querySelector(".bar");
    if (target) { target.focus(); event.preventDefault(); }
  });

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
