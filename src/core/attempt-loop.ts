import type { SwitchyardError } from "../ir/error.ts";
import { type Attempt, allFailedError, attemptsHeader } from "../routing/attempts.ts";
import { isContextWindowError } from "../routing/context-window.ts";
import { deploymentKey } from "../routing/deployments.ts";
import { failureOf, isRetryable, nextStep } from "../routing/retry.ts";
import { UpstreamFailure } from "../transport/http.ts";
import { AttemptRefused } from "./attempt-refused.ts";
import { callHeaders, type Deps, recordCall, streamFailure } from "./deps.ts";
import { asSwitchyardError, errorResult } from "./errors.ts";
import type { GatewayResult, StreamResult } from "./gateway-types.ts";
import { passthrough } from "./passthrough.ts";
import { type Call, callFor, type Decoded } from "./plan.ts";
import type { Target } from "./providers-in-use.ts";
import type { Routing } from "./route-plan.ts";
import { translate } from "./translate.ts";
import { timedHttp, type UpstreamClock } from "./upstream-clock.ts";

/**
 * routing/README.md step 4: try the planned deployments in order. Per failure the retry
 * policy says retry (after its backoff or the provider's `retry-after`), fail over, or give
 * up; every attempt is kept for `x-switchyard-attempts` and for the all-failed error, and
 * each outcome feeds the deployment's stats and cooldown. A stream counts as served once its
 * first content chunk is ready: failures before that fail over like any other.
 */
export async function runAttempts(
  d: Decoded,
  targets: readonly Target[],
  deps: Deps,
  r: Routing,
): Promise<GatewayResult> {
  const clock: UpstreamClock = { upstreamMs: 0 };
  const attemptDeps: Deps = { ...deps, http: timedHttp(deps.http, clock) };
  const attempts: Attempt[] = [];
  const startedAt = r.now();
  let index = 0;
  let onCandidate = 0;
  let last: { call: Call; refused: AttemptRefused | undefined; err: SwitchyardError } | undefined;
  while (index < targets.length) {
    const target = targets[index]!;
    const key = deploymentKey(target.deployment);
    const call = callFor(d, target);
    onCandidate++;
    call.earlyFailover = mayTryAgain(r, attempts.length + 1, onCandidate, targets.length - index - 1);
    const t0 = performance.now();
    try {
      const result = await primed(await attempt(call, attemptDeps), call, clock);
      const ms = performance.now() - t0;
      attempts.push({ ...where(call), status: result.status, kind: "ok", message: "", durationMs: ms });
      r.stats.record(key, {
        at: r.now(),
        ok: true,
        ...(call.stream ? { ttftMs: ms } : { ttftMs: ms, latencyMs: ms }),
      });
      await r.cooldown.recordSuccess(key, r.now());
      return withRoutingHeaders(result, attempts, d.started, clock);
    } catch (e) {
      const refused = e instanceof AttemptRefused ? e : undefined;
      const err = refused?.error ?? streamFailure(e, target.deployment.provider);
      if (
        err.kind === "cancelled" ||
        (refused === undefined && !(e instanceof UpstreamFailure) && !isUpstream(err))
      ) {
        // the client went away, or a bug / a request error of the gateway's own: no other attempt
        throw e instanceof UpstreamFailure ? err : e;
      }
      const ms = performance.now() - t0;
      attempts.push({
        ...where(call),
        status: err.status,
        kind: e instanceof UpstreamFailure && e.reason === "network" ? "connection" : err.kind,
        message: deps.redactor.text(err.message),
        durationMs: ms,
        ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
      });
      // a size refusal is the deployment's limit, not the request's fault: another model may take it
      const tooLarge = isContextWindowError(err) || err.kind === "request_too_large";
      const failure = { ...failureOf(err), ...(tooLarge ? { contextWindow: true } : {}) };
      if (e instanceof UpstreamFailure && e.reason === "network") failure.kind = "connection";
      if (isRetryable(failure)) {
        r.stats.record(key, { at: r.now(), ok: false });
        await r.cooldown.recordFailure(key, r.now());
      }
      last = { call, refused, err };
      const step = nextStep(
        {
          policy: r.policy,
          rng: r.rng,
          startedAt,
          now: r.now(),
          attemptsOnCandidate: onCandidate,
          totalAttempts: attempts.length,
          candidatesLeft: targets.length - index - 1,
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
      await r.sleep(step.delayMs, d.signal);
      // waiting out a backoff is the upstream's doing, not gateway overhead
      clock.upstreamMs += performance.now() - s0;
      if (d.signal?.aborted === true) break;
    }
  }
  return allFailed(d, deps, attempts, last, clock);
}

function where(call: Call): { provider: string; model: string } {
  return { provider: call.target.deployment.provider, model: call.target.deployment.model };
}

function attempt(call: Call, deps: Deps): Promise<GatewayResult> {
  return call.passthrough ? passthrough(call, deps) : translate(call, deps);
}

/** Whether another attempt could follow this one (the policy has room on this or a next candidate). */
function mayTryAgain(r: Routing, total: number, onCandidate: number, candidatesLeft: number): boolean {
  if (total >= r.policy.maxAttempts) return false;
  return candidatesLeft > 0 || onCandidate < r.policy.maxAttemptsPerCandidate;
}

function isUpstream(err: SwitchyardError): boolean {
  return err.kind === "timeout" || err.status === 502 || err.status === 504;
}

/**
 * A stream's first chunk is awaited before the result is returned, so a stream that fails
 * before any content can still fail over (its headers are not sent yet). The wait is the
 * upstream's time to first byte.
 */
async function primed(result: GatewayResult, call: Call, clock: UpstreamClock): Promise<GatewayResult> {
  if (result.kind !== "stream" || !call.stream || call.earlyFailover !== true) return result;
  const it = result.chunks[Symbol.asyncIterator]();
  const t0 = performance.now();
  let first: IteratorResult<string | Uint8Array>;
  try {
    first = await it.next();
  } finally {
    clock.upstreamMs += performance.now() - t0;
  }
  const rest: StreamResult = { ...result, chunks: replay(first, it) };
  return rest;
}

async function* replay(
  first: IteratorResult<string | Uint8Array>,
  it: AsyncIterator<string | Uint8Array>,
): AsyncGenerator<string | Uint8Array> {
  if (first.done === true) return;
  yield first.value;
  try {
    for (let n = await it.next(); n.done !== true; n = await it.next()) yield n.value;
  } finally {
    await it.return?.();
  }
}

function withRoutingHeaders(
  result: GatewayResult,
  attempts: readonly Attempt[],
  started: number,
  clock: UpstreamClock,
): GatewayResult {
  result.headers = {
    ...result.headers,
    "x-switchyard-attempts": attemptsHeader(attempts),
    "x-switchyard-overhead-ms": overheadMs(started, clock),
  };
  return result;
}

/** Gateway time so far, less the time spent waiting on upstreams (and on backoffs). */
export function overheadMs(started: number, clock: UpstreamClock): string {
  return Math.max(0, performance.now() - started - clock.upstreamMs).toFixed(2);
}

/**
 * Every attempt failed (or the policy gave up). A single attempt returns what it would have
 * without routing (passthrough: the upstream's error body as it is); several return
 * `allFailedError` in the surface's format, listing each attempt.
 */
function allFailed(
  d: Decoded,
  deps: Deps,
  attempts: Attempt[],
  last: { call: Call; refused: AttemptRefused | undefined; err: SwitchyardError } | undefined,
  clock: UpstreamClock,
): GatewayResult {
  if (last === undefined) throw asSwitchyardError(new Error("no attempt was made"));
  const err = attempts.length === 1 ? last.err : allFailedError(attempts);
  recordCall(deps, last.call, { status: err.status, error: err });
  const single = attempts.length === 1 ? last.refused?.result : undefined;
  const result = single ?? errorResult(d.surface, err, callHeaders(last.call, d.dropped), deps.redactor);
  return withRoutingHeaders(result, attempts, d.started, clock);
}
