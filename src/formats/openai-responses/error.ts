/**
 * The OpenAI error codec, shared by Responses and Chat Completions (one envelope,
 * `{error: {message, type, param, code}}`, for every OpenAI endpoint), plus the Responses-only
 * `{code, message}` error object a failed `Response` carries (`response.failed`).
 *
 * Statuses follow the official SDK's error classes (400 BadRequest, 401 Authentication,
 * 403 PermissionDenied, 404 NotFound, 409 Conflict, 422 UnprocessableEntity, 429 RateLimit,
 * ≥500 InternalServer). OpenAI has no 402 and no 529: exhausted credit is 429
 * `insufficient_quota`, which is kind billing (it will not recover on retry, so it is sent with
 * `x-should-retry: false`), and overload is 503. Kinds OpenAI has no status for keep one a
 * reader can map back: request too large 400 (`request_too_large`), cancelled 499, timeout 504.
 *
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see https://github.com/openai/openai-node/blob/master/src/core/error.ts
 */
import type { ResponseError } from "openai/resources/responses/responses";
import { type ErrorKind, kindForStatus, parseRetryAfter, SwitchyardError } from "../../ir/error.ts";
import { kindFromCode as sharedKindFromCode } from "../../ir/error-codes.ts";
import type { FormatId } from "../../ir/stop-reason.ts";
import { parseBody } from "../error-body.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { EncodedError, HeaderGetter } from "../wire-format.ts";
import { FORMAT, type ResponsesErrorBody } from "./types.ts";

type FailureCode = ResponseError["code"];

const FAILURE_CODES: ReadonlySet<string> = new Set<FailureCode>([
  "server_error",
  "rate_limit_exceeded",
  "invalid_prompt",
  "data_residency_mismatch",
  "bio_policy",
  "misalignment_policy_violation",
  "vector_store_timeout",
  "invalid_image",
  "invalid_image_format",
  "invalid_base64_image",
  "invalid_image_url",
  "image_too_large",
  "image_too_small",
  "image_parse_error",
  "image_content_policy_violation",
  "invalid_image_mode",
  "image_file_too_large",
  "unsupported_image_media_type",
  "empty_image_file",
  "failed_to_download_image",
  "image_file_not_found",
]);

/**
 * Kind from OpenAI's `code` (or the `insufficient_quota` type), which says more than the
 * status: Responses answers an unknown model with 400 `model_not_found`, quota with 429.
 */
function kindFromCode(code: string | undefined, type: string | undefined): ErrorKind | undefined {
  if (code === "insufficient_quota" || type === "insufficient_quota") return "billing";
  switch (code) {
    case "rate_limit_exceeded":
      return "rate_limit";
    case "model_not_found":
      return "not_found";
    case "invalid_api_key":
      return "authentication";
    case "billing_error":
      return "billing";
    case "request_too_large":
      return "request_too_large";
    case "server_error":
      return "server";
    case "server_is_overloaded":
    case "slow_down":
      return "overloaded";
    case "vector_store_timeout":
    case "timeout":
      return "timeout";
    case "request_cancelled":
      return "cancelled";
    default:
      if (code !== undefined && FAILURE_CODES.has(code)) return "invalid_request";
      // an IR stream `error` code written by another format's decoder (`overloaded_error`, `RESOURCE_EXHAUSTED`, …)
      return sharedKindFromCode(code);
  }
}

/** `error.type` values, read only when there is no error status (an error inside a stream). */
const KIND_BY_TYPE: Readonly<Record<string, ErrorKind>> = {
  invalid_request_error: "invalid_request",
  authentication_error: "authentication",
  permission_error: "permission",
  not_found_error: "not_found",
  rate_limit_error: "rate_limit",
  requests: "rate_limit",
  tokens: "rate_limit",
  server_error: "server",
  service_unavailable_error: "overloaded",
};

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

interface ErrorFields {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
}

/**
 * The error fields of any OpenAI error shape: the HTTP envelope, the stream `error` event
 * (the recorded wire nests them under `error`; the spec puts them at the top level), a
 * failed `Response`, or what an OpenAI-compatible server sends instead (`{error: "text"}`,
 * `{message}`; some send a numeric `code`).
 * @see ../../../../shared/wire/specs/openai/README.md (discrepancy note on the error event)
 */
function fieldsOf(body: unknown): ErrorFields | undefined {
  if (!isObject(body)) return undefined;
  const inner: JsonObject | undefined = isObject(body.error)
    ? body.error
    : body.type === "error"
      ? body
      : undefined;
  if (inner === undefined) {
    const message = str(body.error) ?? str(body.message);
    return message === undefined ? undefined : { message };
  }
  const fields: ErrorFields = {};
  const message = str(inner.message);
  const type = inner === body ? undefined : str(inner.type);
  const code = typeof inner.code === "number" ? String(inner.code) : str(inner.code);
  const param = str(inner.param);
  if (message !== undefined && message !== "") fields.message = message;
  if (type !== undefined) fields.type = type;
  if (code !== undefined) fields.code = code;
  if (param !== undefined) fields.param = param;
  return fields;
}

/** An OpenAI error body (any shape, even plain text) and its status → `SwitchyardError`. */
export function decodeError(status: number, body: unknown, headers?: HeaderGetter): SwitchyardError {
  return decodeOpenAIError(FORMAT, status, body, headers);
}

/**
 * {@link decodeError} for either OpenAI format, `source` naming which. The code decides the
 * kind when it is specific, then the HTTP status; `error.type` only when there is no error
 * status (an error object inside a 200 stream), whose status is then OpenAI's for the kind.
 */
export function decodeOpenAIError(
  source: FormatId,
  status: number,
  body: unknown,
  headers?: HeaderGetter,
): SwitchyardError {
  const parsed = parseBody(body);
  const f = fieldsOf(parsed) ?? {};
  const text = typeof parsed === "string" && parsed.trim() !== "" ? parsed.trim() : undefined;
  const kind: ErrorKind =
    kindFromCode(f.code, f.type) ??
    (status >= 400 ? kindForStatus(status) : (KIND_BY_TYPE[f.type ?? ""] ?? "server"));
  const retryAfter = headers === undefined ? undefined : parseRetryAfter(headers);
  const requestId = headers?.("x-request-id") ?? undefined;
  return new SwitchyardError({
    kind,
    message: f.message ?? text ?? `HTTP ${status}`,
    status: status >= 400 ? status : STATUSES[kind][0],
    ...(f.code === undefined ? {} : { code: f.code }),
    ...(f.param === undefined ? {} : { param: f.param }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(requestId == null || requestId === "" ? {} : { requestId }),
    source,
    raw: parsed,
  });
}

/** The `error` of a failed `Response` → `SwitchyardError` (no HTTP status of its own). */
export function decodeFailure(failure: ResponseError): SwitchyardError {
  const kind = kindFromCode(failure.code, undefined) ?? "server";
  return new SwitchyardError({
    kind,
    message: failure.message,
    code: failure.code,
    source: FORMAT,
    raw: failure,
  });
}

/** Statuses OpenAI uses for each kind, preferred first; anything else is remapped. */
const STATUSES: Readonly<Record<ErrorKind, readonly [number, ...number[]]>> = {
  invalid_request: [400, 422],
  authentication: [401],
  billing: [429],
  permission: [403],
  not_found: [404, 400],
  conflict: [409],
  request_too_large: [400],
  rate_limit: [429],
  cancelled: [499],
  server: [500, 502],
  overloaded: [503],
  timeout: [504, 408],
};

const TYPES: Readonly<Record<ErrorKind, string>> = {
  invalid_request: "invalid_request_error",
  // OpenAI reports bad keys and forbidden access as invalid_request_error (code says which).
  authentication: "invalid_request_error",
  billing: "insufficient_quota",
  permission: "invalid_request_error",
  not_found: "invalid_request_error",
  conflict: "invalid_request_error",
  request_too_large: "invalid_request_error",
  rate_limit: "rate_limit_error",
  cancelled: "invalid_request_error",
  server: "server_error",
  overloaded: "service_unavailable_error",
  timeout: "server_error",
};

/** Codes for errors that came from another format (their own codes mean nothing here). */
const CODES: Readonly<Record<ErrorKind, string | null>> = {
  invalid_request: null,
  authentication: "invalid_api_key",
  billing: "insufficient_quota",
  permission: null,
  not_found: null,
  conflict: null,
  request_too_large: "request_too_large",
  rate_limit: "rate_limit_exceeded",
  cancelled: "request_cancelled",
  server: "server_error",
  overloaded: "server_is_overloaded",
  timeout: "timeout",
};

/** OpenAI's envelope (Anthropic's `{type: "error", error: {type, message}}` is not). */
function isEnvelope(raw: unknown): raw is ResponsesErrorBody {
  return (
    isObject(raw) &&
    raw.type === undefined &&
    isObject(raw.error) &&
    typeof raw.error.message === "string" &&
    typeof raw.error.type === "string" &&
    "code" in raw.error
  );
}

function fromOpenAI(err: SwitchyardError): boolean {
  return err.source === "openai-responses" || err.source === "openai-chat";
}

/**
 * `SwitchyardError` → OpenAI envelope with the status and retry headers the SDK reads. An
 * error from either OpenAI format goes back verbatim with its own status (they share the
 * envelope); otherwise the kind picks status, type and code. Codes of Switchyard's own errors
 * (no source) are kept; another format's are replaced.
 */
export function encodeError(err: SwitchyardError): EncodedError<ResponsesErrorBody> {
  let status: number;
  let body: ResponsesErrorBody;
  if (fromOpenAI(err) && isEnvelope(err.raw)) {
    body = err.raw;
    status = err.status;
  } else {
    const allowed = STATUSES[err.kind];
    status = allowed.includes(err.status) ? err.status : allowed[0];
    const own = err.source === undefined || fromOpenAI(err);
    const code = own && err.code !== undefined ? err.code : CODES[err.kind];
    body = {
      error: {
        message: err.message,
        type: code === "insufficient_quota" ? "insufficient_quota" : TYPES[err.kind],
        param: err.param ?? null,
        code,
      },
    };
  }
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) {
    headers["retry-after"] = String(Math.ceil(err.retryAfter));
    headers["retry-after-ms"] = String(Math.round(err.retryAfter * 1000));
  }
  if (err.requestId !== undefined) headers["x-request-id"] = err.requestId;
  if (
    err.kind === "billing" ||
    body.error.code === "insufficient_quota" ||
    body.error.type === "insufficient_quota"
  ) {
    headers["x-should-retry"] = "false";
  }
  return { status, body, headers };
}

/** `SwitchyardError` → the `{code, message}` object of a failed `Response`. */
export function encodeFailure(err: SwitchyardError): ResponseError {
  let code: FailureCode;
  if (err.code !== undefined && FAILURE_CODES.has(err.code)) code = err.code as FailureCode;
  else if (err.kind === "rate_limit") code = "rate_limit_exceeded";
  else if (err.kind === "invalid_request") code = "invalid_prompt";
  else code = "server_error";
  return { code, message: err.message };
}
