import { isObject } from "../validate.ts";
import type { WireFormat } from "../wire-format.ts";
import { decodeError, encodeError } from "./error.ts";
import { decodeRequest, encodeRequest } from "./request.ts";
import { decodeResponse, encodeResponse } from "./response.ts";
import { GeminiStreamDecoder } from "./stream-decoder.ts";
import { GeminiStreamEncoder } from "./stream-encoder.ts";
import type { GeminiErrorBody, GeminiRequestBody, GeminiResponseBody } from "./types.ts";
import { decodeUsage } from "./usage.ts";

/**
 * Google Gemini `generateContent` (Developer API and Vertex AI share the body shapes). The
 * model and streaming are part of the URL, so `decodeRequest` takes them from the context and
 * `encodeRequest` writes the body only; the transport builds the URL from `req.model`.
 * @see https://ai.google.dev/api/generate-content
 */
export const gemini: WireFormat<GeminiRequestBody, GeminiResponseBody, GeminiErrorBody> = {
  id: "gemini",
  decodeRequest,
  encodeRequest,
  decodeResponse,
  responseUsage: (b) =>
    isObject(b) && isObject(b.usageMetadata) ? decodeUsage(b.usageMetadata).usage : undefined,
  encodeResponse,
  decodeError,
  encodeError,
  streamDecoder: (ctx) => new GeminiStreamDecoder(ctx),
  streamEncoder: (ctx) => new GeminiStreamEncoder(ctx),
};

export type { GeminiErrorBody, GeminiRequestBody, GeminiResponseBody } from "./types.ts";
