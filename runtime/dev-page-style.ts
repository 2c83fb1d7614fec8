// The Dev Server page's stylesheet: a left navigation, tables, cards, badges and forms, in a light
// and a dark scheme (prefers-color-scheme), with visible keyboard focus. No external assets.

export const DEV_PAGE_STYLE = `
  :root {
    color-scheme: light dark;
    --bg: #f6f7f9; --surface: #ffffff; --surface-2: #f0f2f5; --fg: #16181d; --muted: #5b616e; --border: #dfe2e8;
    --accent: #2f5bd3; --accent-fg: #ffffff; --accent-soft: #e6edfc;
    --ok: #1d7f43; --ok-soft: #e3f4ea; --fail: #c62f2f; --fail-soft: #fbe7e7; --retry: #a85d00; --retry-soft: #fbefdc;
    --run: #2f5bd3; --run-soft: #e6edfc; --idle: #6b7280; --idle-soft: #eceef1;
    --focus: #2f5bd3; --bar-fg: #ffffff;
    --mono: ui-monospace, "SF Mono", "Cascadia Code", Menlo, Consolas, monospace;
    --shadow: 0 1px 2px rgba(16, 24, 40, 0.06);
  }
  @media (prefers-color-scheme: dark) {
    :root {
      --bg: #111317; --surface: #181b20; --surface-2: #20242b; --fg: #e7e9ee; --muted: #9aa1ae; --border: #2b3039;
      --accent: #7aa2ff; --accent-fg: #0d1117; --accent-soft: #1d2940;
      --ok: #57d38c; --ok-soft: #173326; --fail: #ff7b7b; --fail-soft: #3a1d1f; --retry: #f3b451; --retry-soft: #3a2c14;
      --run: #7aa2ff; --run-soft: #1d2940; --idle: #a3aab7; --idle-soft: #262a31;
      --focus: #7aa2ff; --bar-fg: #0d1117;
      --shadow: none;
    }
  }
  * { box-sizing: border-box; }
  html, body { height: 100%; }
  body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  a { color: var(--accent); }
  :focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
  .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  .skip { position: absolute; left: 8px; top: -40px; background: var(--surface); padding: 6px 10px; z-index: 10; border-radius: 6px; }
  .skip:focus { top: 8px; }
  code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
  .muted { color: var(--muted); }

  .topbar { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 16px; height: 52px; padding: 0 20px;
    background: var(--surface); border-bottom: 1px solid var(--border); }
  .brand { display: flex; align-items: center; gap: 8px; font-weight: 650; font-size: 15px; }
  .brand svg { width: 22px; height: 22px; }
  .brand small { font-weight: 500; color: var(--muted); font-size: 13px; }
  .topbar .spacer { flex: 1; }
  .conn { display: inline-flex; align-items: center; gap: 6px; font-size: 12.5px; color: var(--muted); }
  .conn::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--idle); }
  .conn[data-state="live"]::before { background: var(--ok); }
  .conn[data-state="closed"]::before { background: var(--fail); }

  .layout { display: grid; grid-template-columns: 200px minmax(0, 1fr); min-height: calc(100% - 52px); }
  .sidenav { border-right: 1px solid var(--border); background: var(--surface); padding: 14px 10px; }
  .sidenav ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; }
  .sidenav a { display: flex; align-items: center; justify-content: space-between; padding: 7px 10px; border-radius: 6px; color: var(--fg); text-decoration: none; }
  .sidenav a:hover { background: var(--surface-2); }
  .sidenav a[aria-current="page"] { background: var(--accent-soft); color: var(--accent); font-weight: 600; }
  .count { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
  .sidenav .about { margin-top: 18px; padding: 0 10px; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
  .sidenav .about span { display: block; }
  main { padding: 22px 28px 60px; min-width: 0; }
  main:focus { outline: none; }
  h1 { font-size: 20px; margin: 0; }
  h1:focus { outline: none; }
  h2 { font-size: 14px; margin: 0 0 10px; text-transform: none; }
  .view-head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 16px; }
  .view-head .spacer { flex: 1; }

  .card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; box-shadow: var(--shadow); padding: 16px; margin-bottom: 16px; }
  .card > h2 { display: flex; align-items: baseline; gap: 8px; }

  table.data { width: 100%; border-collapse: separate; border-spacing: 0; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; overflow: hidden; box-shadow: var(--shadow); }
  table.data th { text-align: left; font-weight: 600; font-size: 12px; color: var(--muted); background: var(--surface-2); padding: 8px 12px; border-bottom: 1px solid var(--border); white-space: nowrap; }
  table.data td { padding: 9px 12px; border-bottom: 1px solid var(--border); vertical-align: top; }
  table.data tr:last-child td { border-bottom: 0; }
  table.data tbody tr:hover td { background: var(--surface-2); }
  table.data td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .card table.data { box-shadow: none; }
  tr.fresh td { animation: fresh 1.2s ease-out; }
  @keyframes fresh { from { background: var(--accent-soft); } to { background: transparent; } }
  @media (prefers-reduced-motion: reduce) { tr.fresh td { animation: none; } .badge.running::before { animation: none !important; } }
  .empty { color: var(--muted); padding: 24px; text-align: center; background: var(--surface); border: 1px dashed var(--border); border-radius: 10px; }

  .badge { display: inline-flex; align-items: center; gap: 6px; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap;
    background: var(--idle-soft); color: var(--idle); }
  .badge::before { content: ""; width: 7px; height: 7px; border-radius: 50%; background: currentColor; }
  .badge.completed { background: var(--ok-soft); color: var(--ok); }
  .badge.failed { background: var(--fail-soft); color: var(--fail); }
  .badge.running { background: var(--run-soft); color: var(--run); }
  .badge.running::before { animation: pulse 1.4s ease-in-out infinite; }
  .badge.interrupted, .badge.waiting { background: var(--retry-soft); color: var(--retry); }
  @keyframes pulse { 50% { opacity: 0.3; } }
  .chip { display: inline-block; padding: 0 7px; border-radius: 5px; background: var(--surface-2); border: 1px solid var(--border); font-family: var(--mono); font-size: 12px; margin: 0 4px 4px 0; }
  .waiting-note { display: block; font-size: 12px; color: var(--retry); margin-top: 2px; }

  button, .button { display: inline-flex; align-items: center; gap: 6px; font: inherit; font-size: 13px; font-weight: 550; padding: 6px 12px; border-radius: 7px;
    border: 1px solid var(--border); background: var(--surface); color: var(--fg); cursor: pointer; text-decoration: none; line-height: 1.3; }
  button:hover, .button:hover { background: var(--surface-2); }
  button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
  button.primary:hover, .button.primary:hover { filter: brightness(1.08); background: var(--accent); }
  button.danger { color: var(--fail); }
  button.small { padding: 3px 9px; font-size: 12px; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button[aria-busy="true"] { cursor: progress; }

  .crumbs { font-size: 13px; color: var(--muted); margin-bottom: 8px; }
  .run-head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
  .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px 20px; margin: 0 0 16px; }
  .facts div { min-width: 0; }
  .facts dt { font-size: 12px; color: var(--muted); }
  .facts dd { margin: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
  .result { margin: 0 0 16px; padding: 0; }
  .result:empty { margin: 0; }
  .result:not(:empty) { padding: 8px 12px; border-radius: 8px; background: var(--surface-2); border: 1px solid var(--border); }
  .result.ok:not(:empty) { background: var(--ok-soft); border-color: transparent; }
  .result.error:not(:empty) { background: var(--fail-soft); border-color: transparent; color: var(--fail); }
  .hint { font-size: 12px; color: var(--muted); }
  pre.json { margin: 0; padding: 10px 12px; background: var(--surface-2); border-radius: 8px; overflow: auto; max-height: 320px; white-space: pre-wrap; word-break: break-word; }
  .error-text { color: var(--fail); }

  ol.journal { list-style: none; margin: 0; padding: 0; }
  ol.journal li { border-bottom: 1px solid var(--border); }
  ol.journal li:last-child { border-bottom: 0; }
  ol.journal details > summary { display: grid; grid-template-columns: 70px 92px minmax(0, 1fr); gap: 10px; align-items: baseline; padding: 6px 4px; cursor: pointer; list-style: none; }
  ol.journal details > summary::-webkit-details-marker { display: none; }
  ol.journal details > summary:hover { background: var(--surface-2); }
  ol.journal details[open] > summary { background: var(--surface-2); }
  ol.journal .at { color: var(--muted); font-variant-numeric: tabular-nums; text-align: right; font-size: 12px; }
  ol.journal .type { font-family: var(--mono); font-size: 11.5px; padding: 0 6px; border-radius: 4px; background: var(--idle-soft); color: var(--idle); justify-self: start; }
  ol.journal .type.stored, ol.journal .type.end-completed { background: var(--ok-soft); color: var(--ok); }
  ol.journal .type.call, ol.journal .type.planned, ol.journal .type.run { background: var(--run-soft); color: var(--run); }
  ol.journal .type.call-failed, ol.journal .type.end-failed, ol.journal .type.failed { background: var(--fail-soft); color: var(--fail); }
  ol.journal .type.retry, ol.journal .type.waiting, ol.journal .type.interrupted { background: var(--retry-soft); color: var(--retry); }
  ol.journal .text { overflow-wrap: anywhere; }
  ol.journal li.highlight summary { box-shadow: inset 3px 0 0 var(--accent); }
  ol.journal pre.json { margin: 4px 0 10px 80px; }

  form.event-form { display: grid; gap: 6px; max-width: 760px; }
  form.event-form label { font-weight: 600; font-size: 13px; margin-top: 6px; }
  input[type="text"], input[type="search"], textarea { font: inherit; color: var(--fg); background: var(--surface); border: 1px solid var(--border); border-radius: 7px; padding: 7px 10px; width: 100%; }
  textarea { font-family: var(--mono); font-size: 12.5px; min-height: 140px; resize: vertical; }
  input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--fail); }
  .field-error { color: var(--fail); font-size: 12.5px; min-height: 1.2em; margin: 0; }
  .form-actions { display: flex; align-items: center; gap: 10px; margin-top: 6px; }
  input[type="search"] { width: 280px; max-width: 100%; }

  .app-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 4px; }
  .app-head h2 { margin: 0; font-size: 16px; }
  .app-source { font-size: 12.5px; color: var(--muted); margin-bottom: 12px; word-break: break-all; }
  .app-error { color: var(--fail); background: var(--fail-soft); padding: 8px 12px; border-radius: 8px; margin-bottom: 12px; }
  .data-preview { font-family: var(--mono); font-size: 12px; color: var(--muted); max-width: 360px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .row-actions { display: flex; gap: 6px; justify-content: flex-end; }

  @media (max-width: 760px) {
    .layout { grid-template-columns: 1fr; }
    .sidenav { border-right: 0; border-bottom: 1px solid var(--border); padding: 6px 10px; }
    .sidenav ul { grid-auto-flow: column; }
    .sidenav .about { display: none; }
    main { padding: 16px; }
  }
`;
