import type { RetryPolicy } from "../routing/retry.ts";
import type { RetryOptions } from "./router-types.ts";

/**
 * The Router's `retry` option → the routing layer's policy (src/routing/retry.ts):
 * `maxRetries` retries on a candidate before failing over to the next (default 2, so 3
 * calls), `baseDelayMs` the backoff base (default 500 ms, full jitter), `maxDelayMs` the cap
 * on a backoff and the longest `retry-after` waited for (default 30 s; a longer one fails
 * over instead).
 */
export function routerRetryPolicy(o: RetryOptions = {}): Partial<RetryPolicy> {
  const perCandidate = Math.max(0, o.maxRetries ?? 2) + 1;
  const maxDelayMs = Math.max(0, o.maxDelayMs ?? 30_000);
  return {
    maxAttemptsPerCandidate: perCandidate,
    maxAttempts: Math.max(o.maxAttempts ?? 6, 1),
    ...(o.maxTotalMs === undefined ? {} : { maxTotalMs: o.maxTotalMs }),
    baseDelayMs: Math.max(0, o.baseDelayMs ?? 500),
    maxDelayMs,
    maxRetryAfterMs: maxDelayMs,
  };
}
