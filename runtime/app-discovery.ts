// The Dev Server's app discovery: the local ports and serve() paths where apps usually are
// (Go: pkg/devserver/discovery/discovery.go), probed for an Inngest SDK endpoint.
import net from "node:net";

/** The ports the Dev Server scans, and $PORT. */
export const DISCOVERY_PORTS = [80, 443, 3000, 3001, 3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009, 3010, 4321, 5000, 5173, 8000, 8080, 8081, 8888, 8910, 8911, 8912, 8913, 8914, 8915, 8787];

export const DISCOVERY_PATHS = ["/api/inngest", "/x/inngest", "/.netlify/functions/inngest", "/.redwood/functions/inngest"];

function portOpen(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** An SDK serve() endpoint answers a GET with its `x-inngest-sdk` header (introspection). */
async function isSdkEndpoint(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.headers.has("x-inngest-sdk");
  } catch {
    return false;
  }
}

/** The serve URLs found on this machine's usual ports, leaving out `skipPorts` (our own). */
export async function discoverApps(skipPorts: number[], timeoutMs = 2000): Promise<string[]> {
  const env = Number(process.env.PORT);
  const ports = [...new Set([...DISCOVERY_PORTS, ...(Number.isInteger(env) && env > 0 ? [env] : [])])].filter((p) => !skipPorts.includes(p));
  const open = (await Promise.all(ports.map(async (p) => ((await portOpen(p, 500)) ? p : undefined)))).filter((p): p is number => p !== undefined);
  const found: string[] = [];
  for (const port of open) {
    for (const path of DISCOVERY_PATHS) {
      const url = `http://127.0.0.1:${port}${path}`;
      if (await isSdkEndpoint(url, timeoutMs)) found.push(url);
    }
  }
  return found;
}
