import type { SwitchyardError } from "../ir/error.ts";
import type { RetryOptions } from "./router-types.ts";

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function retryPolicy(o: RetryOptions = {}): RetryPolicy {
  return {
    maxRetries: Math.max(0, o.maxRetries ?? 2),
    baseDelayMs: Math.max(0, o.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, o.maxDelayMs ?? 30_000),
  };
}

/**
 * The wait before retry number `retry` (0-based), or `undefined` when the error is not worth
 * retrying: not retryable (4xx other than 409/429, cancellation) or out of retries. A
 * `retry-after` from the provider wins over the exponential backoff; both are capped.
 */
export function retryDelay(err: SwitchyardError, retry: number, p: RetryPolicy): number | undefined {
  if (!err.retryable || err.kind === "cancelled" || retry >= p.maxRetries) return undefined;
  const wait = err.retryAfter !== undefined ? err.retryAfter * 1000 : p.baseDelayMs * 2 ** retry;
  return Math.min(wait, p.maxDelayMs);
}

/** Waits `ms`, or less if `signal` aborts (the caller then sees the aborted call's error). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true || ms <= 0) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
