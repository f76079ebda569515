import {
  DEFAULT_STATUS,
  type ErrorKind,
  kindForStatus,
  parseRetryAfter,
  SwitchyardError,
} from "../../ir/error.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { EncodedError, HeaderGetter } from "../wire-format.ts";
import { type ChatErrorBody, FORMAT } from "./types.ts";

/**
 * `error.type` values OpenAI sends, read when the status alone does not say (an error
 * object inside a 200 stream) and written back per kind.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
const KIND_BY_TYPE: Readonly<Record<string, ErrorKind>> = {
  invalid_request_error: "invalid_request",
  authentication_error: "authentication",
  permission_error: "permission",
  not_found_error: "not_found",
  rate_limit_error: "rate_limit",
  insufficient_quota: "rate_limit",
  requests: "rate_limit",
  tokens: "rate_limit",
  server_error: "server",
  service_unavailable_error: "overloaded",
};

const TYPE_BY_KIND: Readonly<Record<ErrorKind, string>> = {
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

/**
 * A Chat Completions error (`{error:{message,type,param,code}}`, or whatever an
 * OpenAI-compatible server sent instead, even plain text) → SwitchyardError. The HTTP status
 * decides the kind; `error.type` only when there is no error status (in-stream errors).
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function decodeError(status: number, body: unknown, headers?: HeaderGetter): SwitchyardError {
  const parsed = parseBody(body);
  const e = isObject(parsed) ? parsed.error : undefined;
  const obj = isObject(e) ? e : undefined;
  const type = typeof obj?.type === "string" ? obj.type : undefined;
  const code = obj?.code === null || obj?.code === undefined ? undefined : String(obj.code);
  const message =
    (typeof obj?.message === "string" && obj.message) ||
    (typeof e === "string" && e) ||
    (isObject(parsed) && typeof parsed.message === "string" && parsed.message) ||
    (typeof parsed === "string" && parsed.trim()) ||
    `HTTP ${status}`;
  const kind: ErrorKind =
    status >= 400
      ? kindForStatus(status)
      : ((type === undefined ? undefined : KIND_BY_TYPE[type]) ?? "server");
  const retryAfter = headers === undefined ? undefined : parseRetryAfter(headers);
  const requestId = headers?.("x-request-id") ?? undefined;
  return new SwitchyardError({
    kind,
    message,
    status: status >= 400 ? status : undefined,
    ...(code === undefined ? {} : { code }),
    ...(typeof obj?.param === "string" ? { param: obj.param } : {}),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(requestId ? { requestId } : {}),
    source: FORMAT,
    raw: parsed,
  });
}

function parseBody(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * SwitchyardError → the Chat error envelope with the status the OpenAI SDK expects. An error
 * that came from Chat goes back verbatim. Otherwise the kind sets the status; OpenAI has no
 * 402 and no 529: it reports exhausted credit as 429 `insufficient_quota`, overload as 503.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function encodeError(err: SwitchyardError): EncodedError<ChatErrorBody> {
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) {
    headers["retry-after"] = String(Math.ceil(err.retryAfter));
    headers["retry-after-ms"] = String(Math.round(err.retryAfter * 1000));
  }
  if (err.requestId !== undefined) headers["x-request-id"] = err.requestId;
  if (isOpenAIEnvelope(err.raw) && err.source === FORMAT)
    return { status: err.status, body: err.raw, headers };
  // Another API's status need not be Chat's (Responses says 400 where Chat says 404 for an
  // unknown model): the kind decides.
  const status = err.kind === "billing" ? 429 : err.kind === "overloaded" ? 503 : DEFAULT_STATUS[err.kind];
  // The Responses API shares the envelope: keep its body, with Chat's status.
  if (isOpenAIEnvelope(err.raw) && err.source === "openai-responses")
    return { status, body: err.raw, headers };
  const code = err.code ?? (err.kind === "billing" ? "insufficient_quota" : null);
  return {
    status,
    body: { error: { message: err.message, type: TYPE_BY_KIND[err.kind], param: err.param ?? null, code } },
    headers,
  };
}

function isOpenAIEnvelope(v: unknown): v is ChatErrorBody {
  if (!isObject(v) || !isObject(v.error)) return false;
  const e: JsonObject = v.error;
  return typeof e.message === "string";
}
