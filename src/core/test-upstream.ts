/**
 * A loopback stub upstream for the core's tests: answers each request with what the test's
 * handler returns (recorded bodies and streams), and can stall, pace or cut a stream to
 * exercise timeouts and mid-stream failures. Records every request it got.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayResult, StreamResult } from "./gateway-types.ts";

export interface StubRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed, when it is JSON. */
  json: unknown;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** Whole body, or pieces written one by one (`delayMs` apart). */
  body?: string | Uint8Array | Array<string | Uint8Array>;
  delayMs?: number;
  /** Wait this long before sending the headers. */
  headersDelayMs?: number;
  /** After the pieces: never end (the socket stays open until the test closes the stub). */
  stall?: boolean;
  /** After the pieces: destroy the socket (a reset mid-answer). */
  destroy?: boolean;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(handler: (req: StubRequest) => StubReply): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const body = Buffer.concat(parts);
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        json = undefined;
      }
      const r: StubRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        json,
      };
      requests.push(r);
      void reply(res, handler(r));
    });
  });
  const reply = async (res: import("node:http").ServerResponse, a: StubReply): Promise<void> => {
    if (a.headersDelayMs !== undefined) await sleep(a.headersDelayMs);
    if (res.destroyed) return;
    res.writeHead(a.status ?? 200, { "content-type": "application/json", ...a.headers });
    res.flushHeaders();
    const pieces = a.body === undefined ? [] : Array.isArray(a.body) ? a.body : [a.body];
    for (const [i, p] of pieces.entries()) {
      if (i > 0 && a.delayMs !== undefined) await sleep(a.delayMs);
      if (res.destroyed) return;
      res.write(p);
    }
    if (a.destroy === true) {
      await sleep(10);
      res.socket?.destroy();
      return;
    }
    if (a.stall === true) return;
    res.end();
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Unref'd: a stub's pending delay must not keep the test process alive after the stub closed. */
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** A result's body as text (streams read to their end) and its headers. */
export async function readResult(
  r: GatewayResult,
): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  if (r.kind === "json") {
    const text = r.body instanceof Uint8Array ? Buffer.from(r.body).toString("utf8") : JSON.stringify(r.body);
    return { status: r.status, headers: r.headers, text };
  }
  return { status: r.status, headers: r.headers, text: Buffer.concat(await chunksOf(r)).toString("utf8") };
}

export async function chunksOf(r: StreamResult): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of r.chunks) out.push(typeof c === "string" ? Buffer.from(c, "utf8") : Buffer.from(c));
  return out;
}

/** Splits bytes into pieces of `size` (to replay a recording as a paced stream). */
export function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.byteLength; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
