// The Dev Server's page (GET / on the API port): apps and their functions, a form to send events
// and the recent ones to resend, the runs list, and a run with its timeline, journal and actions.
// Its data comes from the JSON API and the WebSocket /live of dev-api.ts. Everything is inline —
// no external assets, the machine may be offline — under a strict CSP: one nonce for the script and
// the stylesheet, connections only to this server.
import { DEV_PAGE_JOURNAL_SCRIPT } from "./dev-page-journal";
import { DEV_PAGE_SCRIPT } from "./dev-page-script";
import { DEV_PAGE_STYLE } from "./dev-page-style";
import { TIMELINE_LEGEND, TIMELINE_SCRIPT, TIMELINE_STYLE } from "./timeline-draw";

export interface DevPageOptions {
  /** Content-Security-Policy nonce for the inline script and stylesheet. */
  nonce: string;
  /** The request's Host header (e.g. 127.0.0.1:8288): the one place the page may open a WebSocket to. */
  host?: string;
}

const LOGO = `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="2" y="4" width="9" height="4" rx="2" fill="currentColor" opacity=".45"/><rect x="7" y="10" width="13" height="4" rx="2" fill="currentColor"/><rect x="4" y="16" width="8" height="4" rx="2" fill="currentColor" opacity=".7"/></svg>`;
const FAVICON = `data:image/svg+xml,${encodeURIComponent(LOGO.replace(/currentColor/g, "#2f5bd3").replace('aria-hidden="true" focusable="false"', 'xmlns="http://www.w3.org/2000/svg"'))}`;

export function devPage(options: DevPageOptions): string {
  const { nonce } = options;
  const host = options.host && /^[A-Za-z0-9.:[\]-]+$/.test(options.host) ? options.host : undefined;
  const connect = host ? `'self' ws://${host} wss://${host}` : "'self'";
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src ${connect}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Stepwise Dev Server</title>
<link rel="icon" href="${FAVICON}">
<style nonce="${nonce}">
${DEV_PAGE_STYLE}
${TIMELINE_STYLE}
</style>
</head>
<body>
<a class="skip" href="#main" id="skip">Skip to content</a>
<header class="topbar">
  <div class="brand">${LOGO}<span>Stepwise</span><small>Dev Server</small></div>
  <span class="spacer"></span>
  <span id="connection" class="conn" data-state="connecting" role="status" aria-live="polite">connecting…</span>
  <a class="button primary" href="#/events">Send event</a>
</header>
<div class="layout">
  <nav class="sidenav" aria-label="Sections">
    <ul>
      <li><a href="#/runs" data-view="runs">Runs <span class="count" id="count-runs"></span></a></li>
      <li><a href="#/events" data-view="events">Events <span class="count" id="count-events"></span></a></li>
      <li><a href="#/apps" data-view="apps">Apps <span class="count" id="count-apps"></span></a></li>
    </ul>
    <p class="about" id="about"></p>
  </nav>
  <main id="main" tabindex="-1">

    <section id="view-runs" aria-labelledby="runs-h" hidden>
      <div class="view-head">
        <h1 id="runs-h" tabindex="-1">Runs</h1>
        <span class="spacer"></span>
        <label for="runs-filter" class="sr-only">Filter runs</label>
        <input id="runs-filter" type="search" placeholder="Filter by function, event, status or ID" autocomplete="off">
      </div>
      <table class="data" id="runs-table" hidden>
        <caption class="sr-only">Runs, newest first; they update live</caption>
        <thead><tr><th scope="col">Status</th><th scope="col">Function</th><th scope="col">Trigger</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Run ID</th></tr></thead>
        <tbody id="runs-body"></tbody>
      </table>
      <p class="empty" id="runs-empty">No runs yet. Send an event to start one.</p>
    </section>

    <section id="view-run" aria-labelledby="run-title" hidden>
      <nav class="crumbs" aria-label="Breadcrumb"><a href="#/runs">Runs</a> / <span id="run-crumb"></span></nav>
      <div class="run-head">
        <h1 id="run-title" tabindex="-1">Run</h1>
        <span id="run-status"></span>
      </div>
      <dl class="facts" id="run-facts"></dl>
      <div class="actions" role="group" aria-label="Run actions">
        <button type="button" id="act-rerun" title="Start a new run of this function with the same event, on the current code">Rerun</button>
        <button type="button" id="act-replay">Replay</button>
        <button type="button" id="act-cancel" class="danger">Cancel</button>
        <a class="button" id="act-debug" hidden title="Open this run in VS Code's debugger: replay it step by step, backwards too, with no side effects">Debug in VS Code</a>
      </div>
      <p id="action-result" class="result" role="status" aria-live="polite"></p>
      <section class="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        ${TIMELINE_LEGEND}
        <div id="lanes" role="list" aria-label="Steps by parallel branch"></div>
        <div id="timeline-details" class="timeline-details" aria-live="polite"></div>
        <ul id="timeline-marks" class="timeline-marks" aria-label="Waits, published messages and notes" hidden></ul>
      </section>
      <section class="card" aria-labelledby="output-h">
        <h2 id="output-h">Output</h2>
        <pre class="json" id="run-output"></pre>
      </section>
      <section class="card" aria-labelledby="event-h">
        <h2 id="event-h">Trigger event</h2>
        <pre class="json" id="run-event"></pre>
      </section>
      <section class="card" aria-labelledby="journal-h">
        <h2 id="journal-h">Journal <span class="hint" id="journal-count"></span></h2>
        <p class="hint mono" id="journal-file"></p>
        <ol class="journal" id="journal" aria-label="Journal entries; open one for its raw JSON"></ol>
      </section>
    </section>

    <section id="view-events" aria-labelledby="events-h" hidden>
      <div class="view-head"><h1 id="events-h" tabindex="-1">Events</h1></div>
      <section class="card" aria-labelledby="send-h">
        <h2 id="send-h">Send an event</h2>
        <form id="event-form" class="event-form" novalidate>
          <label for="event-name">Name</label>
          <input id="event-name" type="text" list="event-names" placeholder="app/user.created" autocomplete="off" spellcheck="false" aria-describedby="event-name-error">
          <datalist id="event-names"></datalist>
          <p id="event-name-error" class="field-error"></p>
          <label for="event-data">Data <span class="hint">(a JSON object)</span></label>
          <textarea id="event-data" spellcheck="false" aria-describedby="event-data-error">{}</textarea>
          <p id="event-data-error" class="field-error" aria-live="polite"></p>
          <div class="form-actions">
            <button type="submit" class="primary" id="event-send">Send event</button>
            <button type="button" id="event-format">Format JSON</button>
          </div>
          <p id="event-result" class="result" role="status" aria-live="polite"></p>
        </form>
      </section>
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">Recent events</h2>
        <p id="events-result" class="result" role="status" aria-live="polite"></p>
        <table class="data" id="events-table" hidden>
          <caption class="sr-only">Events received, newest first, with the runs each started</caption>
          <thead><tr><th scope="col">Event</th><th scope="col">Received</th><th scope="col">Data</th><th scope="col">Runs</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody id="events-body"></tbody>
        </table>
        <p class="empty" id="events-empty">No events yet.</p>
      </section>
    </section>

    <section id="view-apps" aria-labelledby="apps-h" hidden>
      <div class="view-head"><h1 id="apps-h" tabindex="-1">Apps</h1></div>
      <div id="apps-list"></div>
      <p class="empty" id="apps-empty" hidden>No apps yet. Start <code>stepwise dev</code> with a module, or point an app's <code>INNGEST_DEV</code> here.</p>
    </section>

  </main>
</div>
<div id="announcer" class="sr-only" aria-live="polite"></div>
<script nonce="${nonce}">
${TIMELINE_SCRIPT}
${DEV_PAGE_JOURNAL_SCRIPT}
${DEV_PAGE_SCRIPT}
</script>
</body>
</html>
`;
}
