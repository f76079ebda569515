import type { SwitchyardError } from "../ir/error.ts";
import {
  type AttemptOutcome,
  type LoopCandidate,
  type LoopEnv,
  recordStreamEnd,
  tryInTurn,
} from "../routing/attempt-loop.ts";
import { type Attempt, allFailedError, attemptsHeader } from "../routing/attempts.ts";
import { deploymentKey } from "../routing/deployments.ts";
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
 * The surfaces' attempts (routing/README.md step 4, `tryInTurn`): each attempt is one call
 * to one deployment, passed through or translated. A stream counts as served once its
 * first content chunk is ready; failures before that fail over like any other, and its
 * stats get the total latency when it ends.
 */
export async function runAttempts(
  d: Decoded,
  targets: readonly Target[],
  deps: Deps,
  r: Routing,
): Promise<GatewayResult> {
  const clock: UpstreamClock = { upstreamMs: 0 };
  const attemptDeps: Deps = { ...deps, http: timedHttp(deps.http, clock) };
  const env = loopEnv(r, deps, d.signal, d.onAttempt);
  const candidates = loopCandidates(targets);
  type Served = { call: Call; result: GatewayResult | undefined };
  const loop = await tryInTurn(candidates, env, async (c, ctx): Promise<AttemptOutcome<Served>> => {
    const call = callFor(d, c.target);
    call.earlyFailover = ctx.mayTryAgain;
    const t0 = performance.now();
    if (call.stream) {
      call.onStreamEnd = (o) =>
        void recordStreamEnd(env, c.key, {
          ok: o.error === undefined,
          ttftMs: (o.firstChunkAt ?? performance.now()) - t0,
          latencyMs: performance.now() - t0,
          error: o.error,
        });
    }
    try {
      const result = await primed(await attempt(call, attemptDeps), call, clock);
      const streaming = result.kind === "stream" && call.stream;
      return { ok: true, value: { call, result }, streaming };
    } catch (e) {
      const refused = e instanceof AttemptRefused ? e : undefined;
      const err = refused?.error ?? streamFailure(e, c.provider);
      if (
        err.kind === "cancelled" ||
        (refused === undefined && !(e instanceof UpstreamFailure) && !isUpstream(err))
      ) {
        // the client went away, or a bug / a request error of the gateway's own: no other attempt
        throw e instanceof UpstreamFailure ? err : e;
      }
      const connection = e instanceof UpstreamFailure && e.reason === "network";
      return { ok: false, error: err, connection, value: { call, result: refused?.result } };
    }
  });
  // waiting out a backoff is the upstream's doing, not gateway overhead
  clock.upstreamMs += loop.waitedMs;
  if (loop.served !== undefined) {
    return withRoutingHeaders(loop.served.value.result!, loop.attempts, d.started, clock);
  }
  const failed = loop.failed;
  if (failed === undefined) throw asSwitchyardError(new Error("no attempt was made"));
  return allFailed(d, deps, loop.attempts, failed.value!, failed.error, clock);
}

/** Planned targets as the attempt loop's candidates (keyed by deployment, named as written). */
export function loopCandidates(targets: readonly Target[]): Array<LoopCandidate & { target: Target }> {
  return targets.map((target) => ({
    key: deploymentKey(target.deployment),
    provider: target.deployment.provider,
    model: target.deployment.model,
    ...(target.name === undefined ? {} : { name: target.name }),
    target,
  }));
}

/** The routing state and this request's hooks, as the attempt loop takes them. */
export function loopEnv(
  r: Routing,
  deps: Deps,
  signal: AbortSignal | undefined,
  onAttempt?: ((a: Attempt) => void) | undefined,
): LoopEnv {
  return {
    policy: r.policy,
    rng: r.rng,
    now: r.now,
    sleep: r.sleep,
    stats: r.stats,
    cooldown: r.cooldown,
    signal,
    redact: (text) => deps.redactor.text(text),
    onAttempt,
  };
}

function attempt(call: Call, deps: Deps): Promise<GatewayResult> {
  return call.passthrough ? passthrough(call, deps) : translate(call, deps);
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

/** `x-switchyard-attempts` and `x-switchyard-overhead-ms` on a result, and its attempts. */
export function withRoutingHeaders(
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
  result.attempts = attempts;
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
  last: { call: Call; result: GatewayResult | undefined },
  lastError: SwitchyardError,
  clock: UpstreamClock,
): GatewayResult {
  const err = attempts.length === 1 ? lastError : allFailedError(attempts);
  recordCall(deps, last.call, { status: err.status, error: err });
  const single = attempts.length === 1 ? last.result : undefined;
  const result = single ?? errorResult(d.surface, err, callHeaders(last.call, d.dropped), deps.redactor);
  return withRoutingHeaders(result, attempts, d.started, clock);
}
