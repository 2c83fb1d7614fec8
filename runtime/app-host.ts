// Starts and restarts the child processes that serve a user's module (one per worker).
import { fork, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HostFailed, HostReady } from "./app-host-child";
import { StepwiseInputError } from "./errors";
import { StackMapper } from "./stack-mapper";

export interface AppHostOptions {
  modulePath: string;
  /** The orchestrator's API URL, given to the SDK as INNGEST_DEV. */
  apiUrl: string;
  /** Start the child with the inspector on 127.0.0.1 (a free port), for line breakpoints in step bodies. */
  inspect?: boolean;
  startTimeoutMs?: number;
}

export interface HostProcess {
  index: number;
  baseUrl: string;
  apps: HostReady["apps"];
  inspectorPort?: number;
  child: ChildProcess;
}

/** The bundled child script: beside this file in dist/, or built into dist/ from a source checkout. */
function childScript(): string {
  const candidates = [path.join(__dirname, "app-host-child.js"), path.join(__dirname, "..", "dist", "app-host-child.js")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the app host script is missing (looked in ${candidates.join(", ")}) — run npm run build`);
  return found;
}

/** Why `modulePath` cannot be hosted before anything loads it (missing, a folder), or undefined. */
export function moduleFileProblem(modulePath: string): string | undefined {
  if (!existsSync(modulePath)) return `no such module: ${modulePath} — pass the path of a file that exports Inngest functions`;
  if (statSync(modulePath).isDirectory()) {
    const index = ["index.ts", "index.js", "index.mts", "index.mjs"].map((f) => path.join(modulePath, f)).find((f) => existsSync(f));
    return `${modulePath} is a directory — pass the file that exports your Inngest functions${index ? ` (e.g. ${index})` : ""}`;
  }
  return undefined;
}

/** What Node writes to stderr about `--inspect` (the help URL differs between Node versions). */
const INSPECTOR_NOTICES = /^(Debugger listening on ws:\/\/.*|For help, see: https:\/\/nodejs\.org\/\S*|Debugger attached\.|Waiting for the debugger to disconnect\.\.\.)\r?\n/gm;

/** The host's stderr without Node's notes about the inspector: those are not the app's output. */
export const withoutInspectorNotices = (text: string) => text.replace(INSPECTOR_NOTICES, "");

export class AppHost extends EventEmitter {
  readonly hosts: HostProcess[] = [];
  /** Maps error stacks from the hosts' compiled JavaScript to the module's TypeScript. */
  readonly stackMapper: StackMapper;
  /** Where the hosts leave the source map of each file they compile (removed on close). */
  readonly sourceMaps: string;
  private closing = false;

  constructor(private readonly options: AppHostOptions) {
    super();
    this.sourceMaps = mkdtempSync(path.join(os.tmpdir(), "stepwise-source-maps-"));
    this.stackMapper = new StackMapper(this.sourceMaps);
  }

  async start(workers: number): Promise<void> {
    const started = await Promise.all(Array.from({ length: workers }, (_, i) => this.startOne(i)));
    this.hosts.push(...started);
  }

  /** Replaces a host whose process died (or is stuck) with a fresh one. */
  async restart(index: number): Promise<HostProcess> {
    if (this.closing) throw new Error("Stepwise is closing");
    const old = this.hosts[index];
    if (old && old.child.exitCode === null) old.child.kill("SIGKILL");
    const fresh = await this.startOne(index, true);
    this.hosts[index] = fresh;
    return fresh;
  }

  isAlive(index: number): boolean {
    const host = this.hosts[index];
    return !!host && host.child.exitCode === null && host.child.signalCode === null;
  }

  /** Resolves when the host has exited, or after `ms` if it is still running. */
  waitForExit(index: number, ms: number): Promise<void> {
    const host = this.hosts[index];
    if (!host || !this.isAlive(index)) return Promise.resolve();
    return new Promise((resolve) => {
      const exited = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        host.child.off("exit", exited);
        resolve();
      }, ms);
      host.child.once("exit", exited);
    });
  }

  /**
   * The module's output while it loads shows once: from the first host at start. Other workers
   * and restarted hosts load it quietly (the same lines again would read as a second load).
   */
  private startOne(index: number, quietLoad = index > 0): Promise<HostProcess> {
    const { modulePath, apiUrl, inspect } = this.options;
    const problem = moduleFileProblem(modulePath);
    if (problem) return Promise.reject(new StepwiseInputError(problem));
    const child = fork(childScript(), [], {
      cwd: path.dirname(modulePath),
      env: {
        ...process.env,
        INNGEST_DEV: apiUrl,
        INNGEST_BASE_URL: apiUrl,
        STEPWISE_MODULE: modulePath,
        STEPWISE_ESBUILD: require.resolve("esbuild"),
        STEPWISE_SOURCE_MAPS: this.sourceMaps,
        STEPWISE_QUIET_LOAD: quietLoad ? "1" : "",
        NODE_OPTIONS: "",
      },
      execArgv: [...(inspect ? ["--inspect=127.0.0.1:0"] : [])],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let inspectorPort: number | undefined;
    child.stdout!.on("data", (chunk: Buffer) => this.emit("output", chunk.toString(), "stdout", index));
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      const match = text.match(/Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) inspectorPort = Number(match[1]);
      const own = withoutInspectorNotices(text);
      if (own) this.emit("output", own, "stderr", index);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new StepwiseInputError(`the app host did not start within ${(this.options.startTimeoutMs ?? 30_000) / 1000} s — does ${modulePath} block while loading?`));
      }, this.options.startTimeoutMs ?? 30_000);
      child.on("message", (message: HostReady | HostFailed) => {
        clearTimeout(timer);
        if (message.type === "failed") {
          child.kill("SIGKILL");
          reject(new StepwiseInputError(message.message));
          return;
        }
        resolve({ index, baseUrl: `http://127.0.0.1:${message.port}`, apps: message.apps, inspectorPort, child });
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new StepwiseInputError(`the app host exited while loading ${modulePath} (${signal ?? `code ${code}`})`));
        if (!this.closing) this.emit("exit", index, code, signal);
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.hosts.map(
        (h) =>
          new Promise<void>((resolve) => {
            if (h.child.exitCode !== null || h.child.signalCode !== null) return resolve();
            h.child.once("exit", () => resolve());
            h.child.kill("SIGTERM");
            setTimeout(() => h.child.kill("SIGKILL"), 2000).unref();
          }),
      ),
    );
    rmSync(this.sourceMaps, { recursive: true, force: true });
  }
}
