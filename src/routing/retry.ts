import type { ErrorKind, SwitchyardError } from "../ir/error.ts";
import type { Random } from "./random.ts";

/**
 * Retry policy (issue 6): which failures are worth another try, how long to wait (exponential
 * backoff with full jitter, or the provider's `retry-after`), and when to move on to the next
 * candidate or give up. Pure: the caller passes the clock and the random source.
 */

export interface RetryPolicy {
  /** Attempts on one candidate before failing over (1 = no retry). Default 2. */
  maxAttemptsPerCandidate: number;
  /** Attempts across all candidates. Default 6. */
  maxAttempts: number;
  /** Time from the first attempt after which no new attempt starts, ms. Default 60 000. */
  maxTotalMs: number;
  /** Backoff base, ms. Default 500. */
  baseDelayMs: number;
  /** Backoff cap, ms. Default 8 000. */
  maxDelayMs: number;
  /**
   * The longest `retry-after` worth waiting for on the same candidate, ms; a longer one
   * fails over instead (another deployment is free now). Default 30 000.
   */
  maxRetryAfterMs: number;
}

export const RETRY_DEFAULTS: Readonly<RetryPolicy> = {
  maxAttemptsPerCandidate: 2,
  maxAttempts: 6,
  maxTotalMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

export function retryPolicy(o: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...RETRY_DEFAULTS, ...o };
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isFinite(v) || v < 0) throw new TypeError(`retry.${k} must be a number ≥ 0`);
  }
  if (p.maxAttemptsPerCandidate < 1 || p.maxAttempts < 1) throw new TypeError("retry: attempts must be ≥ 1");
  return p;
}

/** A failed attempt as the policy sees it. */
export interface Failure {
  /** HTTP status from the upstream; undefined for connection errors. */
  status?: number;
  kind?: ErrorKind | "connection";
  code?: string;
  message?: string;
  /** Seconds, from `retry-after` / `retry-after-ms` (SwitchyardError.retryAfter). */
  retryAfter?: number;
  /** A context-window refusal: failing over to another model may help. */
  contextWindow?: boolean;
}

/** Where a request stands after a failure. */
export interface RetryState {
  policy: RetryPolicy;
  rng: Random;
  /** Epoch ms of the first attempt, and now. */
  startedAt: number;
  now: number;
  /** Attempts made on the current candidate, the failed one included (≥ 1). */
  attemptsOnCandidate: number;
  /** Attempts made in all (≥ 1). */
  totalAttempts: number;
  /** Candidates not tried yet. */
  candidatesLeft: number;
}

export type RetryStep = { kind: "retry"; delayMs: number } | { kind: "failover" } | { kind: "give_up" };

/**
 * Retryable: connection errors, 408, 409, 429, 5xx and 529 — the same request may succeed
 * later. Not 400/401/403/404/413/422 (the request or the credentials are wrong) nor 499.
 */
export function isRetryable(f: Failure): boolean {
  if (f.kind === "connection" || f.status === undefined) return f.kind !== "cancelled";
  if (f.kind === "billing") return false; // OpenAI sends out-of-credit as a 429
  return f.status === 408 || f.status === 409 || f.status === 429 || (f.status >= 500 && f.status !== 501);
}

/**
 * Worth another candidate even though not the same one: credentials or access problems
 * (401, 402, 403), a model this deployment does not have (404), 501, and context-window
 * refusals are the deployment's, not the request's. A malformed request (400, 422) or a
 * cancellation fails the same way everywhere, so it gives up at once.
 */
export function isFailoverable(f: Failure): boolean {
  if (isRetryable(f) || f.contextWindow === true) return true;
  return f.status === 401 || f.status === 402 || f.status === 403 || f.status === 404 || f.status === 501;
}

/** The failure view of anything an attempt threw. */
export function failureOf(e: unknown): Failure {
  if (typeof e === "object" && e !== null && "kind" in e && "status" in e) {
    const s = e as SwitchyardError;
    return {
      status: s.status,
      kind: s.kind,
      ...(s.code === undefined ? {} : { code: s.code }),
      message: s.message,
      ...(s.retryAfter === undefined ? {} : { retryAfter: s.retryAfter }),
    };
  }
  // fetch/undici throw TypeError("fetch failed") and socket errors: the connection failed
  return { kind: "connection", message: e instanceof Error ? e.message : String(e) };
}

/**
 * The backoff before retry `retry` (0-based) with full jitter: uniform in
 * [0, min(cap, base · 2^retry)), which spreads a thundering herd best.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffMs(retry: number, policy: RetryPolicy, rng: Random): number {
  return rng() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

/** What to do after a failure: wait and retry the same candidate, fail over, or give up. */
export function nextStep(state: RetryState, failure: Failure): RetryStep {
  const { policy } = state;
  const next: RetryStep = state.candidatesLeft > 0 ? { kind: "failover" } : { kind: "give_up" };
  if (state.totalAttempts >= policy.maxAttempts) return { kind: "give_up" };
  const remaining = policy.maxTotalMs - (state.now - state.startedAt);
  if (remaining <= 0) return { kind: "give_up" };
  if (!isRetryable(failure)) return isFailoverable(failure) ? next : { kind: "give_up" };
  if (state.attemptsOnCandidate >= policy.maxAttemptsPerCandidate) return next;
  let delayMs: number;
  if (failure.retryAfter !== undefined && Number.isFinite(failure.retryAfter) && failure.retryAfter >= 0) {
    // the provider said when: that beats our guess, unless it is too long to wait for
    delayMs = failure.retryAfter * 1000;
    if (delayMs > policy.maxRetryAfterMs) return next;
  } else {
    delayMs = backoffMs(state.attemptsOnCandidate - 1, policy, state.rng);
  }
  // a retry that could not start inside the budget is no retry
  if (delayMs >= remaining) return next;
  return { kind: "retry", delayMs };
}
