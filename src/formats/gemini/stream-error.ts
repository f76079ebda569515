import { DEFAULT_STATUS, type ErrorKind, SwitchyardError } from "../../ir/error.ts";
import type { IRResponse } from "../../ir/response.ts";
import { decodeError } from "./error.ts";

/**
 * In-stream failures between the IR and Gemini. An IR `error` event has only a `code` string,
 * so the kind of failure travels in it: the IR writes `SwitchyardError` kinds (`rate_limit`,
 * `overloaded`, …), and since IR events may come from any decoder, the reader also accepts the
 * codes the other wire formats use for the same failures.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming/error
 * @see https://docs.anthropic.com/en/api/errors
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */

/** OpenAI error codes and Anthropic error types, for IR errors another decoder wrote. */
const KIND_BY_CODE: Readonly<Record<string, ErrorKind>> = {
  rate_limit_exceeded: "rate_limit",
  insufficient_quota: "billing",
  server_error: "server",
  invalid_prompt: "invalid_request",
  vector_store_timeout: "timeout",
  invalid_request_error: "invalid_request",
  authentication_error: "authentication",
  billing_error: "billing",
  permission_error: "permission",
  not_found_error: "not_found",
  rate_limit_error: "rate_limit",
  api_error: "server",
  overloaded_error: "overloaded",
  timeout_error: "timeout",
};

function isKind(code: string): code is ErrorKind {
  return Object.hasOwn(DEFAULT_STATUS, code);
}

/** The error an IR `error` event (or a failed response's `error`) describes. */
export function errorFromCode(code: string | null | undefined, message: string): SwitchyardError {
  let kind: ErrorKind = "server";
  if (code != null && code !== "") {
    if (isKind(code)) kind = code;
    else if (Object.hasOwn(KIND_BY_CODE, code)) kind = KIND_BY_CODE[code]!;
    // google.rpc status names (`RESOURCE_EXHAUSTED`, …) through Gemini's own table
    else if (/^[A-Z_]+$/.test(code)) kind = decodeError(0, { error: { status: code, message } }).kind;
  }
  return new SwitchyardError({ kind, message, source: "gemini-stream" });
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
