import { SwitchyardError } from "../ir/error.ts";
import type { Random } from "./random.ts";
import type { BestOfSelector, Candidate, RouteSpec, StrategyName } from "./route.ts";
import {
  catalogInfo,
  costPer1k,
  estimatedCost,
  type ModelInfo,
  performanceScore,
  type TokenEstimate,
} from "./scores.ts";
import type { StatsStore } from "./stats.ts";

/**
 * Orders the candidates of one request by the route's strategy (issue 6). Pure apart from
 * the round-robin counter, which lives in the state object the caller passes in; every
 * random choice draws from `ctx.rng`, so a seeded PRNG makes it reproducible.
 */

/** Round-robin positions, per route (the pool name, or the candidate ids joined). */
export type RoundRobinCounters = Map<string, number>;

export interface RouteContext {
  stats: StatsStore;
  rng: Random;
  /** Epoch ms, for the stats window. */
  now: number;
  counters: RoundRobinCounters;
  estimate: TokenEstimate;
  /** The deployment key stats are kept under (`provider/model`); default the candidate id. */
  key?: (c: Candidate) => string;
  /** Prices and context window; default the catalog (`catalogInfo`). */
  info?: (c: Candidate) => ModelInfo | undefined;
}

export type ExclusionReason = "over_budget" | "below_min_performance" | "context_window";

export interface Exclusion {
  candidate: Candidate;
  reason: ExclusionReason;
  /** The number that failed the check (USD per 1k tokens, score, or context window). */
  value: number;
  limit: number;
}

export interface RoutePlan {
  strategy: StrategyName;
  /** Candidates to try, in order (for `best_of`: the first `parallel.n` run at once). */
  candidates: Candidate[];
  excluded: Exclusion[];
  /** `best_of` only: how many run in parallel and how the answer is picked. */
  parallel?: { n: number; selector: BestOfSelector };
}

export const keyOf = (ctx: RouteContext, c: Candidate): string => (ctx.key ?? ((x) => x.id))(c);
const infoOf = (ctx: RouteContext, c: Candidate): ModelInfo | undefined =>
  (ctx.info ?? ((x) => catalogInfo(x.id)))(c);

/** The candidates in the order to try them. */
export function order(spec: RouteSpec, ctx: RouteContext): Candidate[] {
  return plan(spec, ctx).candidates;
}

/**
 * The full plan: the order, what was excluded and why (for a clear error when nothing is
 * left), and for `best_of` the parallel fan-out. Budget (`max_cost_per_1k_tokens`) and
 * `min_performance_score` are honoured under every strategy: a caller's limit is a limit.
 */
export function plan(spec: RouteSpec, ctx: RouteContext): RoutePlan {
  const excluded: Exclusion[] = [];
  const kept = spec.candidates.filter((c) => {
    if (c.max_cost_per_1k_tokens !== undefined) {
      const cost = costPer1k(infoOf(ctx, c)?.pricing, ctx.estimate);
      // an unknown price cannot be checked: kept, and cost_optimized tries it last
      if (cost !== undefined && cost > c.max_cost_per_1k_tokens) {
        excluded.push({ candidate: c, reason: "over_budget", value: cost, limit: c.max_cost_per_1k_tokens });
        return false;
      }
    }
    if (c.min_performance_score !== undefined) {
      const score = performanceScore(c, ctx.stats.get(keyOf(ctx, c), ctx.now));
      if (score < c.min_performance_score) {
        excluded.push({
          candidate: c,
          reason: "below_min_performance",
          value: score,
          limit: c.min_performance_score,
        });
        return false;
      }
    }
    return true;
  });
  const candidates = orderBy(spec, kept, ctx);
  const out: RoutePlan = { strategy: spec.strategy, candidates, excluded };
  if (spec.strategy === "best_of") {
    const b = spec.best_of ?? { n: 2, selector: { kind: "function" } };
    out.parallel = { n: Math.min(b.n, candidates.length), selector: b.selector };
  }
  return out;
}

function orderBy(spec: RouteSpec, cs: Candidate[], ctx: RouteContext): Candidate[] {
  switch (spec.strategy) {
    case "fallback":
    case "best_of": // best_of runs the first n as listed; the rest are spares for failover
      return [...cs];
    case "round_robin":
      return roundRobin(cs, ctx.counters, spec.pool ?? spec.candidates.map((c) => c.id).join(","));
    case "weighted":
      return weighted(cs, ctx.rng);
    case "cost_optimized":
      return costOptimized(cs, ctx);
    case "latency_optimized":
      return latencyOptimized(cs, ctx);
    case "performance_based":
      return stableSortBy(cs, (c) => -performanceScore(c, ctx.stats.get(keyOf(ctx, c), ctx.now)));
    default: {
      const never: never = spec.strategy;
      throw new Error(`unknown strategy ${String(never)}`);
    }
  }
}

/** Starts at the route's counter and wraps around; the counter moves on by one per request. */
export function roundRobin(cs: Candidate[], counters: RoundRobinCounters, routeKey: string): Candidate[] {
  if (cs.length === 0) return [];
  const n = counters.get(routeKey) ?? 0;
  counters.set(routeKey, (n + 1) % Number.MAX_SAFE_INTEGER);
  const start = n % cs.length;
  return [...cs.slice(start), ...cs.slice(0, start)];
}

/**
 * Weighted sampling without replacement: the first pick is random with probability
 * weight / Σweights, then the next among the rest, and so on — so failover also follows
 * the weights. Weight 0 candidates come last, in the given order.
 */
export function weighted(cs: Candidate[], rng: Random): Candidate[] {
  const pool = cs.filter((c) => (c.weight ?? 1) > 0);
  const zero = cs.filter((c) => (c.weight ?? 1) <= 0);
  const out: Candidate[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((s, c) => s + (c.weight ?? 1), 0);
    let r = rng() * total;
    let i = 0;
    for (; i < pool.length - 1; i++) {
      r -= pool[i]!.weight ?? 1;
      if (r < 0) break;
    }
    out.push(...pool.splice(i, 1));
  }
  return [...out, ...zero];
}

/** Cheapest estimated request first (catalog prices × estimated tokens); unknown prices last. */
export function costOptimized(cs: Candidate[], ctx: RouteContext): Candidate[] {
  return stableSortBy(
    cs,
    (c) => estimatedCost(infoOf(ctx, c)?.pricing, ctx.estimate) ?? Number.POSITIVE_INFINITY,
  );
}

/**
 * Fastest observed first: by the time-to-first-token EWMA for streams, by the total latency
 * EWMA otherwise (each falling back to the other). Unobserved deployments come first, in
 * the given order: one request each measures them, after which they take their rank —
 * without this rule a new deployment would never be tried.
 */
export function latencyOptimized(cs: Candidate[], ctx: RouteContext): Candidate[] {
  const score = (c: Candidate): number => {
    const s = ctx.stats.get(keyOf(ctx, c), ctx.now);
    const v = ctx.estimate.stream === true ? (s?.ttftMs ?? s?.latencyMs) : (s?.latencyMs ?? s?.ttftMs);
    return v ?? Number.NEGATIVE_INFINITY;
  };
  return stableSortBy(cs, score);
}

function stableSortBy<T>(xs: T[], by: (x: T) => number): T[] {
  return xs
    .map((x, i) => ({ x, i, k: by(x) }))
    .sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -1 : 1))
    .map((e) => e.x);
}

/**
 * Drops candidates cooling down; when every candidate is cooling down, keeps them all in
 * order (trying a cooling deployment beats failing a request without trying).
 */
export function withoutCoolingDown(cs: Candidate[], cooling: (c: Candidate) => boolean): Candidate[] {
  const warm = cs.filter((c) => !cooling(c));
  return warm.length > 0 ? warm : [...cs];
}

/** The error when a plan has nothing left to try: what each excluded candidate failed. */
export function noCandidateError(p: RoutePlan): SwitchyardError {
  const why = p.excluded.map((e) => {
    switch (e.reason) {
      case "over_budget":
        return `${e.candidate.id}: estimated $${e.value.toPrecision(3)}/1k tokens > max_cost_per_1k_tokens ${e.limit}`;
      case "below_min_performance":
        return `${e.candidate.id}: performance score ${e.value.toFixed(3)} < min_performance_score ${e.limit}`;
      case "context_window":
        return `${e.candidate.id}: context window ${e.limit} tokens < estimated request ${e.value} tokens`;
      default: {
        const never: never = e.reason;
        return String(never);
      }
    }
  });
  const tooLarge = p.excluded.length > 0 && p.excluded.every((e) => e.reason === "context_window");
  return new SwitchyardError({
    kind: tooLarge ? "request_too_large" : "invalid_request",
    message: `no model of the route can take this request: ${why.join("; ") || "no candidates"}`,
    param: "model",
    code: tooLarge ? "context_length_exceeded" : "no_candidate",
  });
}
