import { isObject } from "../validate.ts";
import type { WireFormat } from "../wire-format.ts";
import { decodeError, encodeError } from "./error.ts";
import { decodeRequest, encodeRequest } from "./request.ts";
import { decodeResponse, encodeResponse } from "./response.ts";
import { ChatStreamDecoder } from "./stream-decoder.ts";
import { ChatStreamEncoder } from "./stream-encoder.ts";
import type { ChatErrorBody, ChatRequest, ChatResponse } from "./types.ts";
import { decodeUsage } from "./usage.ts";

/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`), both directions.
 * @see https://platform.openai.com/docs/api-reference/chat
 */
export const openaiChat: WireFormat<ChatRequest, ChatResponse, ChatErrorBody> = {
  id: "openai-chat",
  decodeRequest,
  encodeRequest,
  decodeResponse,
  responseUsage: (b) => (isObject(b) && isObject(b.usage) ? decodeUsage(b.usage).usage : undefined),
  encodeResponse,
  decodeError,
  encodeError,
  streamDecoder: (ctx) => new ChatStreamDecoder(ctx),
  streamEncoder: (ctx) => new ChatStreamEncoder(ctx),
};

export type { ChatErrorBody, ChatRequest, ChatResponse } from "./types.ts";
