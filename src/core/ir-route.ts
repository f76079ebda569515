import { SwitchyardError } from "../ir/error.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { type Attempt, allFailedError } from "../routing/attempts.ts";
import { fitContextWindow, isContextWindowError } from "../routing/context-window.ts";
import { deploymentInfo, deploymentKey } from "../routing/deployments.ts";
import type { Deployment } from "../routing/resolve.ts";
import { type Failure, failureOf, isRetryable, nextStep } from "../routing/retry.ts";
import type { Candidate, RouteSpec } from "../routing/route.ts";
import { noCandidateError, plan, withoutCoolingDown } from "../routing/strategies.ts";
import type { IRCore, IRPlan, IRRunOutcome } from "./ir-run.ts";
import { runPlanned, streamPlanned } from "./ir-run.ts";
import type { Routing } from "./route-plan.ts";

/**
 * The routing layer (src/routing, README steps 3–4) for IR-level calls, the library faces'
 * counterpart of route-plan.ts + attempt-loop.ts: a route's planned candidates ordered by its
 * strategy, context-window fit and cooldown, then tried in turn. Per failure the retry
 * policy says retry (its backoff or the provider's `retry-after`), fail over or give up;
 * each outcome feeds the deployment's stats and cooldown; when every attempt failed the
 * error lists them (`allFailedError`).
 */

/** One candidate of a route, already planned (resolved, capability-checked and encoded). */
export interface IRCandidate extends Candidate {
  /** Set by `orderCandidates` from the plan. */
  deployment?: Deployment;
  plan: IRPlan;
}

/** A routed outcome: the last attempt's outcome, with every attempt and the time not spent upstream. */
export interface IRRoutedOutcome extends IRRunOutcome {
  attempts: Attempt[];
  /** Time spent waiting on upstreams and backoffs, ms. */
  upstreamMs: number;
}

/** The route's candidates in the order to try them (strategy, context window, cooldown). */
export async function orderCandidates(
  spec: RouteSpec,
  candidates: readonly IRCandidate[],
  r: Routing,
  estimate: { inputTokens: number; outputTokens: number; stream: boolean },
): Promise<IRCandidate[]> {
  const byId = new Map<string, IRCandidate>();
  for (const c of candidates) {
    const id = deploymentKey(c.plan.call.target.deployment);
    if (!byId.has(id)) byId.set(id, { ...c, id, deployment: c.plan.call.target.deployment });
  }
  const now = r.now();
  const p = plan(
    { ...spec, candidates: [...byId.values()] },
    {
      stats: r.stats,
      rng: r.rng,
      now,
      counters: r.counters,
      estimate: { ...estimate, outputTokens: estimate.outputTokens || 512 },
      info: deploymentInfo,
    },
  );
  const fit = fitContextWindow(p.candidates, estimate.inputTokens + estimate.outputTokens, deploymentInfo);
  const cooling = new Set<string>();
  for (const c of fit.candidates) if (await r.cooldown.isCoolingDown(c.id, now)) cooling.add(c.id);
  const ordered = withoutCoolingDown(fit.candidates, (c) => cooling.has(c.id));
  if (ordered.length === 0)
    throw noCandidateError({ ...p, candidates: [], excluded: [...p.excluded, ...fit.excluded] });
  return ordered.map((c) => byId.get(c.id)!);
}

interface LoopState {
  attempts: Attempt[];
  startedAt: number;
  upstreamMs: number;
  index: number;
  onCandidate: number;
}

function where(c: IRCandidate): { provider: string; model: string } {
  const d = c.plan.call.target.deployment;
  return { provider: d.provider, model: d.model };
}

async function succeeded(
  r: Routing,
  s: LoopState,
  c: IRCandidate,
  ms: number,
  ttftMs: number,
  stream: boolean,
): Promise<void> {
  s.attempts.push({ ...where(c), status: 200, kind: "ok", message: "", durationMs: ms });
  r.stats.record(c.id, { at: r.now(), ok: true, ttftMs, ...(stream ? {} : { latencyMs: ms }) });
  await r.cooldown.recordSuccess(c.id, r.now());
}

/** Records a failed attempt; says whether to try again (after a wait, on this or the next candidate). */
async function failed(
  r: Routing,
  s: LoopState,
  c: IRCandidate,
  err: SwitchyardError,
  ms: number,
  total: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  s.attempts.push({
    ...where(c),
    status: err.status,
    kind: err.kind,
    message: err.message,
    durationMs: ms,
    ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
  });
  if (err.kind === "cancelled" || signal?.aborted === true) return false;
  const tooLarge = isContextWindowError(err) || err.kind === "request_too_large";
  const failure: Failure = { ...failureOf(err), ...(tooLarge ? { contextWindow: true } : {}) };
  if (isRetryable(failure)) {
    r.stats.record(c.id, { at: r.now(), ok: false });
    await r.cooldown.recordFailure(c.id, r.now());
  }
  const step = nextStep(
    {
      policy: r.policy,
      rng: r.rng,
      startedAt: s.startedAt,
      now: r.now(),
      attemptsOnCandidate: s.onCandidate,
      totalAttempts: s.attempts.length,
      candidatesLeft: total - s.index - 1,
    },
    failure,
  );
  if (step.kind === "give_up") return false;
  if (step.kind === "failover") {
    s.index++;
    s.onCandidate = 0;
    return true;
  }
  const t0 = performance.now();
  await r.sleep(step.delayMs, signal);
  s.upstreamMs += performance.now() - t0;
  return !aborted(signal);
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function finish(s: LoopState, outcome: IRRunOutcome): IRRoutedOutcome {
  const error =
    outcome.error === undefined || s.attempts.length <= 1 ? outcome.error : allFailedError(s.attempts);
  return {
    ...outcome,
    ...(error === undefined ? {} : { error }),
    attempts: s.attempts,
    upstreamMs: s.upstreamMs,
  };
}

function loopState(r: Routing): LoopState {
  return { attempts: [], startedAt: r.now(), upstreamMs: 0, index: 0, onCandidate: 0 };
}

/** Tries the ordered candidates (non-streamed) until one answers or the policy gives up. */
export async function runRouted(
  core: IRCore,
  candidates: readonly IRCandidate[],
  r: Routing,
  signal?: AbortSignal,
): Promise<IRRoutedOutcome> {
  if (candidates.length === 0)
    throw new SwitchyardError({ kind: "invalid_request", message: "no candidates", param: "model" });
  const s = loopState(r);
  for (;;) {
    const c = candidates[s.index]!;
    s.onCandidate++;
    const t0 = performance.now();
    const outcome = await runPlanned(core, c.plan);
    const ms = performance.now() - t0;
    s.upstreamMs += ms;
    if (outcome.error === undefined) {
      await succeeded(r, s, c, ms, ms, false);
      return finish(s, outcome);
    }
    if (!(await failed(r, s, c, outcome.error, ms, candidates.length, signal))) return finish(s, outcome);
  }
}

/**
 * Streams from the ordered candidates: a failure before the first event fails over (or is
 * retried) like any other; once an event was yielded, a failure ends the stream with `error` set.
 */
export async function* streamRouted(
  core: IRCore,
  candidates: readonly IRCandidate[],
  r: Routing,
  signal?: AbortSignal,
): AsyncGenerator<IRStreamEvent, IRRoutedOutcome, undefined> {
  if (candidates.length === 0)
    throw new SwitchyardError({ kind: "invalid_request", message: "no candidates", param: "model" });
  const s = loopState(r);
  for (;;) {
    const c = candidates[s.index]!;
    s.onCandidate++;
    const t0 = performance.now();
    const gen = streamPlanned(core, c.plan);
    let ttftMs: number | undefined;
    let waiting = performance.now();
    let step = await gen.next();
    try {
      while (step.done !== true) {
        const now = performance.now();
        s.upstreamMs += now - waiting;
        ttftMs ??= now - t0;
        yield step.value;
        waiting = performance.now();
        step = await gen.next();
      }
    } finally {
      // the caller stopped early: close the upstream stream too
      if (step.done !== true) await gen.return(undefined as never);
    }
    s.upstreamMs += performance.now() - waiting;
    const outcome = step.value;
    const ms = performance.now() - t0;
    if (outcome.error === undefined) {
      await succeeded(r, s, c, ms, ttftMs ?? ms, true);
      return finish(s, outcome);
    }
    if (ttftMs !== undefined) {
      // events were yielded: the caller has part of this answer, so no other attempt
      if (isRetryable(failureOf(outcome.error))) {
        r.stats.record(c.id, { at: r.now(), ok: false });
        await r.cooldown.recordFailure(c.id, r.now());
      }
      s.attempts.push({
        ...where(c),
        status: outcome.error.status,
        kind: outcome.error.kind,
        message: outcome.error.message,
        durationMs: ms,
      });
      return { ...outcome, attempts: s.attempts, upstreamMs: s.upstreamMs };
    }
    if (!(await failed(r, s, c, outcome.error, ms, candidates.length, signal))) return finish(s, outcome);
  }
}
