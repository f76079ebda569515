/**
 * Chat Completions errors use the one OpenAI envelope, `{error: {message, type, param, code}}`:
 * the codec lives with the Responses format and only the `source` it stamps differs.
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see ../openai-responses/error.ts
 */
import type { SwitchyardError } from "../../ir/error.ts";
import { decodeOpenAIError } from "../openai-responses/error.ts";
import type { HeaderGetter } from "../wire-format.ts";
import { FORMAT } from "./types.ts";

export { encodeError } from "../openai-responses/error.ts";

/** A Chat Completions error body (any shape, even plain text) and its status → `SwitchyardError`. */
export function decodeError(status: number, body: unknown, headers?: HeaderGetter): SwitchyardError {
  return decodeOpenAIError(FORMAT, status, body, headers);
}
