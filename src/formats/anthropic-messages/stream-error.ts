/**
 * The Anthropic in-stream error event, and the kind of an IR `error` event, whatever format's
 * decoder wrote its `code` (the IR `error` event has only `code` and `message`).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
 */
import { type ErrorKind, SwitchyardError } from "../../ir/error.ts";
import { kindFromCode } from "../../ir/error-codes.ts";
import { encodeSSE } from "../../transport/sse-encoder.ts";
import { encodeError } from "./error.ts";

/** The kind an IR error `code` names (any format's vocabulary); unknown codes are server errors. */
export function kindOfCode(code: string | null | undefined): ErrorKind {
  return kindFromCode(code) ?? "server";
}

/**
 * `event: error` with the envelope error.ts gives the kind (`overloaded_error`, `api_error`, …).
 * The `request_id` of an HTTP error body has no place in the stream event and is left out.
 */
export function errorEvent(code: string | null | undefined, message: string): string {
  const { body } = encodeError(new SwitchyardError({ kind: kindOfCode(code), message }));
  const data = { type: "error", error: { type: body.error.type, message: body.error.message } };
  return encodeSSE({ event: "error", data: JSON.stringify(data) });
}
