// Child processes the tests start (a user's own app, `stepwise dev`): started with a line to wait
// for, and always killed at the end of the test file.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { after } from "node:test";

const started: ChildProcess[] = [];
after(() => started.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

export interface Started {
  child: ChildProcess;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in its stdout (rejects after `timeoutMs` or if it exits). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function startProcess(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Started {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  child.stdout!.on("data", (c) => {
    out += c;
    listeners.forEach((l) => l());
  });
  child.stderr!.on("data", (c) => (err += c));
  child.on("exit", () => listeners.forEach((l) => l()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) return done(() => resolve(match));
          if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`${args.join(" ")} exited before printing ${pattern}: ${out}${err}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${args.join(" ")} did not print ${pattern} within ${timeoutMs} ms: ${out}${err}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Polls `check` until it returns something truthy (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
