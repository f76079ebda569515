import { FORMATS } from "../formats/registry.ts";
import { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { UpstreamFailure } from "../transport/http.ts";
import type { JsonResult } from "./gateway-types.ts";
import type { Redactor } from "./redact.ts";

/**
 * Every failure the core reports becomes a `json` result in the surface's own error envelope
 * and status (DESIGN.md §4), with the gateway's headers, and with every provider key scrubbed
 * — an upstream may echo the key it was sent (some 401 bodies do).
 */
export function errorResult(
  surface: FormatId,
  err: SwitchyardError,
  headers: Record<string, string>,
  redactor: Redactor,
): JsonResult {
  const enc = FORMATS[surface].encodeError(err);
  return {
    kind: "json",
    status: enc.status,
    headers: redactor.headers({ ...upstreamIds(enc.headers), ...headers }),
    body: redactor.value(enc.body),
  };
}

/**
 * The error codecs copy the upstream's request id into `x-request-id` / `request-id`; the
 * gateway's own `x-request-id` wins, the upstream's is kept as `x-upstream-request-id`.
 */
function upstreamIds(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k === "x-request-id" || k === "request-id") out["x-upstream-request-id"] = v;
    else out[k] = v;
  }
  return out;
}

/** Anything thrown while handling a request → a SwitchyardError (bugs become a 500 with no detail). */
export function asSwitchyardError(err: unknown): SwitchyardError {
  if (err instanceof SwitchyardError) return err;
  return new SwitchyardError({
    kind: "server",
    message: "internal error in the gateway",
    cause: err,
  });
}

/** A transport failure → the error the client sees: a timeout is 504, an unreachable upstream 502. */
export function upstreamFailureError(f: UpstreamFailure, provider: string): SwitchyardError {
  switch (f.reason) {
    case "connect_timeout":
    case "first_byte_timeout":
    case "idle_timeout":
    case "total_timeout":
      return new SwitchyardError({
        kind: "timeout",
        message: `${provider}: ${f.message}`,
        code: "upstream_timeout",
      });
    case "aborted":
      return new SwitchyardError({ kind: "cancelled", message: "the client closed the request" });
    case "too_large":
      return new SwitchyardError({ kind: "server", status: 502, message: `${provider}: ${f.message}` });
    case "network":
      return new SwitchyardError({ kind: "server", status: 502, message: `${provider}: ${f.message}` });
    default:
      return f.reason satisfies never;
  }
}

/** An upstream 2xx body that is not what its format promises. */
export function badUpstreamBody(provider: string, detail: string): SwitchyardError {
  return new SwitchyardError({
    kind: "server",
    status: 502,
    message: `${provider} sent an unreadable answer: ${detail}`,
  });
}
