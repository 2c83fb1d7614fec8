import assert from "node:assert/strict";
import { once } from "node:events";
import { pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import { generatedPositionFor, originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import WebSocket from "ws";
import { withoutInspectorNotices } from "../runtime/app-host";
import { fixtureApp, runToEnd, startApp } from "./support/runtime-harness";
import { positionOf } from "./support/throw-markers";

/** The Chrome DevTools Protocol over the host's inspector, as VS Code's JavaScript debugger speaks it. */
class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Record<string, unknown>) => void>();
  private readonly listeners: Array<(method: string, params: Record<string, unknown>) => void> = [];
  readonly events: Array<{ method: string; params: Record<string, unknown> }> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; method?: string; params?: Record<string, unknown> };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? {});
      else if (message.method) {
        this.events.push({ method: message.method, params: message.params ?? {} });
        for (const listener of this.listeners) listener(message.method, message.params ?? {});
      }
    });
  }

  static async attach(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await once(socket, "open");
    return new Inspector(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return withTimeout(new Promise((resolve) => this.pending.set(id, resolve)), `${method} answered`);
  }

  next(method: string): Promise<Record<string, unknown>> {
    return withTimeout(new Promise((resolve) => this.listeners.push((m, params) => m === method && resolve(params))), `${method} arrived`);
  }

  close(): void {
    this.socket.close();
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting until ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

/** The script's inline source map, which is all a JavaScript debugger has to map it. */
function inlineMap(sourceMapURL: string): { sources: string[]; map: TraceMap } {
  const json = Buffer.from(sourceMapURL.replace(/^data:application\/json;base64,/, ""), "base64").toString("utf8");
  return { sources: (JSON.parse(json) as { sources: string[] }).sources, map: new TraceMap(json) };
}

describe("the JavaScript debugger attached to the app host", { timeout: 120_000 }, () => {
  const cases = [
    { loadedAs: "CommonJS", fixture: "step-errors.ts", functionId: "throws-in-step", line: "checkTotal(order);" },
    { loadedAs: "ESM (top-level await)", fixture: "top-level-await/app.ts", functionId: "greet", line: "const greeting = await step.run(" },
  ];
  for (const c of cases) {
    test(`stops on a TypeScript line of the step body, through the inline source map, in a module loaded as ${c.loadedAs}`, async () => {
      const output: string[] = [];
      const app = await startApp(c.fixture, { inspect: true, beforeStart: (o) => o.on("output", (text: string) => output.push(text)) });
      const inspector = await Inspector.attach(app.inspectorPorts[0]);
      try {
        const file = fixtureApp(c.fixture);
        const url = pathToFileURL(file).href;
        const parsed = inspector.next("Debugger.scriptParsed");
        await inspector.send("Debugger.enable");
        await parsed;
        const script = inspector.events.find((e) => e.method === "Debugger.scriptParsed" && e.params.url === url);
        assert.ok(script, `the host parsed ${url}`);
        const { sources, map } = inlineMap(String(script.params.sourceMapURL));
        assert.deepEqual(sources, [file], "the map names the real TypeScript file");
        const target = positionOf(file, c.line);
        const generated = generatedPositionFor(map, { source: file, line: target.line, column: target.column - 1 });
        assert.ok(generated.line !== null, `line ${target.line} has compiled code`);
        const { breakpointId } = await inspector.send("Debugger.setBreakpointByUrl", { url, lineNumber: generated.line - 1 });
        const paused = inspector.next("Debugger.paused");
        const run = runToEnd(app, c.functionId, { data: { name: "Ada" } });
        const frame = ((await paused).callFrames as Array<{ location: { scriptId: string; lineNumber: number; columnNumber: number } }>)[0];
        assert.equal(frame.location.scriptId, script.params.scriptId);
        assert.equal(originalPositionFor(map, { line: frame.location.lineNumber + 1, column: frame.location.columnNumber }).line, target.line);
        // The handler runs again on every call; stop only once.
        await inspector.send("Debugger.removeBreakpoint", { breakpointId });
        await inspector.send("Debugger.resume");
        await withTimeout(run, "the run ended");
        // Node's notes about the inspector are not the app's output.
        assert.deepEqual(output.join("").match(/Debugger listening|For help, see|Debugger attached/g), null, output.join(""));
      } finally {
        inspector.close();
        await app.close();
      }
    });
  }
});

describe("Node's notes about the inspector are left out of the app's stderr", () => {
  const cases: Array<[string, string, string]> = [
    ["Node 20", "Debugger listening on ws://127.0.0.1:9229/0f2c\nFor help, see: https://nodejs.org/en/docs/inspector\n", ""],
    ["Node 22, the help line in a chunk of its own", "For help, see: https://nodejs.org/learn/getting-started/debugging\n", ""],
    ["an attach, between the app's lines", "warn: slow call\nDebugger attached.\nwarn: slower call\n", "warn: slow call\nwarn: slower call\n"],
    ["the app's own line that mentions a debugger", "Debugger settings: none\n", "Debugger settings: none\n"],
  ];
  for (const [what, stderr, kept] of cases) {
    test(what, () => assert.equal(withoutInspectorNotices(stderr), kept));
  }
});
