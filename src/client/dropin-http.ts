import type { GatewayResult } from "../core/gateway-types.ts";

/**
 * Turning the core's results into standard `Response`s for the OpenAI SDK, in-process: JSON
 * bodies serialized as the HTTP server would, streams as a `ReadableStream` that pulls the
 * core's chunks only as the SDK reads them (cancelling the stream ends the core's iterator).
 */

/** Headers about the connection, not the answer. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "upgrade"]);

const encoder = new TextEncoder();

export function headersOf(h: Record<string, string>, extra: Record<string, string>): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) if (!HOP_BY_HOP.has(k.toLowerCase())) out.set(k, v);
  for (const [k, v] of Object.entries(extra)) out.set(k, headerSafe(v));
  return out;
}

/** Header values are visible ASCII and spaces: anything else (an odd model name) becomes `?`. */
function headerSafe(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : s.replace(/[^\x20-\x7e]/g, "?");
}

/** A JSON result (the core's own errors, translated answers) as a `Response`. */
export function jsonResponse(
  status: number,
  headers: Record<string, string>,
  body: unknown,
  extra: Record<string, string> = {},
): Response {
  const h = headersOf(headers, extra);
  let bytes: Uint8Array | string;
  const type = h.get("content-type");
  if (body instanceof Uint8Array) {
    bytes = body;
    if (type === null) h.set("content-type", "application/octet-stream");
  } else if (typeof body === "string" && type !== null && !/json/i.test(type)) {
    bytes = body;
  } else {
    bytes = JSON.stringify(body ?? null);
    if (type === null) h.set("content-type", "application/json");
  }
  return new Response(nullBodyStatus(status) ? null : bytes, { status, headers: h });
}

/** Bytes already in their wire form (a relayed error body, a drained stream) as a `Response`. */
export function rawResponse(
  status: number,
  headers: Record<string, string>,
  text: string,
  extra: Record<string, string> = {},
): Response {
  const h = headersOf(headers, extra);
  if (h.get("content-type") === null) h.set("content-type", "application/json");
  return new Response(nullBodyStatus(status) ? null : text, { status, headers: h });
}

/** A stream result as a `Response` whose body pulls the core's chunks only as the SDK reads them. */
export function streamResponse(
  result: GatewayResult & { kind: "stream" },
  extra: Record<string, string> = {},
): Response {
  const h = headersOf(result.headers, extra);
  if (h.get("content-type") === null) h.set("content-type", "text/event-stream");
  const it = result.chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      try {
        const next = await it.next();
        if (next.done === true) ctrl.close();
        else ctrl.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
      } catch (e) {
        ctrl.error(e);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
  return new Response(nullBodyStatus(result.status) ? null : body, { status: result.status, headers: h });
}

function nullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

/** The OpenAI error envelope, for errors the drop-in raises itself (bad body, unknown path). */
export function openAIError(
  status: number,
  message: string,
  code: string,
  type = status >= 500 ? "server_error" : "invalid_request_error",
  param: string | null = null,
): Response {
  return jsonResponse(status, {}, { error: { message, type, param, code } });
}
