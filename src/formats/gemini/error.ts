import { type ErrorKind, kindForStatus, parseRetryAfter, SwitchyardError } from "../../ir/error.ts";
import { parseBody } from "../error-body.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { EncodedError, HeaderGetter } from "../wire-format.ts";
import { asArray, asNumber, asObject, asString } from "./proto-json.ts";
import type { GeminiErrorBody } from "./types.ts";

/**
 * google.rpc.Code names as Gemini sends them in `error.status`, with the HTTP status Google maps
 * each to and the IR kind. Two kinds have no code of their own: billing is PERMISSION_DENIED
 * with an `ErrorInfo` whose reason is BILLING_DISABLED, and an oversized request is HTTP 413.
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto
 * @see https://cloud.google.com/apis/design/errors#error_info
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
const STATUS: Readonly<Record<string, { http: number; kind: ErrorKind }>> = {
  INVALID_ARGUMENT: { http: 400, kind: "invalid_request" },
  FAILED_PRECONDITION: { http: 400, kind: "invalid_request" },
  OUT_OF_RANGE: { http: 400, kind: "invalid_request" },
  UNAUTHENTICATED: { http: 401, kind: "authentication" },
  PERMISSION_DENIED: { http: 403, kind: "permission" },
  NOT_FOUND: { http: 404, kind: "not_found" },
  ALREADY_EXISTS: { http: 409, kind: "conflict" },
  ABORTED: { http: 409, kind: "conflict" },
  RESOURCE_EXHAUSTED: { http: 429, kind: "rate_limit" },
  CANCELLED: { http: 499, kind: "cancelled" },
  UNKNOWN: { http: 500, kind: "server" },
  INTERNAL: { http: 500, kind: "server" },
  DATA_LOSS: { http: 500, kind: "server" },
  UNIMPLEMENTED: { http: 501, kind: "server" },
  UNAVAILABLE: { http: 503, kind: "overloaded" },
  DEADLINE_EXCEEDED: { http: 504, kind: "timeout" },
};

/** The `error.status` and HTTP status a Gemini client expects for each IR kind. */
export function geminiStatusFor(kind: ErrorKind): { http: number; status: string } {
  switch (kind) {
    case "invalid_request":
      return { http: 400, status: "INVALID_ARGUMENT" };
    case "authentication":
      return { http: 401, status: "UNAUTHENTICATED" };
    case "billing": // with an ErrorInfo BILLING_DISABLED detail, Google's way to say it
      return { http: 403, status: "PERMISSION_DENIED" };
    case "permission":
      return { http: 403, status: "PERMISSION_DENIED" };
    case "not_found":
      return { http: 404, status: "NOT_FOUND" };
    case "conflict":
      return { http: 409, status: "ABORTED" };
    case "request_too_large": // Google's front end answers 413; the API calls it INVALID_ARGUMENT
      return { http: 413, status: "INVALID_ARGUMENT" };
    case "rate_limit":
      return { http: 429, status: "RESOURCE_EXHAUSTED" };
    case "cancelled":
      return { http: 499, status: "CANCELLED" };
    case "server":
      return { http: 500, status: "INTERNAL" };
    case "overloaded":
      return { http: 503, status: "UNAVAILABLE" };
    case "timeout":
      return { http: 504, status: "DEADLINE_EXCEEDED" };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

const RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
const ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
const BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";

/** A google.protobuf.Duration in JSON (`"34.4s"`) into seconds. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * A Gemini error into the IR. Bodies come as `{error: google.rpc.Status}`, as a one-element
 * JSON array of that (the non-SSE `streamGenerateContent` form), or as plain text from a proxy.
 * `RetryInfo.retryDelay` in `details` gives the wait; `retry-after` headers are the fallback.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/error_details.proto
 */
export function decodeError(status: number, body: unknown, headers?: HeaderGetter): SwitchyardError {
  const parsed = parseBody(body);
  const top = Array.isArray(parsed) ? parsed[0] : parsed;
  const e = isObject(top) ? asObject(top.error) : undefined;
  const code = asString(e?.status);
  const known = code === undefined ? undefined : STATUS[code];
  const httpStatus = status > 0 ? status : (asNumber(e?.code) ?? known?.http ?? 500);
  const details = asArray(e?.details) ?? [];
  let retryAfter: number | undefined;
  let param: string | undefined;
  let billing = false;
  for (const d of details) {
    if (!isObject(d)) continue;
    if (d["@type"] === ERROR_INFO && d.reason === "BILLING_DISABLED") billing = true;
    if (d["@type"] === RETRY_INFO) retryAfter ??= parseDuration(d.retryDelay);
    if (d["@type"] === BAD_REQUEST) {
      const v = asArray(d.fieldViolations)?.[0];
      param ??= isObject(v) ? asString(v.field) : undefined;
    }
  }
  if (retryAfter === undefined && headers !== undefined) retryAfter = parseRetryAfter(headers);
  const message =
    asString(e?.message) ??
    (typeof parsed === "string" && parsed.trim() !== "" ? parsed.trim() : `HTTP ${httpStatus}`);
  const kind: ErrorKind = billing
    ? "billing"
    : httpStatus === 413
      ? "request_too_large"
      : (known?.kind ?? kindForStatus(httpStatus));
  return new SwitchyardError({
    kind,
    status: httpStatus,
    message,
    source: "gemini",
    raw: parsed,
    ...(code === undefined ? {} : { code }),
    ...(param === undefined ? {} : { param }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
}

function isGeminiErrorBody(v: unknown): v is GeminiErrorBody {
  if (!isObject(v) || !isObject(v.error)) return false;
  const e: JsonObject = v.error;
  return typeof e.code === "number" && typeof e.message === "string" && typeof e.status === "string";
}

/**
 * The IR error as Gemini sends it: `{error: {code, message, status, details}}` with the HTTP
 * status the Google SDKs expect (overload = 503 UNAVAILABLE, rate limit = 429 RESOURCE_EXHAUSTED
 * with a RetryInfo detail and `retry-after`). A body that came from Gemini goes back verbatim.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function encodeError(err: SwitchyardError): EncodedError<GeminiErrorBody> {
  const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
  if (err.retryAfter !== undefined) headers["retry-after"] = String(Math.ceil(err.retryAfter));
  if (err.source === "gemini" && isGeminiErrorBody(err.raw)) {
    return { status: err.status, body: err.raw, headers };
  }
  const { http, status } = geminiStatusFor(err.kind);
  const body: GeminiErrorBody = { error: { code: http, message: err.message, status } };
  const details: unknown[] = [];
  if (err.kind === "billing")
    details.push({ "@type": ERROR_INFO, reason: "BILLING_DISABLED", domain: "googleapis.com" });
  if (err.retryAfter !== undefined) {
    details.push({ "@type": RETRY_INFO, retryDelay: `${roundSeconds(err.retryAfter)}s` });
  }
  if (details.length > 0) body.error.details = details;
  return { status: http, body, headers };
}

function roundSeconds(s: number): number {
  return Math.round(s * 1000) / 1000;
}
