import { type ErrorKind, kindForStatus, parseRetryAfter, SwitchyardError } from "../../ir/error.ts";
import { parseBody } from "../error-body.ts";
import { isObject } from "../validate.ts";
import type { EncodedError, HeaderGetter } from "../wire-format.ts";
import { type AnthropicErrorBody, FORMAT } from "./types.ts";

/**
 * The documented `error.type` values, their kind and the HTTP status each comes with.
 * `invalid_request_error` also covers 4xx statuses without a type of their own (409, 422…).
 * @see https://docs.anthropic.com/en/api/errors
 */
export const ERROR_TYPES: Readonly<Record<string, { kind: ErrorKind; status: number }>> = {
  invalid_request_error: { kind: "invalid_request", status: 400 },
  authentication_error: { kind: "authentication", status: 401 },
  billing_error: { kind: "billing", status: 402 },
  permission_error: { kind: "permission", status: 403 },
  not_found_error: { kind: "not_found", status: 404 },
  request_too_large: { kind: "request_too_large", status: 413 },
  rate_limit_error: { kind: "rate_limit", status: 429 },
  api_error: { kind: "server", status: 500 },
  timeout_error: { kind: "timeout", status: 504 },
  overloaded_error: { kind: "overloaded", status: 529 },
};

/** Kind → the type and status the Anthropic SDK expects for it. */
const BY_KIND: Readonly<Record<ErrorKind, { type: string; status: number }>> = {
  invalid_request: { type: "invalid_request_error", status: 400 },
  authentication: { type: "authentication_error", status: 401 },
  billing: { type: "billing_error", status: 402 },
  permission: { type: "permission_error", status: 403 },
  not_found: { type: "not_found_error", status: 404 },
  conflict: { type: "invalid_request_error", status: 409 },
  request_too_large: { type: "request_too_large", status: 413 },
  rate_limit: { type: "rate_limit_error", status: 429 },
  cancelled: { type: "invalid_request_error", status: 499 },
  server: { type: "api_error", status: 500 },
  // Anthropic signals overload with its own 529, which its SDKs retry.
  overloaded: { type: "overloaded_error", status: 529 },
  timeout: { type: "timeout_error", status: 504 },
};

/**
 * An Anthropic error (`{type:"error", error:{type, message}, request_id}`, or whatever a proxy
 * in front sent instead, even HTML or plain text) → SwitchyardError. `error.type` decides the
 * kind (it is more specific than the status: 529 and 503 both mean overloaded); without a
 * known type the status does. An in-stream error (HTTP 200) gets the status of its type.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function decodeError(status: number, body: unknown, headers?: HeaderGetter): SwitchyardError {
  const parsed = parseBody(body);
  const err = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
  const type = typeof err?.type === "string" ? err.type : undefined;
  const known = type === undefined ? undefined : ERROR_TYPES[type];
  const kind: ErrorKind = known?.kind ?? (status >= 400 ? kindForStatus(status) : "server");
  const message =
    (typeof err?.message === "string" && err.message) ||
    (typeof parsed === "string" && parsed.trim()) ||
    `HTTP ${status}`;
  const retryAfter = headers === undefined ? undefined : parseRetryAfter(headers);
  const requestId =
    (isObject(parsed) && typeof parsed.request_id === "string" && parsed.request_id) ||
    headers?.("request-id") ||
    undefined;
  return new SwitchyardError({
    kind,
    message,
    status: status >= 400 ? status : BY_KIND[kind].status,
    ...(type === undefined ? {} : { code: type }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(requestId ? { requestId } : {}),
    source: FORMAT,
    raw: parsed,
  });
}

/**
 * SwitchyardError → Anthropic error envelope with the status its SDK maps to an error class
 * (overloaded is 529 `overloaded_error`, whatever status the upstream used). An error that
 * came from an Anthropic envelope goes back verbatim with its own status.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function encodeError(err: SwitchyardError): EncodedError<AnthropicErrorBody> {
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) headers["retry-after"] = String(Math.ceil(err.retryAfter));
  if (err.requestId !== undefined) headers["request-id"] = err.requestId;
  if (err.source === FORMAT && isEnvelope(err.raw)) return { status: err.status, body: err.raw, headers };
  const { type, status } = BY_KIND[err.kind];
  const body: AnthropicErrorBody = { type: "error", error: { type, message: err.message } };
  if (err.requestId !== undefined) body.request_id = err.requestId;
  return { status, body, headers };
}

function isEnvelope(v: unknown): v is AnthropicErrorBody {
  return (
    isObject(v) &&
    v.type === "error" &&
    isObject(v.error) &&
    typeof v.error.type === "string" &&
    typeof v.error.message === "string"
  );
}
