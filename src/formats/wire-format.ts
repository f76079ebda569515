import type { Dropped, Translated } from "../ir/dropped.ts";
import type { SwitchyardError } from "../ir/error.ts";
import type { IRRequest } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import type { Usage } from "../ir/usage.ts";

/** What a request body alone does not say (Gemini puts the model and streaming in the URL). */
export interface RequestContext {
  model?: string;
  stream?: boolean;
}

/** What encoding an answer may need from the request it answers (Responses echoes it). */
export interface ResponseContext {
  request?: IRRequest;
}

/** A native error ready to send: status, body and headers (`retry-after`, …). */
export interface EncodedError<Body = unknown> {
  status: number;
  body: Body;
  headers: Record<string, string>;
}

/**
 * One wire format, used in both directions: `decode*` reads the wire into the IR, `encode*`
 * writes the IR to the wire. The same codec serves a format as the client's surface and as
 * the upstream provider's API, so N formats need 2N translators, never N².
 *
 * Decoders throw a `SwitchyardError` (kind `invalid_request`, `param` = field path) on
 * malformed input. Encoders never throw on a valid IR value: what cannot cross is returned
 * in `dropped`.
 */
export interface WireFormat<Req = unknown, Res = unknown, ErrBody = unknown> {
  readonly id: FormatId;
  decodeRequest(body: unknown, ctx?: RequestContext): Translated<IRRequest>;
  encodeRequest(req: IRRequest): Translated<Req>;
  decodeResponse(body: unknown): Translated<IRResponse>;
  /**
   * Only the usage of a whole answer (what `decodeResponse(body).value.usage` would say),
   * without decoding the rest: the passthrough path taps usage off every answer.
   */
  responseUsage(body: unknown): Usage | undefined;
  encodeResponse(res: IRResponse, ctx?: ResponseContext): Translated<Res>;
  /** A provider's error body (any shape, even non-JSON text) into the typed error. */
  decodeError(status: number, body: unknown, headers?: HeaderGetter): SwitchyardError;
  encodeError(err: SwitchyardError): EncodedError<ErrBody>;
  /** A fresh state machine reading this format's stream events into IR stream events. */
  streamDecoder(ctx?: StreamDecodeContext): StreamDecoder;
  /** A fresh state machine writing IR stream events as this format's stream bytes. */
  streamEncoder(ctx?: StreamEncodeContext): StreamEncoder;
}

/**
 * One native stream event: an SSE event (`event:` name and `data:` text), or for Gemini's
 * JSON-array form one array element's text (no name). The decoder parses `data` itself.
 */
export interface NativeStreamEvent {
  event?: string;
  data: string;
}

export interface StreamDecodeContext {
  /** Gemini: the model comes from the URL. */
  model?: string;
  /** The request, for decoders whose stream omits what it echoes. */
  request?: IRRequest;
}

export interface StreamEncodeContext {
  /** The request being answered: Responses echoes it; Chat reads `stream_options.include_usage`. */
  request?: IRRequest;
  /** Chat Completions: emit the final usage chunk (`stream_options.include_usage`). */
  includeUsage?: boolean;
  /** Gemini: `alt=sse` (CRLF-framed SSE, the default) or the JSON-array form. */
  framing?: "sse" | "json-array";
}

/**
 * Native events in, IR events out, one event at a time, holding only what the format makes
 * it hold (an open block's index, a tool call's id) — never the whole answer. `end()` is called
 * when the byte stream ends: if no terminal event was seen, it returns an `error` event and a
 * `response.failed` (the answer was truncated) rather than ending cleanly.
 */
export interface StreamDecoder {
  push(ev: NativeStreamEvent): IRStreamEvent[];
  end(): IRStreamEvent[];
}

/**
 * IR events in, wire text out (complete SSE frames, or JSON-array pieces), in order. An IR
 * `error` event becomes the format's in-stream error (Anthropic `event: error`, Responses
 * `error` + `response.failed`, Chat and Gemini their error objects). `end()` returns what
 * must close the stream (`data: [DONE]`, the `]` of a JSON array, …) — or, when no terminal
 * event came, the format's in-stream error: a truncated answer never ends cleanly.
 */
export interface StreamEncoder {
  push(ev: IRStreamEvent): string;
  end(): string;
}

export type HeaderGetter = (name: string) => string | null | undefined;

export type { Dropped, Translated };
