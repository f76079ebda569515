/** A recording proxy for the factory's tests: forwards to the simulator, keeps every JSON body it saw. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordingProxy {
  url: string;
  bodies: unknown[];
  /** The key each request carried, whichever header the provider reads it from. */
  keys: Array<string | undefined>;
  close(): Promise<void>;
}

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const bodies: unknown[] = [];
  const keys: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const body = Buffer.concat(parts);
      const auth = req.headers.authorization ?? req.headers["x-api-key"] ?? req.headers["x-goog-api-key"];
      keys.push(typeof auth === "string" ? auth.replace(/^Bearer /, "") : undefined);
      try {
        bodies.push(JSON.parse(body.toString("utf8")));
      } catch {
        bodies.push(undefined);
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
      }
      fetch(`${upstream}${req.url ?? "/"}`, { method: req.method ?? "POST", headers, body })
        .then(async (up) => {
          res.writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "application/json" });
          res.end(Buffer.from(await up.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
