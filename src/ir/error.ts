/**
 * One typed error for every failure the core can report: a provider's error body, a
 * malformed request, a timeout. Each format's `error.ts` decodes its native envelope into
 * this and encodes it back with the HTTP status that format's SDK expects.
 */
export type ErrorKind =
  | "invalid_request" // 400 (and 422): malformed or unacceptable request
  | "authentication" // 401
  | "billing" // out of credit: Anthropic 402 billing_error, OpenAI 429 insufficient_quota; not retryable
  | "permission" // 403
  | "not_found" // 404
  | "conflict" // 409
  | "request_too_large" // 413
  | "rate_limit" // 429: slow down, then retry
  | "cancelled" // 499
  | "server" // 500
  | "overloaded" // 503 / Anthropic 529
  | "timeout"; // 504 / 408

/** The status that most SDKs associate with each kind; a format may override it. */
export const DEFAULT_STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid_request: 400,
  authentication: 401,
  billing: 402,
  permission: 403,
  not_found: 404,
  conflict: 409,
  request_too_large: 413,
  rate_limit: 429,
  cancelled: 499,
  server: 500,
  overloaded: 503,
  timeout: 504,
};

/** Inverse of DEFAULT_STATUS for statuses a provider sends without a recognisable type. */
export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
    case 422:
      return "invalid_request";
    case 401:
      return "authentication";
    case 402:
      return "billing";
    case 403:
      return "permission";
    case 404:
      return "not_found";
    case 408:
    case 504:
      return "timeout";
    case 409:
      return "conflict";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit";
    case 499:
      return "cancelled";
    case 503:
    case 529:
      return "overloaded";
    default:
      return status >= 500 ? "server" : "invalid_request";
  }
}

export interface SwitchyardErrorInit {
  kind: ErrorKind;
  message: string;
  /** HTTP status; defaults to DEFAULT_STATUS[kind]. */
  status?: number;
  /** Provider's machine-readable code (OpenAI `code`, Gemini `status`, …). */
  code?: string;
  /** Field path of the offending input, e.g. `messages[2].content[0].type`. */
  param?: string;
  /** Seconds the caller should wait, from `retry-after` / `retry-after-ms` / RetryInfo. */
  retryAfter?: number;
  /** Which provider or format produced the error. */
  source?: string;
  /** The native error body, kept for same-format re-encoding. */
  raw?: unknown;
  /** Provider request id, for support tickets. */
  requestId?: string;
  cause?: unknown;
}

export class SwitchyardError extends Error {
  override readonly name = "SwitchyardError";
  readonly kind: ErrorKind;
  readonly status: number;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly retryAfter: number | undefined;
  readonly source: string | undefined;
  readonly raw: unknown;
  readonly requestId: string | undefined;

  constructor(init: SwitchyardErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? DEFAULT_STATUS[init.kind];
    this.code = init.code;
    this.param = init.param;
    this.retryAfter = init.retryAfter;
    this.source = init.source;
    this.raw = init.raw;
    this.requestId = init.requestId;
  }

  /** Whether a retry (same or next deployment) may succeed. */
  get retryable(): boolean {
    return (
      this.kind === "rate_limit" ||
      this.kind === "overloaded" ||
      this.kind === "server" ||
      this.kind === "timeout" ||
      this.kind === "conflict"
    );
  }
}

/** A malformed request: names the field path and what was expected. */
export function invalidRequest(param: string, expected: string, source?: string): SwitchyardError {
  return new SwitchyardError({
    kind: "invalid_request",
    message: `${param || "body"}: expected ${expected}`,
    param,
    ...(source === undefined ? {} : { source }),
  });
}

/**
 * Reads `retry-after-ms` (milliseconds, OpenAI) or `retry-after` (seconds or an HTTP date)
 * into seconds.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function parseRetryAfter(
  get: (name: string) => string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = get("retry-after-ms");
  if (ms != null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms) / 1000);
  const v = get("retry-after");
  if (v == null || v.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
