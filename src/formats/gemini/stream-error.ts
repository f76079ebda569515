import { type ErrorKind, SwitchyardError } from "../../ir/error.ts";
import { kindFromCode } from "../../ir/error-codes.ts";
import type { IRResponse } from "../../ir/response.ts";

/**
 * In-stream failures between the IR and Gemini. An IR `error` event has only a `code` string,
 * so the kind of failure travels in it: the IR writes `SwitchyardError` kinds (`rate_limit`,
 * `overloaded`, …), and since IR events may come from any decoder, the reader also accepts the
 * codes the other wire formats use for the same failures.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming/error
 * @see https://docs.anthropic.com/en/api/errors
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */

/** The error an IR `error` event (or a failed response's `error`) describes. */
export function errorFromCode(code: string | null | undefined, message: string): SwitchyardError {
  return new SwitchyardError({ kind: kindFromCode(code) ?? "server", message, source: "gemini-stream" });
}

/** The Responses `error.code` of a failed response (a closed set) for an error kind. */
export function responseErrorCode(kind: ErrorKind): NonNullable<IRResponse["error"]>["code"] {
  switch (kind) {
    case "rate_limit":
      return "rate_limit_exceeded";
    case "invalid_request":
      return "invalid_prompt";
    default:
      return "server_error";
  }
}
