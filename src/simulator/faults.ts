import { FORMATS } from "../formats/registry.ts";
import type { EncodedError } from "../formats/wire-format.ts";
import { kindForStatus, SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";

/**
 * Counts faulted requests per key (model + fault) so that `~fail=N` fails the first N and
 * lets the rest through: what a retry or fallback test needs. In memory, per simulator.
 */
export class FailCounter {
  readonly #seen = new Map<string, number>();

  /** Whether this request (the next one with `key`) should still fail. */
  shouldFail(key: string, times: number | undefined): boolean {
    if (times === undefined) return true;
    const n = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, n);
    return n <= times;
  }

  reset(): void {
    this.#seen.clear();
  }
}

const MESSAGES: Readonly<Record<string, string>> = {
  rate_limit: "Rate limit reached (simulated). Please retry after the indicated time.",
  overloaded: "The server is overloaded (simulated). Please retry later.",
  server: "The server had an error while processing your request (simulated).",
  timeout: "The request timed out (simulated).",
};

/**
 * A simulated upstream error in `format`'s own envelope and status (429 → OpenAI
 * `rate_limit_exceeded`, Anthropic `rate_limit_error`, Gemini `RESOURCE_EXHAUSTED`; 503/529 →
 * Anthropic 529 `overloaded_error`, OpenAI and Gemini 503; …). A 429 always carries
 * `retry-after` (1 s unless given); every format also gets `retry-after-ms`, which the OpenAI
 * and Anthropic SDKs read first.
 */
export function faultError(format: FormatId, status: number, retryAfter?: number): EncodedError {
  const kind = kindForStatus(status);
  const wait = retryAfter ?? (kind === "rate_limit" ? 1 : undefined);
  const err = new SwitchyardError({
    kind,
    status,
    message: MESSAGES[kind] ?? `Simulated error ${status}.`,
    ...(wait === undefined ? {} : { retryAfter: wait }),
  });
  const enc = FORMATS[format].encodeError(err);
  if (wait !== undefined) enc.headers["retry-after-ms"] = String(Math.round(wait * 1000));
  return enc;
}

/** An error the simulator itself reports (bad request, missing key, unknown route). */
export function encodedError(format: FormatId, err: SwitchyardError): EncodedError {
  return FORMATS[format].encodeError(err);
}
