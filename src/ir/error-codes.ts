import { DEFAULT_STATUS, type ErrorKind, kindForStatus } from "./error.ts";

/**
 * The kind of failure an error code names, whichever vocabulary it comes from. An IR `error`
 * stream event carries only a `code` string, and it may have been written by any format's
 * decoder: so every encoder reads it through this one table.
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see https://docs.anthropic.com/en/api/errors
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
const KIND_BY_CODE: Readonly<Record<string, ErrorKind>> = {
  // OpenAI codes and types
  rate_limit_exceeded: "rate_limit",
  insufficient_quota: "billing",
  server_error: "server",
  server_is_overloaded: "overloaded",
  slow_down: "overloaded",
  service_unavailable_error: "overloaded",
  invalid_prompt: "invalid_request",
  context_length_exceeded: "invalid_request",
  invalid_api_key: "authentication",
  model_not_found: "not_found",
  vector_store_timeout: "timeout",
  request_cancelled: "cancelled",
  // Anthropic error types (OpenAI shares several of these names)
  invalid_request_error: "invalid_request",
  authentication_error: "authentication",
  billing_error: "billing",
  permission_error: "permission",
  not_found_error: "not_found",
  request_too_large: "request_too_large",
  rate_limit_error: "rate_limit",
  api_error: "server",
  overloaded_error: "overloaded",
  timeout_error: "timeout",
  // google.rpc status names
  INVALID_ARGUMENT: "invalid_request",
  FAILED_PRECONDITION: "invalid_request",
  OUT_OF_RANGE: "invalid_request",
  UNAUTHENTICATED: "authentication",
  PERMISSION_DENIED: "permission",
  NOT_FOUND: "not_found",
  ABORTED: "conflict",
  ALREADY_EXISTS: "conflict",
  RESOURCE_EXHAUSTED: "rate_limit",
  CANCELLED: "cancelled",
  INTERNAL: "server",
  UNKNOWN: "server",
  DATA_LOSS: "server",
  UNIMPLEMENTED: "not_found",
  UNAVAILABLE: "overloaded",
  DEADLINE_EXCEEDED: "timeout",
};

/** The kind `code` names (an IR kind, an OpenAI code, an Anthropic type, a Google status, an HTTP status), or undefined. */
export function kindFromCode(code: string | null | undefined): ErrorKind | undefined {
  if (code == null || code === "") return undefined;
  if (Object.hasOwn(DEFAULT_STATUS, code)) return code as ErrorKind;
  if (Object.hasOwn(KIND_BY_CODE, code)) return KIND_BY_CODE[code];
  if (/^\d{3}$/.test(code)) return kindForStatus(Number(code));
  return undefined;
}
