import type { IncomingMessage } from "node:http";
import { SwitchyardError } from "../ir/error.ts";
import { describeJsonError } from "./json-error.ts";

export const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;

export function tooLarge(limit: number): SwitchyardError {
  return new SwitchyardError({
    kind: "request_too_large",
    status: 413,
    code: "request_too_large",
    message: `request body is larger than this gateway's limit of ${formatBytes(limit)} (server.body_limit_mb)`,
  });
}

/**
 * The request body, up to `limit` bytes. A declared `content-length` over the limit fails
 * before a byte is read; a chunked body fails as soon as it crosses the limit, dropping what
 * it had and discarding the rest rather than buffering it (the 413 closes the connection).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks = [];
        // still flowing with no listener: the rest is read and dropped, never held
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onGone = (): void => {
      cleanup();
      reject(
        new SwitchyardError({ kind: "cancelled", message: "client closed the connection while sending" }),
      );
    };
    const onClose = (): void => {
      if (!req.complete) onGone();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onClose);
  });
}

/** A JSON body → its value; a syntax error → 400 naming the line and column. */
export function parseJson(buf: Buffer): unknown {
  let text = buf.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch {
    throw new SwitchyardError({ kind: "invalid_request", status: 400, message: describeJsonError(text) });
  }
}

/** The body must be a JSON object (every endpoint's request is one). */
export function expectObjectBody(v: unknown): Record<string, unknown> {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  const got = v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`;
  throw new SwitchyardError({
    kind: "invalid_request",
    status: 400,
    message: `request body must be a JSON object, got ${got}`,
  });
}

export async function readJsonObject(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  return expectObjectBody(parseJson(await readBody(req, limit)));
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
