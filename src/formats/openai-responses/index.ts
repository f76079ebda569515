import { isObject } from "../validate.ts";
/**
 * The OpenAI Responses wire format: the IR's own shape, so its codec mostly validates
 * (decode) and strips what OpenAI must not or cannot receive (encode).
 * @see https://platform.openai.com/docs/api-reference/responses
 */
import type { WireFormat } from "../wire-format.ts";
import { decodeError, encodeError } from "./error.ts";
import { decodeRequest, encodeRequest } from "./request.ts";
import { decodeResponse, encodeResponse } from "./response.ts";
import { ResponsesStreamDecoder } from "./stream-decoder.ts";
import { ResponsesStreamEncoder } from "./stream-encoder.ts";
import type { ResponsesErrorBody, ResponsesRequestBody, ResponsesResponseBody } from "./types.ts";
import { decodeUsage } from "./usage.ts";

export { decodeFailure, encodeFailure } from "./error.ts";
export type { ResponsesErrorBody, ResponsesRequestBody, ResponsesResponseBody } from "./types.ts";

export const openaiResponses: WireFormat<ResponsesRequestBody, ResponsesResponseBody, ResponsesErrorBody> = {
  id: "openai-responses",
  decodeRequest,
  encodeRequest,
  decodeResponse,
  responseUsage: (b) => (isObject(b) ? decodeUsage(b.usage)?.usage : undefined),
  encodeResponse,
  decodeError,
  encodeError,
  streamDecoder: (ctx) => new ResponsesStreamDecoder(ctx),
  streamEncoder: (ctx) => new ResponsesStreamEncoder(ctx),
};
