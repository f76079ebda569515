import { SwitchyardError } from "../ir/error.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { type AttemptOutcome, type LoopEnv, recordStreamEnd, tryInTurn } from "../routing/attempt-loop.ts";
import { type Attempt, allFailedError } from "../routing/attempts.ts";
import { deploymentKey } from "../routing/deployments.ts";
import type { Deployment } from "../routing/resolve.ts";
import type { Candidate, RouteSpec } from "../routing/route.ts";
import { isContentEvent } from "./attempt-refused.ts";
import type { IRCore, IRPlan, IRRunOutcome } from "./ir-run.ts";
import { runPlanned, streamPlanned } from "./ir-run.ts";
import { orderDeployments, type Routing } from "./route-plan.ts";

/**
 * The routing layer (src/routing, README steps 3–4) for IR-level calls (the Router): a
 * route's planned candidates ordered by its strategy, context-window fit and cooldown, then
 * tried in turn by the one attempt loop (`tryInTurn`) the gateway's surfaces use too.
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
  const { ordered } = await orderDeployments(
    spec,
    [...byId.values()],
    r,
    { ...estimate, outputTokens: estimate.outputTokens || 512 },
    estimate.inputTokens + estimate.outputTokens,
  );
  return ordered.map((c) => byId.get(c.id)!);
}

function env(r: Routing, signal: AbortSignal | undefined): LoopEnv {
  return { ...r, signal };
}

function loopCandidates(candidates: readonly IRCandidate[]) {
  if (candidates.length === 0)
    throw new SwitchyardError({ kind: "invalid_request", message: "no candidates", param: "model" });
  return candidates.map((c) => {
    const d = c.plan.call.target.deployment;
    return { key: deploymentKey(d), provider: d.provider, model: d.model, name: c.id, c };
  });
}

/** The outcome the caller gets when every attempt failed: several attempts are listed. */
function finish(attempts: Attempt[], upstreamMs: number, outcome: IRRunOutcome): IRRoutedOutcome {
  const error =
    outcome.error === undefined || attempts.length <= 1 ? outcome.error : allFailedError(attempts);
  return { ...outcome, ...(error === undefined ? {} : { error }), attempts, upstreamMs };
}

/** Tries the ordered candidates (non-streamed) until one answers or the policy gives up. */
export async function runRouted(
  core: IRCore,
  candidates: readonly IRCandidate[],
  r: Routing,
  signal?: AbortSignal,
): Promise<IRRoutedOutcome> {
  let upstreamMs = 0;
  const loop = await tryInTurn(
    loopCandidates(candidates),
    env(r, signal),
    async (lc): Promise<AttemptOutcome<IRRunOutcome>> => {
      const t0 = performance.now();
      const outcome = await runPlanned(core, lc.c.plan);
      upstreamMs += performance.now() - t0;
      return outcome.error === undefined
        ? { ok: true, value: outcome }
        : { ok: false, error: outcome.error, value: outcome };
    },
  );
  const outcome = loop.served?.value ?? loop.failed!.value!;
  return finish(loop.attempts, upstreamMs + loop.waitedMs, outcome);
}

/** A stream primed up to its first content event (or its end). */
interface Primed {
  held: IRStreamEvent[];
  gen: AsyncGenerator<IRStreamEvent, IRRunOutcome, undefined>;
  /** Set when the stream already ended. */
  outcome?: IRRunOutcome;
  ttftMs: number;
  t0: number;
}

/**
 * Streams from the ordered candidates. The opening events (`response.created`, …) are held
 * while another attempt may follow: a failure before the first content event fails over (or
 * is retried) like any other; once content was yielded, a failure ends the stream with
 * `error` set.
 */
export async function* streamRouted(
  core: IRCore,
  candidates: readonly IRCandidate[],
  r: Routing,
  signal?: AbortSignal,
): AsyncGenerator<IRStreamEvent, IRRoutedOutcome, undefined> {
  let upstreamMs = 0;
  const e = env(r, signal);
  const loop = await tryInTurn(
    loopCandidates(candidates),
    e,
    async (lc, ctx): Promise<AttemptOutcome<Primed>> => {
      const t0 = performance.now();
      const gen = streamPlanned(core, lc.c.plan);
      const held: IRStreamEvent[] = [];
      try {
        for (;;) {
          const step = await gen.next();
          if (step.done === true) {
            const outcome = step.value;
            if (outcome.error !== undefined)
              return { ok: false, error: outcome.error, value: { held, gen, outcome, ttftMs: 0, t0 } };
            return { ok: true, value: { held, gen, outcome, ttftMs: performance.now() - t0, t0 } };
          }
          held.push(step.value);
          if (!ctx.mayTryAgain || isContentEvent(step.value.type)) {
            const ttftMs = performance.now() - t0;
            return { ok: true, value: { held, gen, ttftMs, t0 }, ttftMs, streaming: true };
          }
        }
      } finally {
        upstreamMs += performance.now() - t0;
      }
    },
  );
  upstreamMs += loop.waitedMs;
  if (loop.served === undefined) return finish(loop.attempts, upstreamMs, loop.failed!.value!.outcome!);
  const { held, gen, ttftMs, t0 } = loop.served.value;
  let outcome = loop.served.value.outcome;
  if (outcome === undefined) {
    let step: IteratorResult<IRStreamEvent, IRRunOutcome> | undefined;
    try {
      for (const ev of held) yield ev;
      let waiting = performance.now();
      step = await gen.next();
      while (step.done !== true) {
        upstreamMs += performance.now() - waiting;
        yield step.value;
        waiting = performance.now();
        step = await gen.next();
      }
      upstreamMs += performance.now() - waiting;
      outcome = step.value;
    } finally {
      // the caller stopped early: close the upstream stream too
      if (step?.done !== true) await gen.return(undefined as never);
    }
    const key = loop.served.candidate.key;
    await recordStreamEnd(e, key, {
      ok: outcome.error === undefined,
      ttftMs,
      latencyMs: performance.now() - t0,
      error: outcome.error,
    });
    if (outcome.error !== undefined) {
      // content was yielded: the caller has part of this answer, so no other attempt
      const last = loop.attempts.at(-1)!;
      Object.assign(last, {
        status: outcome.error.status,
        kind: outcome.error.kind,
        message: outcome.error.message,
      });
    }
  } else {
    for (const ev of held) yield ev;
  }
  return { ...outcome, attempts: loop.attempts, upstreamMs };
}
