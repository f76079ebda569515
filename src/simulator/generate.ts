import type { ServerResponse } from "node:http";
import { FORMATS } from "../formats/registry.ts";
import { isObject, type JsonObject } from "../formats/validate.ts";
import type { RequestContext } from "../formats/wire-format.ts";
import { SwitchyardError } from "../ir/error.ts";
import { replayAsStream } from "../ir/replay.ts";
import type { IRRequest } from "../ir/request.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { answer, countInputTokens } from "./answer.ts";
import type { Controls } from "./controls.ts";
import { sendBytes, sendJson, sleep } from "./http-io.ts";
import type { ReplayCatalog, ReplayKind } from "./replay.ts";
import { writeStream } from "./stream-writer.ts";

/** One generation request, past routing, auth and faults. */
export interface Generation {
  res: ServerResponse;
  format: FormatId;
  /** The parsed body, its `model` already stripped of `~…` controls. */
  body: unknown;
  /** The model without controls (Gemini: from the URL). */
  model: string | undefined;
  /** Gemini: streaming comes from the URL. */
  stream?: boolean;
  /** Gemini streaming: `alt=sse` or the JSON-array form. */
  framing: "sse" | "json-array";
  controls: Controls;
  signal: () => AbortSignal;
}

const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
};
const GEMINI_SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
};
const JSON_ARRAY_HEADERS: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
const GEMINI_JSON: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
const JSON_HEADERS: Record<string, string> = { "content-type": "application/json" };

/** The request in the IR: a malformed one throws `invalid_request` naming the field path. */
export function decode(format: FormatId, body: unknown, ctx: RequestContext): IRRequest {
  try {
    return FORMATS[format].decodeRequest(body, ctx).value;
  } catch (e) {
    if (e instanceof SwitchyardError) throw e;
    throw new SwitchyardError({
      kind: "invalid_request",
      message: `malformed request: ${(e as Error).message}`,
    });
  }
}

/** A generated answer: JSON in one write, or the stream event by event (stream-writer.ts). */
export async function generate(g: Generation): Promise<void> {
  const ctx: RequestContext = {};
  if (g.model !== undefined) ctx.model = g.model;
  if (g.stream !== undefined) ctx.stream = g.stream;
  const req = decode(g.format, g.body, ctx);
  if (g.model !== undefined) req.model = g.model;
  const ir = answer(req, { format: g.format, created: Math.floor(Date.now() / 1000) });
  const stream = g.stream ?? req.stream === true;
  const codec = FORMATS[g.format];
  if (!stream) {
    const { value } = codec.encodeResponse(ir, { request: req });
    sendJson(g.res, 200, g.format === "gemini" ? GEMINI_JSON : JSON_HEADERS, value);
    return;
  }
  const streamOptions = isObject(g.body) ? g.body.stream_options : undefined;
  const encoder = codec.streamEncoder({
    request: req,
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
    framing: g.framing,
  });
  await writeStream({
    res: g.res,
    status: 200,
    headers:
      g.format !== "gemini" ? SSE_HEADERS : g.framing === "sse" ? GEMINI_SSE_HEADERS : JSON_ARRAY_HEADERS,
    events: replayAsStream(ir, g.controls.chunk === undefined ? {} : { chunk: g.controls.chunk }),
    encoder,
    controls: g.controls,
    signal: g.signal,
  });
}

/**
 * Anthropic `count_tokens` (`{input_tokens}`) and Gemini `countTokens` (`{totalTokens}`), counted
 * as the generated answers' usage counts them.
 * @see https://docs.anthropic.com/en/api/messages-count-tokens
 * @see https://ai.google.dev/api/tokens
 */
export function countTokens(
  res: ServerResponse,
  format: FormatId,
  body: unknown,
  model: string | undefined,
): void {
  if (format === "anthropic-messages") {
    // count_tokens takes a Messages body without max_tokens
    const b = isObject(body) && body.max_tokens === undefined ? { ...body, max_tokens: 1 } : body;
    sendJson(res, 200, {}, { input_tokens: countInputTokens(decode(format, b, {})) });
    return;
  }
  const b: JsonObject = isObject(body) ? body : {};
  const inner = isObject(b.generateContentRequest)
    ? b.generateContentRequest
    : { contents: b.contents ?? [] };
  const req = decode(format, inner, model === undefined ? {} : { model });
  sendJson(res, 200, GEMINI_JSON, { totalTokens: countInputTokens(req) });
}

/** Replay mode: the named fixture, or the first recorded success of this format and kind. */
export async function replay(g: Generation, catalog: ReplayCatalog): Promise<void> {
  const stream = g.stream ?? (isObject(g.body) && g.body.stream === true);
  const kind: ReplayKind = !stream ? "json" : g.format === "gemini" ? g.framing : "sse";
  const fx =
    g.controls.fixture !== undefined
      ? catalog.named(g.controls.fixture, g.format)
      : catalog.first(g.format, kind);
  if (fx === undefined) {
    throw new SwitchyardError({
      kind: "not_found",
      message: `replay: no recorded ${kind} success for ${g.format} in the replay folder`,
    });
  }
  if (fx.contentType.startsWith("text/event-stream") && g.controls.ttftMs > 0) {
    g.res.writeHead(fx.status, { "content-type": fx.contentType, "cache-control": "no-cache" });
    g.res.flushHeaders();
    await sleep(g.controls.ttftMs, g.signal());
    if (!g.res.destroyed) g.res.end(fx.bytes);
    return;
  }
  sendBytes(g.res, fx.status, { "content-type": fx.contentType }, fx.bytes);
}
