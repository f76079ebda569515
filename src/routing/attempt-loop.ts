import type { SwitchyardError } from "../ir/error.ts";
import type { Attempt } from "./attempts.ts";
import { isContextWindowError } from "./context-window.ts";
import type { CooldownStore } from "./cooldown.ts";
import type { Random } from "./random.ts";
import { type Failure, failureOf, isRetryable, nextStep, type RetryPolicy } from "./retry.ts";
import type { StatsStore } from "./stats.ts";

/**
 * README step 4, the one attempt loop every face runs (the gateway's surfaces, its aux
 * endpoints, the Router and the drop-in client through them): try the planned candidates
 * in turn; after each failure the retry policy says wait and retry, fail over, or give up;
 * every attempt is kept (for `x-switchyard-attempts` and the all-failed error) and feeds
 * the deployment's stats and cooldown. What an attempt is — an HTTP call, a translated
 * stream primed to its first event — is the caller's `attempt` function; the loop only
 * sees its outcome, so it stays free of I/O apart from the `sleep` it is given.
 */

/** A planned candidate: where an attempt goes. */
export interface LoopCandidate {
  /** The deployment key stats and cooldown are kept under (`provider/model`). */
  key: string;
  provider: string;
  model: string;
  /** The name as the caller or the pool wrote it. */
  name?: string;
}

/** What one attempt came to. */
export type AttemptOutcome<T> =
  | {
      ok: true;
      value: T;
      /** Time to the first byte or event, when it differs from the attempt's duration. */
      ttftMs?: number;
      /**
       * The answer is still streaming: stats get its total latency from `recordStreamEnd`
       * when it ends, not now.
       */
      streaming?: boolean;
    }
  | {
      ok: false;
      error: SwitchyardError;
      /** The connection failed (no HTTP answer). */
      connection?: boolean;
      /** What the caller gets when this stays the last attempt (a relayed error body). */
      value?: T;
    };

export interface LoopEnv {
  policy: RetryPolicy;
  rng: Random;
  /** Epoch ms. */
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  stats: StatsStore;
  cooldown: CooldownStore;
  signal?: AbortSignal | undefined;
  /** Scrubs secrets from an upstream message before it is kept. */
  redact?: (text: string) => string;
  /** Called after each attempt, in order (a throwing hook is ignored). */
  onAttempt?: ((a: Attempt, index: number) => void) | undefined;
}

/** Per attempt: whether the loop could still try again after it (a stream may then fail over). */
export interface AttemptContext {
  /** 1-based count of attempts so far, this one included. */
  attempt: number;
  mayTryAgain: boolean;
}

export interface LoopResult<C, T> {
  attempts: Attempt[];
  /** Time spent waiting out backoffs, ms (upstream time, not the gateway's). */
  waitedMs: number;
  /** The candidate that served, with its value; undefined when every attempt failed. */
  served?: { candidate: C; value: T; durationMs: number; ttftMs: number };
  /** The last failed attempt, when nothing served. */
  failed?: { candidate: C; error: SwitchyardError; value: T | undefined };
}

/**
 * Runs the loop. `attempt` resolves to an outcome; a throw is not an attempt outcome (a bug,
 * or the client gone) and propagates. The candidates must not be empty.
 */
export async function tryInTurn<C extends LoopCandidate, T>(
  candidates: readonly C[],
  env: LoopEnv,
  attempt: (c: C, ctx: AttemptContext) => Promise<AttemptOutcome<T>>,
): Promise<LoopResult<C, T>> {
  const attempts: Attempt[] = [];
  const startedAt = env.now();
  let waitedMs = 0;
  let index = 0;
  let onCandidate = 0;
  let failed: LoopResult<C, T>["failed"];
  while (index < candidates.length) {
    const c = candidates[index]!;
    onCandidate++;
    const ctx: AttemptContext = {
      attempt: attempts.length + 1,
      mayTryAgain: mayTryAgain(env.policy, attempts.length + 1, onCandidate, candidates.length - index - 1),
    };
    const t0 = performance.now();
    const out = await attempt(c, ctx);
    const ms = performance.now() - t0;
    if (out.ok) {
      const ttftMs = out.ttftMs ?? ms;
      note(env, attempts, { ...where(c), status: 200, kind: "ok", message: "", durationMs: ms });
      if (out.streaming !== true) env.stats.record(c.key, { at: env.now(), ok: true, ttftMs, latencyMs: ms });
      const told = quietly(() => env.cooldown.recordSuccess(c.key, env.now()));
      if (told !== undefined) await told;
      return { attempts, waitedMs, served: { candidate: c, value: out.value, durationMs: ms, ttftMs } };
    }
    const err = out.error;
    note(env, attempts, {
      ...where(c),
      status: err.status,
      kind: out.connection === true ? "connection" : err.kind,
      message: env.redact === undefined ? err.message : env.redact(err.message),
      durationMs: ms,
      ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
    });
    failed = { candidate: c, error: err, value: out.value };
    const failure = failureView(err, out.connection === true);
    if (isRetryable(failure)) await recordFailure(env, c.key);
    if (err.kind === "cancelled" || aborted(env.signal)) break;
    const step = nextStep(
      {
        policy: env.policy,
        rng: env.rng,
        startedAt,
        now: env.now(),
        attemptsOnCandidate: onCandidate,
        totalAttempts: attempts.length,
        candidatesLeft: candidates.length - index - 1,
      },
      failure,
    );
    if (step.kind === "give_up") break;
    if (step.kind === "failover") {
      index++;
      onCandidate = 0;
      continue;
    }
    const s0 = performance.now();
    await env.sleep(step.delayMs, env.signal);
    waitedMs += performance.now() - s0;
    if (aborted(env.signal)) break;
  }
  return { attempts, waitedMs, ...(failed === undefined ? {} : { failed }) };
}

/**
 * A served stream ended: its stats get the time to first token and the total latency, or a
 * failure when it broke after its first event (too late to fail over, not too late to count).
 */
export async function recordStreamEnd(
  env: Pick<LoopEnv, "stats" | "cooldown" | "now">,
  key: string,
  o: { ok: boolean; ttftMs: number; latencyMs: number; error?: SwitchyardError | undefined },
): Promise<void> {
  if (o.ok) {
    env.stats.record(key, { at: env.now(), ok: true, ttftMs: o.ttftMs, latencyMs: o.latencyMs });
    return;
  }
  if (o.error === undefined || isRetryable(failureOf(o.error))) await recordFailure(env, key);
}

/** The failure as the retry policy sees it; a size refusal may fit another model. */
export function failureView(err: SwitchyardError, connection: boolean): Failure {
  const tooLarge = isContextWindowError(err) || err.kind === "request_too_large";
  const failure: Failure = { ...failureOf(err), ...(tooLarge ? { contextWindow: true } : {}) };
  if (connection) failure.kind = "connection";
  return failure;
}

async function recordFailure(env: Pick<LoopEnv, "stats" | "cooldown" | "now">, key: string): Promise<void> {
  env.stats.record(key, { at: env.now(), ok: false });
  await quietly(() => env.cooldown.recordFailure(key, env.now()));
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Whether another attempt could follow this one (the policy has room on this or a next candidate). */
function mayTryAgain(
  policy: RetryPolicy,
  total: number,
  onCandidate: number,
  candidatesLeft: number,
): boolean {
  if (total >= policy.maxAttempts) return false;
  return candidatesLeft > 0 || onCandidate < policy.maxAttemptsPerCandidate;
}

function where(c: LoopCandidate): Pick<Attempt, "provider" | "model" | "name"> {
  return { provider: c.provider, model: c.model, ...(c.name === undefined ? {} : { name: c.name }) };
}

function note(env: LoopEnv, attempts: Attempt[], a: Attempt): void {
  attempts.push(a);
  if (env.onAttempt === undefined) return;
  try {
    env.onAttempt(a, attempts.length - 1);
  } catch {
    // a caller's hook must not fail the request
  }
}

/**
 * A shared cooldown backend that cannot answer does not fail the request. A synchronous
 * store's call returns undefined (nothing to wait for); an asynchronous one's, a promise
 * that never rejects.
 */
function quietly(f: () => unknown): Promise<void> | undefined {
  try {
    const r = f();
    if (r instanceof Promise) return r.then(noop, noop);
  } catch {
    // the store is down: the request goes on without it
  }
  return undefined;
}

function noop(): void {}
