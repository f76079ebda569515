import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import type { Dropped, Translated } from "../ir/dropped.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { IRResponse } from "../ir/response.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import type { Usage } from "../ir/usage.ts";
import type { HttpResponse } from "../transport/http.ts";
import { AttemptRefused, isContentEvent } from "./attempt-refused.ts";
import { callHeaders, type Deps, recordCall, streamFailure, truncated } from "./deps.ts";
import { badUpstreamBody, errorResult } from "./errors.ts";
import type { GatewayResult } from "./gateway-types.ts";
import type { Call } from "./plan.ts";
import { answeredWithJson, replayJson } from "./replayed.ts";
import { inStreamErrorTail } from "./stream-tail.ts";
import { StreamTranslator } from "./stream-translator.ts";
import { generationURL, upstreamHeaders } from "./upstream-request.ts";

const MAX_ERROR_BODY = 1024 * 1024;

/**
 * The translated path (DESIGN.md §1): the IR request is encoded in the provider's format,
 * sent, and the answer decoded and re-encoded in the surface's format — whole for JSON,
 * chunk by chunk for streams. What could not cross either way is reported in
 * `x-switchyard-dropped` (the response side only for JSON answers: a stream's headers are
 * sent before its body is read).
 */
export async function translate(call: Call, deps: Deps): Promise<GatewayResult> {
  const format = call.upstreamFormat;
  const { resolved } = call.target.provider;
  const model = call.target.deployment.model;
  const encoded = FORMATS[format].encodeRequest({ ...call.ir, model, stream: call.stream });
  const dropped: Dropped[] = [...call.dropped, ...encoded.dropped];
  const body = encoded.value as Record<string, unknown>;
  if (call.stream && format === "openai-chat" && isObject(body)) {
    // the usage chunk feeds the ledger; the surface encoder decides whether the client sees it
    body.stream_options = {
      ...(isObject(body.stream_options) ? body.stream_options : {}),
      include_usage: true,
    };
  }
  const res = await deps.http.send({
    url: generationURL(resolved, format, model, call.stream, "sse"),
    headers: upstreamHeaders(resolved, { stream: call.stream, format, client: call.client }),
    body: JSON.stringify(body),
    signal: call.signal,
  });
  if (res.status < 200 || res.status >= 300) return upstreamError(call, deps, res, dropped);
  if (answeredWithJson(call, res)) return replayJson(call, deps, res, format, dropped);
  return call.stream ? translateStream(call, deps, res, dropped) : translateJson(call, deps, res, dropped);
}

/**
 * An upstream error → the surface's envelope and status (`retry-after` kept by the codecs),
 * thrown for the attempt loop to retry, fail over, or return (and record).
 */
async function upstreamError(call: Call, deps: Deps, res: HttpResponse, dropped: Dropped[]): Promise<never> {
  const text = await res.text(MAX_ERROR_BODY);
  const err = FORMATS[call.upstreamFormat].decodeError(res.status, text, (n) => res.header(n));
  throw new AttemptRefused(err, errorResult(call.surface, err, callHeaders(call, dropped), deps.redactor));
}

async function translateJson(
  call: Call,
  deps: Deps,
  res: HttpResponse,
  dropped: Dropped[],
): Promise<GatewayResult> {
  const provider = call.target.deployment.provider;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badUpstreamBody(provider, "not JSON");
  }
  let decoded: Translated<IRResponse>;
  try {
    decoded = FORMATS[call.upstreamFormat].decodeResponse(parsed);
  } catch (err) {
    throw badUpstreamBody(provider, err instanceof SwitchyardError ? err.message : "unexpected shape");
  }
  // Anthropic and Gemini answers carry no timestamp; the client's format may need one (Chat `created`)
  decoded.value.created_at ??= Math.floor(Date.now() / 1000);
  const out = FORMATS[call.surface].encodeResponse(decoded.value, { request: call.ir });
  dropped.push(...decoded.dropped, ...out.dropped);
  recordCall(deps, call, { status: 200, usage: decoded.value.usage });
  return {
    kind: "json",
    status: 200,
    headers: { ...callHeaders(call, dropped), "content-type": "application/json" },
    body: out.value,
  };
}

function translateStream(call: Call, deps: Deps, res: HttpResponse, dropped: Dropped[]): GatewayResult {
  return {
    kind: "stream",
    status: 200,
    headers: {
      ...callHeaders(call, dropped),
      "content-type": call.framing === "json-array" ? "application/json" : "text/event-stream",
      "cache-control": "no-cache",
    },
    chunks: streamChunks(call, deps, res),
  };
}

/**
 * Upstream bytes → surface text as they arrive. A transport failure midway ends the
 * translator, whose encoder then writes the surface's in-stream error: a truncated answer
 * never ends cleanly. While another attempt may follow (`call.earlyFailover`), the opening
 * events are held back until the first content event, and a failure before it throws
 * `AttemptRefused` so the attempt loop fails over with the client none the wiser.
 */
async function* streamChunks(call: Call, deps: Deps, res: HttpResponse): AsyncGenerator<string> {
  let usage: Usage | undefined;
  let streamError: SwitchyardError | undefined;
  const onEvent = (ev: IRStreamEvent): void => {
    switch (ev.type) {
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
        if (ev.response.usage !== undefined) usage = ev.response.usage;
        break;
      case "error":
        streamError ??= new SwitchyardError({
          kind: "server",
          message: ev.message,
          code: ev.code ?? "stream_error",
        });
        break;
      default:
        break;
    }
    if (!committed && isContentEvent(ev.type)) sawContent = true;
  };
  let committed = call.earlyFailover !== true;
  let sawContent = false;
  let early = false;
  const pending: string[] = [];
  const translator = new StreamTranslator({
    source: call.upstreamFormat,
    target: call.surface,
    sourceFraming: "sse",
    decode: { model: call.target.deployment.model, request: call.ir },
    encode: { request: call.ir, includeUsage: call.includeUsage, framing: call.framing },
    onEvent,
  });
  let failure: SwitchyardError | undefined;
  let firstChunkAt: number | undefined;
  try {
    try {
      for await (const chunk of res.body) {
        const out = translator.push(chunk);
        if (!committed) {
          if (streamError !== undefined) break;
          if (out !== "") pending.push(out);
          if (!sawContent) continue;
          committed = true;
          firstChunkAt ??= performance.now();
          yield pending.splice(0).join("");
          continue;
        }
        if (out === "") continue;
        firstChunkAt ??= performance.now();
        yield out;
      }
    } catch (err) {
      failure = streamFailure(err, call.target.deployment.provider);
    }
    const earlyError = failure ?? streamError;
    if (!committed && earlyError !== undefined && earlyError.kind !== "cancelled") {
      early = true;
      throw new AttemptRefused(earlyError);
    }
    if (pending.length > 0) yield pending.splice(0).join("");
    if (failure?.kind !== "cancelled") {
      let tail: string;
      try {
        tail = translator.end();
      } catch {
        // a codec bug must still not end the stream cleanly
        failure ??= truncated(call.target.deployment.provider);
        tail = inStreamErrorTail(call.surface, call.framing, failure, { lastSequence: 0, array: "elements" });
      }
      if (tail !== "") yield tail;
    }
  } finally {
    res.cancel();
    if (!early) recordCall(deps, call, { status: 200, usage, error: failure ?? streamError, firstChunkAt });
  }
}
