/**
 * The Anthropic in-stream error event, and the kind of an IR `error` event, whatever format's
 * decoder wrote its `code` (the IR `error` event has only `code` and `message`).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
 */
import { type ErrorKind, kindForStatus, SwitchyardError } from "../../ir/error.ts";
import { encodeSSE } from "../../transport/sse-encoder.ts";
import { ERROR_TYPES, encodeError } from "./error.ts";

const KINDS: ReadonlySet<string> = new Set<ErrorKind>([
  "invalid_request",
  "authentication",
  "billing",
  "permission",
  "not_found",
  "conflict",
  "request_too_large",
  "rate_limit",
  "cancelled",
  "server",
  "overloaded",
  "timeout",
]);

/**
 * Codes other decoders put on the IR `error` event: OpenAI error codes and types, Gemini
 * `status` values. Anthropic types are read from error.ts's table, kinds as themselves.
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
const FOREIGN: Readonly<Record<string, ErrorKind>> = {
  rate_limit_exceeded: "rate_limit",
  insufficient_quota: "billing",
  server_error: "server",
  service_unavailable_error: "overloaded",
  invalid_prompt: "invalid_request",
  invalid_api_key: "authentication",
  model_not_found: "not_found",
  context_length_exceeded: "invalid_request",
  RESOURCE_EXHAUSTED: "rate_limit",
  UNAVAILABLE: "overloaded",
  INTERNAL: "server",
  DEADLINE_EXCEEDED: "timeout",
  INVALID_ARGUMENT: "invalid_request",
  FAILED_PRECONDITION: "invalid_request",
  PERMISSION_DENIED: "permission",
  UNAUTHENTICATED: "authentication",
  NOT_FOUND: "not_found",
  CANCELLED: "cancelled",
};

/** The kind an IR error `code` names; unknown codes are server errors. */
export function kindOfCode(code: string | null | undefined): ErrorKind {
  if (code === null || code === undefined || code === "") return "server";
  const anthropic = ERROR_TYPES[code];
  if (anthropic !== undefined) return anthropic.kind;
  if (KINDS.has(code)) return code as ErrorKind;
  const foreign = FOREIGN[code];
  if (foreign !== undefined) return foreign;
  if (/^\d{3}$/.test(code)) return kindForStatus(Number(code));
  return "server";
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
