import { isObject } from "../validate.ts";
/**
 * The Anthropic Messages wire format (`POST /v1/messages`), both directions.
 * @see https://docs.anthropic.com/en/api/messages
 */
import type { WireFormat } from "../wire-format.ts";
import { decodeError, encodeError } from "./error.ts";
import { decodeRequest, encodeRequest } from "./request.ts";
import { decodeResponse, encodeResponse } from "./response.ts";
import { AnthropicStreamDecoder } from "./stream-decoder.ts";
import { AnthropicStreamEncoder } from "./stream-encoder.ts";
import type { AnthropicErrorBody, AnthropicMessage, AnthropicRequest } from "./types.ts";
import { decodeUsage } from "./usage.ts";

export const anthropicMessages: WireFormat<AnthropicRequest, AnthropicMessage, AnthropicErrorBody> = {
  id: "anthropic-messages",
  decodeRequest,
  encodeRequest,
  decodeResponse,
  responseUsage: (b) => (isObject(b) && isObject(b.usage) ? decodeUsage(b.usage) : undefined),
  encodeResponse,
  decodeError,
  encodeError,
  streamDecoder: (ctx) => new AnthropicStreamDecoder(ctx),
  // Nothing in the request changes an Anthropic stream's shape.
  streamEncoder: () => new AnthropicStreamEncoder(),
};

export type { AnthropicErrorBody, AnthropicMessage, AnthropicRequest } from "./types.ts";
