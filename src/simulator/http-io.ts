import type { IncomingMessage, ServerResponse } from "node:http";
import { SwitchyardError } from "../ir/error.ts";

/** Request bodies above this are refused (413): the simulator is a test double, not storage. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The whole request body (requests are small; answers are what stream). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new SwitchyardError({
            kind: "request_too_large",
            message: `request body over ${MAX_BODY_BYTES} bytes`,
          }),
        );
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new SwitchyardError({
      kind: "invalid_request",
      message: `request body is not valid JSON: ${(e as Error).message}`,
      param: "body",
    });
  }
}

/** A JSON answer in one write (headers and body together). */
export function sendJson(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  sendBytes(res, status, { "content-type": "application/json", ...headers }, JSON.stringify(body));
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Uint8Array,
): void {
  if (res.destroyed) return;
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, { ...headers, "content-length": String(length) });
  res.end(body);
}

/** Resolves after `ms`, or at once when `signal` aborts (the client left, the simulator closed). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Resolves when `signal` aborts. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** A header as one string (first value), undefined when absent. */
export function headerGetter(req: IncomingMessage): (name: string) => string | undefined {
  return (name) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
}
