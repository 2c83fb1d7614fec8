// Drives a real VS Code (code-server 4.139 = VS Code 1.139, installed by setup-vscode.sh) in headless
// Chromium with playwright-core: install a .vsix, open a folder, press F5, read the debug views and the
// Problems panel, apply quick fixes, look into webviews, take screenshots.
//
//   const vscode = await launchVSCode({ workspace, artefactsDir, vsix: "stepwise-0.1.0.vsix" });
//   try {
//     await vscode.openFile("src/app.ts");
//     await vscode.pressF5();
//     await vscode.waitForCallStack((rows) => rows.some((r) => r.kind === "thread" && r.label === "fast.1"));
//     await vscode.screenshot("stopped");
//   } finally {
//     await vscode.close();
//   }
//
// Readers use the workbench's own structure: view containers by their pane classes (.debug-call-stack,
// .debug-variables, .markers-panel), tree rows by role/aria-level/aria-expanded, names by the renderers'
// classes. Every wait polls and, on timeout, saves a screenshot and names the last value it saw.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** User settings that keep a fresh VS Code quiet and predictable; `LaunchOptions.settings` overrides them. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "git.autoRepositoryDetection": false,
  "editor.minimap.enabled": false,
  "editor.accessibilitySupport": "off",
  "files.autoSave": "off",
  // Run and Debug (Call Stack, Variables) shows as soon as a session starts; the Debug Console stays closed
  // so that it does not take the place of the Problems panel. The debug toolbar stays floating (the default):
  // isDebugging() looks for it, and it shows whatever view is open.
  "debug.openDebug": "openOnSessionStart",
  "debug.internalConsoleOptions": "neverOpen",
};

export interface LaunchOptions {
  /** The folder VS Code opens. */
  workspace: string;
  /** Where screenshots and logs go (created). */
  artefactsDir: string;
  /** .vsix files installed before start. */
  vsix?: string | string[];
  /** Merged over DEFAULT_SETTINGS into the user settings. */
  settings?: Record<string, unknown>;
  /** The code-server install; default: setup-vscode.sh's (STEPWISE_VSCODE_DIR or ~/.cache/stepwise/vscode). */
  vscodeDir?: string;
  /** Browser window size; default 1600x1000. */
  viewport?: { width: number; height: number };
  /** Default timeout of every wait, in ms (default 30 s). */
  timeoutMs?: number;
  /** Extra environment for code-server, and so for the extension host and what it starts. */
  env?: Record<string, string>;
  /** Keep the temp dir (user data, extensions) after close(); its path is in code-server.log. */
  keepTemp?: boolean;
}

export interface CallStackRow {
  kind: "session" | "thread" | "frame" | "other";
  /** Session, thread or frame name as shown. */
  label: string;
  /** Thread/session state ("Paused on step", "Running") or frame location ("steps.ts 5:3"). */
  description: string;
  /** Tree depth, 1 = top level. */
  level: number;
  /** Undefined for rows that cannot expand. */
  expanded?: boolean;
  selected: boolean;
  ariaLabel: string;
}

export interface VariableRow {
  kind: "scope" | "variable";
  name: string;
  /** As shown; strings keep their quotes. Empty for scopes. */
  value: string;
  level: number;
  expanded?: boolean;
  ariaLabel: string;
}

export interface ProblemRow {
  kind: "file" | "marker";
  /** Workspace-relative path of the file (of the marker's file for a marker row), as the panel shows it. */
  file: string;
  severity?: "error" | "warning" | "info";
  /** Marker message; empty for file rows. */
  message: string;
  source: string;
  code: string;
  line?: number;
  column?: number;
  level: number;
  ariaLabel: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const norm = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Runs setup-vscode.sh (about a second when already installed) and returns the install dir. */
export function ensureVSCode(dir?: string): string {
  const script = path.join(__dirname, "setup-vscode.sh");
  const r = spawnSync("bash", dir ? [script, dir] : [script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) {
    const line = norm(r.stderr.trim().split("\n").pop()) || `exit ${r.status}`;
    const log = /see (\S+)$/.exec(line)?.[1];
    const tail = log && existsSync(log) ? "\n" + readFileSync(log, "utf8").split("\n").slice(-30).join("\n") : "";
    throw new Error(`setup-vscode.sh failed: ${line}${tail}`);
  }
  return r.stdout.trim().split("\n").pop()!;
}

/** Installs .vsix files into an extensions dir with code-server's own CLI; appends its output to `log`. */
export function installExtensions(vscodeDir: string, userDataDir: string, extensionsDir: string, vsix: string[], log?: string): void {
  for (const file of vsix) {
    const args = ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, "--install-extension", path.resolve(file), "--force"];
    const r = spawnSync(path.join(vscodeDir, "bin", "code-server"), args, { encoding: "utf8", timeout: 120_000 });
    if (log) appendFileSync(log, `$ code-server ${args.join(" ")}\n${r.stdout}${r.stderr}\n`);
    if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) {
      throw new Error(`installing ${file} failed (exit ${r.status}): ${norm(r.stderr || r.stdout)}`);
    }
  }
}

/** Installs the extensions, starts code-server and Chromium, and returns once the workbench and its extension host are up. */
/**
 * The Call Stack rows rendered in the page, with their list index. Runs in the browser
 * (evaluateAll serializes it), so it refers to nothing outside itself.
 */
function readCallStackRows(els: Element[]) {
  return els.map((el) => {
    const t = (sel: string) => (el.querySelector(sel)?.textContent ?? "").replace(/\s+/g, " ").trim();
    const kind = el.querySelector(".session") ? "session" : el.querySelector(".thread") ? "thread" : el.querySelector(".stack-frame") ? "frame" : "other";
    const expanded = el.getAttribute("aria-expanded");
    return {
      index: Number(el.getAttribute("data-index")),
      kind,
      label: kind === "frame" ? t(".stack-frame > .label") : kind === "other" ? t(".monaco-tl-contents") : t(".name"),
      description: kind === "frame" ? `${t(".file-name")} ${t(".line-number")}`.trim() : kind === "other" ? "" : t(".state"),
      level: Number(el.getAttribute("aria-level") ?? 1),
      expanded: expanded === null ? undefined : expanded === "true",
      selected: el.getAttribute("aria-selected") === "true",
      ariaLabel: el.getAttribute("aria-label") ?? "",
    };
  });
}

export async function launchVSCode(options: LaunchOptions): Promise<VSCodeDriver> {
  const driver = new VSCodeDriver(options);
  try {
    await driver.start();
  } catch (e) {
    await driver.screenshot("launch-failure").catch(() => undefined);
    await driver.close();
    throw e;
  }
  return driver;
}

export class VSCodeDriver {
  readonly workspace: string;
  readonly artefactsDir: string;
  readonly tempDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's stdout/stderr and the driver's own notes. */
  readonly logFile: string;
  readonly timeoutMs: number;
  port = 0;
  private server?: ChildProcess;
  private serverExit?: Promise<void>;
  private browser?: Browser;
  private page_?: Page;
  private readonly log: WriteStream;
  private closed = false;
  private shots = 0;
  private readonly killOnExit = () => this.killServerSync();
  // code-server runs in its own process group, so Ctrl+C does not reach it: end it (and Chromium, which
  // Playwright kills on exit) before exiting.
  private readonly killOnSignal = (signal: NodeJS.Signals) => {
    this.killServerSync();
    if (!this.options.keepTemp) rmSync(this.tempDir, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };

  constructor(private readonly options: LaunchOptions) {
    this.workspace = path.resolve(options.workspace);
    this.artefactsDir = path.resolve(options.artefactsDir);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    mkdirSync(this.artefactsDir, { recursive: true });
    this.tempDir = mkdtempSync(path.join(os.tmpdir(), "stepwise-vscode-"));
    this.userDataDir = path.join(this.tempDir, "user-data");
    this.extensionsDir = path.join(this.tempDir, "extensions");
    this.logFile = path.join(this.artefactsDir, "code-server.log");
    this.log = createWriteStream(this.logFile, { flags: "w" });
  }

  get page(): Page {
    if (!this.page_) throw new Error("VS Code is not started");
    return this.page_;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /** @internal use launchVSCode() */
  async start(): Promise<void> {
    const vscodeDir = ensureVSCode(this.options.vscodeDir);
    this.note(`install: ${vscodeDir}; temp: ${this.tempDir}`);
    mkdirSync(path.join(this.userDataDir, "User"), { recursive: true });
    mkdirSync(this.extensionsDir, { recursive: true });
    const settings = { ...DEFAULT_SETTINGS, ...this.options.settings };
    writeFileSync(path.join(this.userDataDir, "User", "settings.json"), JSON.stringify(settings, null, 2));
    const vsix = this.options.vsix === undefined ? [] : ([] as string[]).concat(this.options.vsix);
    installExtensions(vscodeDir, this.userDataDir, this.extensionsDir, vsix, path.join(this.artefactsDir, "install-extensions.log"));
    await this.startServer(vscodeDir);
    await this.startBrowser();
    await this.waitForReady();
  }

  private async startServer(vscodeDir: string): Promise<void> {
    const configFile = path.join(this.tempDir, "code-server.yaml");
    writeFileSync(configFile, "");
    const args = [
      ...["--config", configFile, "--bind-addr", "127.0.0.1:0", "--auth", "none"],
      ...["--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override"],
      ...["--ignore-last-opened", "--user-data-dir", this.userDataDir, "--extensions-dir", this.extensionsDir],
      this.workspace,
    ];
    this.note(`$ code-server ${args.join(" ")}`);
    const xdg = path.join(this.tempDir, "xdg");
    // Its own process group, so that close() ends code-server and everything it started in one go.
    const server = spawn(path.join(vscodeDir, "bin", "code-server"), args, {
      cwd: this.workspace,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        // No extension gallery: the default (open-vsx.org) would be queried for updates. Loopback only.
        EXTENSIONS_GALLERY: "{}",
        XDG_CONFIG_HOME: path.join(xdg, "config"),
        XDG_DATA_HOME: path.join(xdg, "data"),
        XDG_CACHE_HOME: path.join(xdg, "cache"),
        ...this.options.env,
      },
    });
    this.server = server;
    process.once("exit", this.killOnExit);
    process.once("SIGINT", this.killOnSignal);
    process.once("SIGTERM", this.killOnSignal);
    this.serverExit = new Promise((resolve) =>
      server.once("exit", (code, signal) => {
        this.note(`code-server exited (${signal ?? code})`);
        resolve();
      }),
    );
    server.stdout!.pipe(this.log, { end: false });
    server.stderr!.pipe(this.log, { end: false });
    // Port 0: code-server binds a free port and prints it; no race with other listeners.
    this.port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`code-server did not start listening within 60 s; see ${this.logFile}`)), 60_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          server.stdout!.off("data", onData);
          resolve(Number(m[1]));
        }
      };
      server.stdout!.on("data", onData);
      server.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited with ${code} before listening; see ${this.logFile}`));
      });
    });
    this.note(`code-server listening on 127.0.0.1:${this.port}`);
  }

  private async startBrowser(): Promise<void> {
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await this.browser.newContext({ viewport: this.options.viewport ?? { width: 1600, height: 1000 } });
    // tsx (esbuild, keepNames) wraps named functions in __name(...) calls, also in callbacks that Playwright
    // sends to the page to run there; give every document a no-op __name.
    await context.addInitScript("globalThis.__name = globalThis.__name || ((fn) => fn);");
    const page = await context.newPage();
    this.page_ = page;
    page.setDefaultTimeout(this.timeoutMs);
    const consoleLog = path.join(this.artefactsDir, "browser-console.log");
    writeFileSync(consoleLog, "");
    page.on("console", (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
    page.on("pageerror", (e) => appendFileSync(consoleLog, `[pageerror] ${e.stack ?? e.message}\n`));
    await page.goto(this.url, { timeout: 60_000 });
  }

  /**
   * The workbench renders seconds before the extension host is up, and F5 pressed in between started no
   * session (nor a later one) in our runs. So: wait for the host to log that the startup extensions are
   * activated, and for the "Activating Extensions..." status to go.
   */
  private async waitForReady(): Promise<void> {
    await this.page.waitForSelector(".monaco-workbench .part.statusbar", { timeout: 60_000 });
    await this.waitFor("the extension host", async () => this.extensionHostLog().includes("Eager extensions activated"), (ok) => ok, 90_000);
    await this.waitFor(
      "extensions to finish activating",
      async () => (await this.page.locator(".part.statusbar").textContent()) ?? "",
      (text) => !/Activating Extensions/i.test(text),
      60_000,
    );
    await this.dismissNotifications();
    this.note("workbench ready");
  }

  // ---- generic helpers ------------------------------------------------------------------------

  /** Saves a PNG of the window into the artefacts dir; returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artefactsDir, name.endsWith(".png") ? name : `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Saves the current DOM (or one element's) as HTML in the artefacts dir; handy for writing selectors. */
  async dumpDom(name: string, selector = "body"): Promise<string> {
    const file = path.join(this.artefactsDir, `${name}.html`);
    writeFileSync(file, await this.page.locator(selector).first().evaluate((el) => el.outerHTML));
    return file;
  }

  /** Waits until an element matching `selector` is visible with text containing `text` (or matching it). */
  async waitForText(selector: string, text: string | RegExp, timeoutMs = this.timeoutMs): Promise<Locator> {
    const locator = this.page.locator(selector).filter({ hasText: text, visible: true }).first();
    try {
      await locator.waitFor({ state: "visible", timeout: timeoutMs });
    } catch (e) {
      const shot = await this.failureShot(`text ${text}`);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${selector} with text ${text}; screenshot ${shot}`, { cause: e });
    }
    return locator;
  }

  /** Polls `read` every 250 ms until `accept` holds and returns that value; the timeout error names the last value read. */
  async waitFor<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = this.timeoutMs): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    let lastError: unknown;
    for (;;) {
      try {
        last = await read();
        lastError = undefined;
        if (accept(last)) return last;
      } catch (e) {
        lastError = e;
      }
      if (Date.now() >= deadline) break;
      await sleep(250);
    }
    const shot = await this.failureShot(what);
    const error = lastError instanceof Error ? lastError.message.split("\n")[0] : lastError;
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}${error ? `; error: ${error}` : ""}; screenshot ${shot}`);
  }

  private async failureShot(what: string): Promise<string> {
    const name = `timeout-${++this.shots}-${what.replace(/\W+/g, "-").slice(0, 60)}`;
    return this.screenshot(name).catch(() => "(none)");
  }

  /** Presses keys in the workbench (Playwright syntax: "Control+Shift+P", "F10"). */
  async press(keys: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press(keys);
  }

  /** Takes keyboard focus out of webviews (key presses there do not reach the workbench's keybindings). */
  async focusWorkbench(): Promise<void> {
    await this.page.evaluate(() => {
      const active = document.activeElement;
      if (active instanceof HTMLIFrameElement) active.blur();
    });
  }

  /** Clears the notification toasts (they cover the lower right corner of screenshots). */
  async dismissNotifications(): Promise<void> {
    if ((await this.page.locator(".notification-toast-container").count()) === 0) return;
    await this.runCommand("Notifications: Clear All Notifications").catch(() => undefined);
  }

  /** The texts of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return this.page.locator(".notification-toast .notification-list-item-message").allTextContents();
  }

  /** The remote extension host's log (activation, errors of extensions), all windows so far. */
  extensionHostLog(): string {
    const logs = path.join(this.userDataDir, "logs");
    if (!existsSync(logs)) return "";
    let text = "";
    for (const session of readdirSync(logs)) {
      const sessionDir = path.join(logs, session);
      for (const host of existsSync(sessionDir) ? readdirSync(sessionDir) : []) {
        const file = path.join(sessionDir, host, "remoteexthost.log");
        if (host.startsWith("exthost") && existsSync(file)) text += readFileSync(file, "utf8");
      }
    }
    return text;
  }

  /** Waits until the extension host has activated the extension (`publisher.name`); fails at once if its activation failed. */
  async waitForExtensionActivated(id: string, timeoutMs = this.timeoutMs): Promise<void> {
    const lower = id.toLowerCase();
    await this.waitFor(
      `extension ${id} to activate`,
      async () => {
        const log = this.extensionHostLog().toLowerCase();
        if (log.includes(`activating extension ${lower} failed`) || log.includes(`activating extension '${lower}' failed`)) {
          throw new Error(`activation of ${id} failed; see the extension host log in ${this.artefactsDir}/vscode-logs after close()`);
        }
        return log.includes(`_doactivateextension ${lower},`);
      },
      (ok) => ok,
      timeoutMs,
    );
  }

  // ---- quick input: command palette, quick open ---------------------------------------------------

  private quickInput(): Locator {
    return this.page.locator(".quick-input-widget");
  }

  /** Opens the quick input (F1) and types `value` into it (">" + text = commands; a path = Quick Open). */
  async openQuickInput(value: string): Promise<void> {
    await this.focusWorkbench();
    if (await this.quickInput().isVisible()) await this.page.keyboard.press("Escape");
    await this.page.keyboard.press("F1");
    const input = this.quickInput().locator("input.input");
    await input.waitFor({ state: "visible" });
    await input.fill(value);
  }

  /** Clicks the first row of the open quick pick whose label (and description, if given) matches; waits for the pick to close. */
  async chooseQuickPick(label: string | RegExp | ((label: string, description: string) => boolean), timeoutMs = this.timeoutMs): Promise<void> {
    const match = typeof label === "function" ? label : (l: string) => (typeof label === "string" ? l === label : label.test(l));
    await this.pickRow(match, typeof label === "function" ? "a matching quick pick row" : `quick pick row ${label}`, timeoutMs);
  }

  private async pickRow(match: (label: string, description: string) => boolean, what: string, timeoutMs: number): Promise<void> {
    const rows = this.quickInput().locator(".quick-input-list .monaco-list-row");
    let found;
    try {
      found = await this.waitFor(
        what,
        async () => {
          const items = await rows.evaluateAll((els) =>
            els
              .map((el) => ({
                index: Number(el.getAttribute("data-index")),
                label: (el.querySelector(".label-name")?.textContent ?? el.getAttribute("aria-label") ?? "").replace(/\s+/g, " ").trim(),
                description: (el.querySelector(".label-description")?.textContent ?? "").replace(/\s+/g, " ").trim(),
              }))
              .sort((a, b) => a.index - b.index),
          );
          return { items, hit: items.find((i) => match(i.label, i.description)) };
        },
        (r) => r.hit !== undefined,
        timeoutMs,
      );
    } catch (e) {
      await this.page.keyboard.press("Escape");
      throw e;
    }
    await rows.and(this.page.locator(`[data-index="${found.hit!.index}"]`)).click();
    await this.quickInput().waitFor({ state: "hidden" });
  }

  /** Runs a command by its title as the command palette shows it, e.g. "Debug: Stop" (case-insensitive, exact). */
  async runCommand(title: string, timeoutMs = this.timeoutMs): Promise<void> {
    await this.openQuickInput(">" + title);
    const want = norm(title).toLowerCase();
    await this.pickRow((label) => label.toLowerCase() === want, `command "${title}" in the palette`, timeoutMs);
  }

  /** Opens a file by its workspace-relative path through Quick Open and waits for its editor tab. */
  async openFile(relPath: string): Promise<void> {
    const rel = relPath.split(path.sep).join("/");
    const base = path.posix.basename(rel);
    const dir = path.posix.dirname(rel);
    await this.openQuickInput(rel);
    const inDir = (description: string) => dir === "." || description === dir || description.endsWith(`/${dir}`);
    await this.pickRow((label, description) => label === base && inDir(description), `"${rel}" in Quick Open`, this.timeoutMs);
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${base}"]`).waitFor();
    await this.page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor();
  }

  /** Moves the cursor in the active editor (Go to Line/Column, Ctrl+G); the editor keeps the focus. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press("Control+G");
    const input = this.quickInput().locator("input.input");
    await input.waitFor({ state: "visible" });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.quickInput().waitFor({ state: "hidden" });
  }

  /** The lines of the active editor that are rendered (the visible part of the file), top to bottom. */
  async editorText(): Promise<string> {
    return this.page.locator(".editor-instance .monaco-editor .view-lines").first().evaluate((el) =>
      Array.from(el.querySelectorAll(".view-line"))
        .map((l) => ({ top: parseFloat((l as HTMLElement).style.top || "0"), text: (l.textContent ?? "").replace(/\u00a0/g, " ") }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join("\n"),
    );
  }

  // ---- debugging ------------------------------------------------------------------------------------

  /** F5: starts the selected launch configuration (or continues when paused). Waits for a session unless told not to. */
  async pressF5(options: { waitForSession?: boolean } = {}): Promise<void> {
    await this.press("F5");
    if (options.waitForSession ?? true) await this.waitForDebugging(true);
  }

  /** Whether a debug session runs: a debug toolbar (floating, or docked in Run and Debug) shows Stop or Disconnect. */
  async isDebugging(): Promise<boolean> {
    return (await this.page.locator(".codicon-debug-stop, .codicon-debug-disconnect").filter({ visible: true }).count()) > 0;
  }

  async waitForDebugging(running: boolean, timeoutMs = this.timeoutMs): Promise<void> {
    await this.waitFor(running ? "a debug session" : "the debug session to end", () => this.isDebugging(), (d) => d === running, timeoutMs);
  }

  /** Shift+F5, then waits until no session is left. */
  async stopDebugging(): Promise<void> {
    await this.press("Shift+F5");
    await this.waitForDebugging(false);
  }

  /** The debug toolbar's visible actions, by their label (e.g. "Continue (F5)", "Pause (F6)", "Continue All Branches"). */
  async debugToolbar(): Promise<string[]> {
    return this.page
      .locator(".debug-toolbar .action-item .action-label")
      .filter({ visible: true })
      .evaluateAll((els) => els.map((el) => (el.getAttribute("aria-label") ?? el.getAttribute("title") ?? "").trim()).filter(Boolean));
  }

  /** Clicks the debug toolbar's action whose label matches. */
  async clickDebugToolbar(label: RegExp): Promise<void> {
    const labels = await this.waitFor(`debug toolbar action ${label}`, () => this.debugToolbar(), (l) => l.some((x) => label.test(x)));
    const index = labels.findIndex((x) => label.test(x));
    await this.page.locator(".debug-toolbar .action-item .action-label").filter({ visible: true }).nth(index).click();
  }

  /** The Breakpoints view's rows (exception options first, then breakpoints), by label. */
  async breakpoints(): Promise<string[]> {
    const view = await this.ensureView(".debug-breakpoints", ["Run and Debug: Focus on Breakpoints View", "View: Show Run and Debug"]);
    return view.locator(".monaco-list-row").evaluateAll((els) =>
      els
        .map((el) => ({ index: Number(el.getAttribute("data-index")), label: (el.querySelector(".name")?.textContent ?? el.getAttribute("aria-label") ?? "").replace(/\s+/g, " ").trim() }))
        .sort((a, b) => a.index - b.index)
        .map((r) => r.label),
    );
  }

  /** Clicks one of a Call Stack row's inline actions (shown on hover), by its label: e.g. /^Continue/ on a paused thread. */
  async callStackRowAction(label: string, action: RegExp): Promise<void> {
    const row = treeRow(await this.callStackView(), CALL_STACK_NAMES, label);
    await row.hover();
    const actions = row.locator(".actions-container .action-label");
    const labels = await this.waitFor(`inline actions of Call Stack row "${label}"`, async () => (await actions.evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? el.getAttribute("title") ?? ""))), (l) => l.some((x) => action.test(x)));
    await actions.nth(labels.findIndex((x) => action.test(x))).click();
  }

  /**
   * Opens the context menu of a Call Stack row (by label; without one, of the list's last row, by
   * keyboard: End, Shift+F10) and returns its items; the menu is closed again unless `choose` names one to click.
   */
  async callStackMenu(label?: string, choose?: RegExp): Promise<string[]> {
    const view = await this.callStackView();
    if (label) await treeRow(view, CALL_STACK_NAMES, label).locator(".monaco-tl-contents").click({ button: "right" });
    else {
      await view.locator(".monaco-list").first().evaluate((el) => (el as HTMLElement).focus());
      await this.page.keyboard.press("End");
      await this.page.keyboard.press("Shift+F10");
    }
    const items = this.page.locator(".context-view .monaco-menu .action-item:not(.disabled) .action-label").filter({ visible: true });
    await items.first().waitFor();
    const labels = (await items.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim()).filter(Boolean);
    if (choose && labels.some((l) => choose.test(l))) await items.filter({ hasText: choose }).first().click();
    else await this.page.keyboard.press("Escape");
    return labels;
  }

  /** The lines of an Output channel the Output panel shows (its end, or its start with `top`). */
  async outputChannel(name: string, options: { top?: boolean } = {}): Promise<string> {
    await this.runCommand("Output: Focus on Output View");
    const picker = this.page.locator(".part.panel select.monaco-select-box").first();
    await picker.waitFor();
    await picker.selectOption({ label: name });
    const view = this.page.locator(".part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines").first();
    await view.waitFor();
    if (options.top) {
      await view.click();
      await this.page.keyboard.press("Control+Home");
    }
    return view.evaluate((el) =>
      Array.from(el.querySelectorAll(".view-line"))
        .map((l) => ({ top: parseFloat((l as HTMLElement).style.top || "0"), text: (l.textContent ?? "").replace(/\u00a0/g, " ") }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join("\n"),
    );
  }

  /** Makes a view visible: nothing if it is, else the first of `commands` that shows it. */
  private async ensureView(selector: string, commands: string[]): Promise<Locator> {
    const view = this.page.locator(selector).first();
    if (await view.isVisible()) return view;
    for (const command of commands) {
      try {
        await this.runCommand(command, 5_000);
        await view.waitFor({ state: "visible", timeout: 5_000 });
        return view;
      } catch {
        await this.page.keyboard.press("Escape");
      }
    }
    throw new Error(`could not show ${selector} (tried ${commands.join(", ")})`);
  }

  private callStackView(): Promise<Locator> {
    return this.ensureView(".debug-call-stack", ["Run and Debug: Focus on Call Stack View", "View: Show Run and Debug"]);
  }

  private variablesView(): Promise<Locator> {
    return this.ensureView(".debug-variables", ["Run and Debug: Focus on Variables View", "View: Show Run and Debug"]);
  }

  /** The Call Stack view's rows as shown (sessions, threads, frames), top to bottom. */
  async callStack(): Promise<CallStackRow[]> {
    const view = await this.callStackView();
    const rows = await view.locator(".monaco-list-row").evaluateAll(readCallStackRows);
    return rows.sort((a, b) => a.index - b.index).map(({ index: _index, ...row }) => row as CallStackRow);
  }

  async waitForCallStack(accept: (rows: CallStackRow[]) => boolean, timeoutMs = this.timeoutMs): Promise<CallStackRow[]> {
    return this.waitFor("the Call Stack", () => this.callStack(), accept, timeoutMs);
  }

  /**
   * Every row of the Call Stack, also those scrolled out of view (the list renders only what is
   * visible): scrolls it from the top to the bottom and collects the rows by their index.
   */
  async callStackAll(): Promise<CallStackRow[]> {
    const view = await this.callStackView();
    const list = view.locator(".monaco-list").first();
    // The list's own keyboard navigation scrolls it (Home, then Page Down); focusing it changes no debug focus.
    await list.evaluate((el) => (el as HTMLElement).focus());
    await this.page.keyboard.press("Home");
    await sleep(100);
    const byIndex = new Map<number, CallStackRow>();
    for (let unchanged = 0; unchanged < 3; ) {
      const before = byIndex.size;
      const rows = await list.locator(".monaco-list-row").evaluateAll(readCallStackRows);
      for (const { index, ...row } of rows) byIndex.set(index, row as CallStackRow);
      unchanged = byIndex.size === before ? unchanged + 1 : 0;
      await this.page.keyboard.press("PageDown");
      await sleep(100);
    }
    return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  }

  /** Expands a Call Stack row (a session or a thread, by its exact label) to show its children. */
  async expandCallStackRow(label: string): Promise<void> {
    await this.expand(treeRow(await this.callStackView(), CALL_STACK_NAMES, label), `Call Stack row "${label}"`);
  }

  /** Clicks a Call Stack row (a thread or a frame, by its exact label); a frame's variables then show in Variables. */
  async selectCallStackRow(label: string): Promise<void> {
    const row = treeRow(await this.callStackView(), CALL_STACK_NAMES, label);
    // VS Code selects what it focuses: a frame's row; a thread's top frame, or the thread's own row
    // when it shows no frames. A click the view swallows while it re-renders (a thread started or
    // ended) is repeated.
    let lastClick = 0;
    await this.waitFor(`Call Stack row "${label}" focused in the debugger`, async () => {
      const rows = await this.callStack();
      const at = rows.findIndex((r) => r.label === label);
      const [own, top] = at < 0 ? [] : [rows[at], rows[at + 1]];
      const framed = own?.kind !== "frame" && top?.kind === "frame" && top.level > own!.level;
      const focused = framed ? top.selected : own?.selected === true;
      if (!focused && Date.now() - lastClick > 1500) {
        lastClick = Date.now();
        await row.locator(".monaco-tl-contents").click().catch(() => undefined);
      }
      return focused;
    }, (v) => v);
  }

  /** The Variables view's rows as shown. With `scope`, that scope is expanded first and only its rows are returned. */
  async variables(scope?: string): Promise<VariableRow[]> {
    const view = await this.variablesView();
    if (scope) await this.expand(treeRow(view, VARIABLE_NAMES, scope), `scope "${scope}"`);
    const rows = await view.locator(".monaco-list-row").evaluateAll((els) =>
      els
        .map((el) => {
          const t = (sel: string) => (el.querySelector(sel)?.textContent ?? "").replace(/\s+/g, " ").trim();
          const isScope = !!el.querySelector(".scope");
          const expanded = el.getAttribute("aria-expanded");
          return {
            index: Number(el.getAttribute("data-index")),
            kind: isScope ? "scope" : "variable",
            // The name renderer appends " =" (or ":" in older versions).
            name: isScope ? t(".scope") : t(".expression > .name").replace(/\s*[=:]$/, ""),
            value: isScope ? "" : t(".expression > .value"),
            level: Number(el.getAttribute("aria-level") ?? 1),
            expanded: expanded === null ? undefined : expanded === "true",
            ariaLabel: el.getAttribute("aria-label") ?? "",
          };
        })
        .sort((a, b) => a.index - b.index)
        .map(({ index: _index, ...row }) => row as VariableRow),
    );
    if (!scope) return rows;
    const start = rows.findIndex((r) => r.kind === "scope" && r.name === scope);
    if (start < 0) return [];
    const end = rows.findIndex((r, i) => i > start && r.level <= rows[start].level);
    return rows.slice(start + 1, end < 0 ? undefined : end);
  }

  async waitForVariables(accept: (rows: VariableRow[]) => boolean, scope?: string, timeoutMs = this.timeoutMs): Promise<VariableRow[]> {
    return this.waitFor(`Variables${scope ? ` in "${scope}"` : ""}`, () => this.variables(scope), accept, timeoutMs);
  }

  /** Expands a scope or a variable (by its exact name) in the Variables view. */
  async expandVariable(name: string): Promise<void> {
    await this.expand(treeRow(await this.variablesView(), VARIABLE_NAMES, name), `variable "${name}"`);
  }

  private async expand(row: Locator, what: string): Promise<void> {
    await this.waitFor(`${what} to show`, () => row.count(), (n) => n > 0);
    // The view may re-render (a new stop, another thread selected) and swallow a click: click again until it opens.
    let lastClick = 0;
    await this.waitFor(`${what} to expand`, async () => {
      const expanded = await row.getAttribute("aria-expanded");
      if (expanded === "false" && Date.now() - lastClick > 1500) {
        lastClick = Date.now();
        await row.locator(".monaco-tl-twistie").click().catch(() => undefined);
      }
      return expanded;
    }, (v) => v !== "false");
  }

  // ---- problems and quick fixes ---------------------------------------------------------------------

  /** The Problems panel's rows (file rows, then their markers), top to bottom. Opens the panel if needed. */
  async problems(): Promise<ProblemRow[]> {
    const view = await this.ensureView(".markers-panel", ["Problems: Focus on Problems View", "View: Focus Problems (Errors, Warnings, Infos)"]);
    const rows = await view.locator(".monaco-list-row").evaluateAll((els) =>
      els
        .map((el) => {
          const t = (sel: string) => (el.querySelector(sel)?.textContent ?? "").replace(/\s+/g, " ").trim();
          const icon = el.querySelector(".marker-icon")?.className ?? "";
          const location = /Ln (\d+), Col (\d+)/.exec(t(".marker-line"));
          const isMarker = !!el.querySelector(".marker-message-details-container, .marker-icon");
          const dir = t(".label-description");
          return {
            index: Number(el.getAttribute("data-index")),
            kind: isMarker ? "marker" : "file",
            file: isMarker ? "" : dir ? `${dir}/${t(".label-name")}` : t(".label-name"),
            severity: /\berror\b/.test(icon) ? "error" : /\bwarning\b/.test(icon) ? "warning" : /\binfo\b/.test(icon) ? "info" : undefined,
            message: isMarker ? t(".marker-message") : "",
            source: t(".marker-source"),
            code: t(".marker-code"),
            line: location ? Number(location[1]) : undefined,
            column: location ? Number(location[2]) : undefined,
            level: Number(el.getAttribute("aria-level") ?? 1),
            ariaLabel: el.getAttribute("aria-label") ?? "",
          };
        })
        .sort((a, b) => a.index - b.index)
        .map(({ index: _index, ...row }) => row as ProblemRow),
    );
    let file = "";
    for (const row of rows) {
      if (row.kind === "file") file = row.file;
      else row.file = file;
    }
    return rows;
  }

  async waitForProblems(accept: (rows: ProblemRow[]) => boolean, timeoutMs = this.timeoutMs): Promise<ProblemRow[]> {
    return this.waitFor("the Problems panel", () => this.problems(), accept, timeoutMs);
  }

  /**
   * Opens the code actions (Ctrl+.) at the cursor, or at `at` in the active editor, and applies the first whose
   * title matches. Retries Ctrl+. while the menu lacks it (diagnostics and providers can lag). Returns the titles offered.
   */
  async quickFix(title: string | RegExp, at?: { line: number; column: number }, timeoutMs = this.timeoutMs): Promise<string[]> {
    if (at) await this.goTo(at.line, at.column);
    const matches = (s: string) => (typeof title === "string" ? s === title : title.test(s));
    const widget = this.page.locator(".action-widget").filter({ visible: true });
    const items = widget.locator(".monaco-list-row.action");
    const readTitles = () => items.evaluateAll((els) => els.map((el) => (el.querySelector(".title")?.textContent ?? "").replace(/\s+/g, " ").trim()));
    const deadline = Date.now() + timeoutMs;
    let offered: string[] = [];
    while (Date.now() < deadline) {
      await this.page.keyboard.press("Control+.");
      const until = Math.min(deadline, Date.now() + 5_000);
      while (Date.now() < until) {
        offered = await readTitles().catch(() => []);
        const index = offered.findIndex(matches);
        if (index >= 0) {
          await items.nth(index).click();
          await widget.first().waitFor({ state: "hidden" });
          return offered;
        }
        await sleep(250);
      }
      await this.page.keyboard.press("Escape");
    }
    const shot = await this.failureShot(`quick fix ${title}`);
    throw new Error(`quick fix ${title} not offered within ${timeoutMs} ms; offered: ${JSON.stringify(offered)}; screenshot ${shot}`);
  }

  // ---- webviews ---------------------------------------------------------------------------------------

  /**
   * The document inside a visible webview (the frame with the extension's HTML). `extensionId` picks the
   * webviews of one extension; `index` picks among several, in DOM order.
   */
  webview(options: { extensionId?: string; index?: number } = {}): FrameLocator {
    let frames = this.page.locator("iframe.webview.ready");
    if (options.extensionId) frames = frames.and(this.page.locator(`[src*="extensionId=${options.extensionId}" i]`));
    return frames
      .filter({ visible: true })
      .nth(options.index ?? 0)
      .contentFrame()
      .locator("iframe#active-frame")
      .contentFrame();
  }

  // ---- shutdown ----------------------------------------------------------------------------------------

  /** Closes Chromium, ends code-server and every process it started, copies VS Code's logs, removes the temp dir. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser?.close().catch(() => undefined);
    await this.stopServer();
    this.server?.stdout?.unpipe(this.log);
    this.server?.stderr?.unpipe(this.log);
    const logs = path.join(this.userDataDir, "logs");
    if (existsSync(logs)) cpSync(logs, path.join(this.artefactsDir, "vscode-logs"), { recursive: true });
    this.note("closed");
    await new Promise<void>((resolve) => this.log.end(resolve));
    if (!this.options.keepTemp) rmSync(this.tempDir, { recursive: true, force: true, maxRetries: 3 });
  }

  private async stopServer(): Promise<void> {
    const server = this.server;
    process.off("exit", this.killOnExit);
    process.off("SIGINT", this.killOnSignal);
    process.off("SIGTERM", this.killOnSignal);
    if (!server?.pid) return;
    // Processes that left the group (setsid) would survive a group kill, so they are looked up first.
    const tree = descendants(server.pid);
    const signal = (sig: NodeJS.Signals) => {
      for (const pid of [-server.pid!, ...tree]) {
        try {
          process.kill(pid, sig);
        } catch {
          // already gone
        }
      }
    };
    signal("SIGTERM");
    const exited = await Promise.race([this.serverExit!.then(() => true), sleep(5_000).then(() => false)]);
    for (let i = 0; i < 20 && tree.some(isAlive); i++) await sleep(100);
    const left = tree.filter(isAlive);
    if (!exited || left.length > 0) {
      this.note(`still running 7 s after SIGTERM: ${exited ? "" : `${server.pid} `}${left.join(" ")}; SIGKILL`);
      signal("SIGKILL");
      await sleep(200);
    }
  }

  private killServerSync(): void {
    const pid = this.server?.pid;
    if (!pid) return;
    for (const p of [-pid, ...descendants(pid)]) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  private note(line: string): void {
    if (!this.log.writableEnded) this.log.write(`[driver ${new Date().toISOString()}] ${line}\n`);
  }
}

const CALL_STACK_NAMES = ".session > .name, .thread > .name, .stack-frame > .label";
const VARIABLE_NAMES = ".scope, .expression > .name";

/** The tree row whose name element's text is exactly `name` (a trailing " =" or ":" of variable names allowed). */
function treeRow(view: Locator, nameSelector: string, name: string): Locator {
  const exact = new RegExp(`^\\s*${escapeRegExp(name)}\\s*[=:]?\\s*$`);
  return view
    .locator(".monaco-list-row")
    .filter({ has: view.page().locator(nameSelector).filter({ hasText: exact }) })
    .first();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** All live descendants of a process, from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}
