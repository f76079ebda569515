import type { ServerResponse } from "node:http";
import type { GatewayResult, JsonResult, StreamResult } from "../core/gateway-types.ts";
import { FORMATS } from "../formats/registry.ts";
import type { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";

/** Headers about the connection, not the answer: the server sets its own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "upgrade"]);

/**
 * An error the server itself raises (bad JSON, 401, 405, 413, 404, 500) in the caller's own
 * format. The server picks the status (OpenAI's codec would send 413 as 400, the status its
 * API uses for oversized prompts; for an oversized HTTP body 413 is the honest answer).
 */
export function errorResult(format: FormatId, err: SwitchyardError): JsonResult {
  const enc = FORMATS[format].encodeError(err);
  const body = enc.body;
  // Gemini repeats the HTTP status inside the body
  if (format === "gemini" && isRecord(body) && isRecord(body.error)) body.error.code = err.status;
  return { kind: "json", status: err.status, headers: { ...enc.headers }, body };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  if (res.headersSent || res.destroyed) return;
  const out: Record<string, string> = {};
  let type: string | undefined;
  for (const k in headers) {
    const v = headers[k] as string;
    const lower = k.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === "content-type") type = v;
    out[k] = v;
  }
  let bytes: Buffer;
  if (body instanceof Uint8Array) {
    bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (type === undefined) out["content-type"] = "application/octet-stream";
  } else if (typeof body === "string" && type !== undefined && !JSON_TYPE.test(type)) {
    bytes = Buffer.from(body, "utf8");
  } else {
    bytes = Buffer.from(JSON.stringify(body ?? null), "utf8");
    if (type === undefined) out["content-type"] = "application/json";
  }
  out["content-length"] = String(bytes.byteLength);
  res.writeHead(status, out);
  res.end(bytes);
}

const JSON_TYPE = /json/i;

/**
 * Writes a stream as it comes: headers flushed at once, each chunk written when it arrives,
 * waiting for `drain` when the client reads slower than the upstream writes. Resolves when
 * the answer ended or the client left (`gone` aborts); an exception from the source cuts the
 * connection, so a truncated answer never looks complete.
 */
export async function sendStream(
  res: ServerResponse,
  result: StreamResult,
  gone: AbortSignal,
): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers)) if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k] = v;
  headers["cache-control"] = "no-cache";
  headers["x-accel-buffering"] = "no";
  if (contentType(headers) === undefined) headers["content-type"] = "text/event-stream";
  res.writeHead(result.status, headers);
  res.flushHeaders();
  const it = result.chunks[Symbol.asyncIterator]();
  const leftEarly = new Promise<"gone">((resolve) => {
    if (gone.aborted) resolve("gone");
    else gone.addEventListener("abort", () => resolve("gone"), { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([it.next(), leftEarly]);
      if (next === "gone") {
        // the core sees the abort too; do not wait for its iterator to notice
        it.return?.().catch(() => {});
        return;
      }
      if (next.done === true) break;
      if (!res.write(next.value)) {
        const why = await Promise.race([onceDrained(res), leftEarly]);
        if (why === "gone") {
          it.return?.().catch(() => {});
          return;
        }
      }
    }
    res.end();
  } catch {
    res.destroy();
  }
}

export function sendResult(res: ServerResponse, result: GatewayResult, gone: AbortSignal): Promise<void> {
  if (result.kind === "stream") return sendStream(res, result, gone);
  sendJson(res, result.status, result.headers, result.body);
  return Promise.resolve();
}

function onceDrained(res: ServerResponse): Promise<"drain"> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve("drain");
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function contentType(h: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === "content-type") return v;
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
