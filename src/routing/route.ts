import { SwitchyardError } from "../ir/error.ts";

/**
 * What a caller can ask for (issue 6), parsed into one `RouteSpec`: a model string, an
 * array of models (fallback in order), an object `{ strategy, models }`, OpenRouter's body
 * field `models`, the `x-switchyard-route` header, or a configured pool. Pure: no I/O.
 */

export const STRATEGIES = [
  "fallback",
  "round_robin",
  "weighted",
  "cost_optimized",
  "latency_optimized",
  "performance_based",
  "best_of",
] as const;
export type StrategyName = (typeof STRATEGIES)[number];

/** One model a route may run on, with the per-candidate knobs of the object form. */
export interface Candidate {
  /** A model name as the caller wrote it: `gpt-4o`, `anthropic/claude-…`, an alias. */
  id: string;
  /** `weighted`: relative share (default 1; 0 = only when the others are exhausted). */
  weight?: number;
  /** `cost_optimized` (and any strategy): skip when the estimated blended USD per 1k tokens is higher. */
  max_cost_per_1k_tokens?: number;
  /** `performance_based`: skip when the observed performance score (0–1) is lower. */
  min_performance_score?: number;
  /** `performance_based`: a configured quality score in [0, 1] (default 0.5). */
  quality_score?: number;
}

/** How `best_of` picks among its parallel answers; the selection runs in the core. */
export type BestOfSelector = { kind: "judge"; model: string } | { kind: "function" };

export interface BestOfSpec {
  /** How many candidates run in parallel (≥ 2). */
  n: number;
  selector: BestOfSelector;
}

export interface RouteSpec {
  strategy: StrategyName;
  candidates: Candidate[];
  /** Set when strategy is `best_of`. */
  best_of?: BestOfSpec;
  /** The pool the route came from, if any (round-robin counters and /v1/models key on it). */
  pool?: string;
}

/** Configured pools: `{ name: { strategy, models } }`, or a bare list meaning `fallback`. */
export type PoolConfig = Readonly<Record<string, unknown>>;

export interface ParseOptions {
  /** Pools already checked by `parsePools`. */
  pools?: Readonly<Record<string, RouteSpec>>;
  /** Field path for errors (default `model`). */
  param?: string;
}

function bad(param: string, expected: string): SwitchyardError {
  return new SwitchyardError({
    kind: "invalid_request",
    message: `${param}: expected ${expected}`,
    param,
    code: "invalid_route",
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStrategy(v: unknown): v is StrategyName {
  return typeof v === "string" && (STRATEGIES as readonly string[]).includes(v);
}

/**
 * `model` as a caller sent it: a string (a pool name expands to the pool's route), an array
 * of models tried in order, or `{ strategy, models, best_of? }`.
 */
export function parseRoute(input: unknown, opts: ParseOptions = {}): RouteSpec {
  const param = opts.param ?? "model";
  if (typeof input === "string") {
    if (input.trim() === "") throw bad(param, "a non-empty model name");
    const pool = poolOf(input, opts);
    return pool ?? { strategy: "fallback", candidates: [{ id: input }] };
  }
  if (Array.isArray(input)) {
    return { strategy: "fallback", candidates: parseCandidates(input, param, opts) };
  }
  if (isRecord(input)) return parseObject(input, param, opts);
  throw bad(param, "a model name, an array of model names, or an object { strategy, models }");
}

/**
 * The route of a request body: `model` (any form above) and OpenRouter's `models` list.
 * When both are given, `model` is tried first and `models` after it, duplicates dropped —
 * OpenRouter's own behaviour: `models` are the fallbacks of the primary model.
 * @see https://openrouter.ai/docs/features/model-routing
 */
export function routeFromBody(
  body: { model?: unknown; models?: unknown },
  opts: ParseOptions = {},
): RouteSpec {
  const hasModel = body.model !== undefined && body.model !== null;
  if (body.models === undefined || body.models === null) {
    if (!hasModel) throw bad("model", "a model name (or `models`)");
    return parseRoute(body.model, opts);
  }
  if (!Array.isArray(body.models) || body.models.length === 0) {
    throw bad("models", "a non-empty array of model names");
  }
  const fallbacks = parseCandidates(body.models, "models", opts);
  if (!hasModel) return { strategy: "fallback", candidates: fallbacks };
  const primary = parseRoute(body.model, opts);
  const seen = new Set(primary.candidates.map((c) => c.id));
  return { ...primary, candidates: [...primary.candidates, ...fallbacks.filter((c) => !seen.has(c.id))] };
}

/**
 * The `x-switchyard-route` header, for surfaces whose SDKs cannot send a route in the body
 * (Anthropic, Gemini): JSON of the object or array form, or a comma-separated list of models
 * (fallback in order). A single name may be a pool.
 */
export function parseRouteHeader(value: string, opts: ParseOptions = {}): RouteSpec {
  const param = opts.param ?? "x-switchyard-route";
  const v = value.trim();
  if (v.startsWith("{") || v.startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(v);
    } catch {
      throw bad(param, "valid JSON (or a comma-separated list of models)");
    }
    return parseRoute(json, { ...opts, param });
  }
  const names = v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) throw bad(param, "a comma-separated list of models, or a JSON route");
  return names.length === 1
    ? parseRoute(names[0], { ...opts, param })
    : parseRoute(names, { ...opts, param });
}

/** Checks configured pools once, at startup: `{ name: { strategy, models } | [models] }`. */
export function parsePools(config: PoolConfig | undefined): Record<string, RouteSpec> {
  const out: Record<string, RouteSpec> = {};
  for (const [name, value] of Object.entries(config ?? {})) {
    const param = `pools.${name}`;
    if (name.trim() === "") throw bad("pools", "non-empty pool names");
    const spec = Array.isArray(value)
      ? { strategy: "fallback" as const, candidates: parseCandidates(value, param, {}) }
      : isRecord(value)
        ? parseObject(value, param, {})
        : undefined;
    if (spec === undefined) throw bad(param, "{ strategy, models } or an array of model names");
    out[name] = { ...spec, pool: name };
  }
  // pools may name other pools: expand them now, so a request never sees a nested pool
  const resolved: Record<string, RouteSpec> = {};
  for (const name of Object.keys(out)) resolved[name] = expandPool(name, out, []);
  return resolved;
}

function expandPool(name: string, pools: Record<string, RouteSpec>, seen: string[]): RouteSpec {
  const spec = pools[name]!;
  if (seen.includes(name)) throw bad(`pools.${seen[0]}`, `no pool cycle (${[...seen, name].join(" → ")})`);
  const candidates = spec.candidates.flatMap((c) =>
    Object.hasOwn(pools, c.id) && c.id !== name
      ? expandPool(c.id, pools, [...seen, name]).candidates.map((m) => ({ ...m, ...knobs(c) }))
      : [c],
  );
  return { ...spec, candidates };
}

/** The per-candidate knobs set on a reference to a pool apply to each of its members. */
function knobs(c: Candidate): Partial<Candidate> {
  const { id: _id, ...rest } = c;
  return rest;
}

function poolOf(name: string, opts: ParseOptions): RouteSpec | undefined {
  const pools = opts.pools;
  return pools !== undefined && Object.hasOwn(pools, name) ? pools[name] : undefined;
}

const TOP_LEVEL_KNOBS = ["max_cost_per_1k_tokens", "min_performance_score"] as const;

function parseObject(o: Record<string, unknown>, param: string, opts: ParseOptions): RouteSpec {
  for (const k of Object.keys(o)) {
    if (!["strategy", "models", "best_of", ...TOP_LEVEL_KNOBS].includes(k)) {
      throw bad(
        `${param}.${k}`,
        "one of strategy, models, best_of, max_cost_per_1k_tokens, min_performance_score",
      );
    }
  }
  const strategy = o.strategy ?? "fallback";
  if (!isStrategy(strategy)) throw bad(`${param}.strategy`, `one of ${STRATEGIES.join(", ")}`);
  if (!Array.isArray(o.models) || o.models.length === 0) {
    throw bad(`${param}.models`, "a non-empty array of models");
  }
  // route-wide knobs are defaults for every candidate
  const defaults: Partial<Candidate> = {};
  for (const k of TOP_LEVEL_KNOBS) {
    if (o[k] !== undefined) defaults[k] = nonNegative(o[k], `${param}.${k}`, k === "min_performance_score");
  }
  const candidates = parseCandidates(o.models, `${param}.models`, opts).map((c) => ({ ...defaults, ...c }));
  const spec: RouteSpec = { strategy, candidates };
  if (strategy === "best_of") spec.best_of = parseBestOf(o.best_of, `${param}.best_of`, candidates.length);
  else if (o.best_of !== undefined) throw bad(`${param}.best_of`, 'nothing unless strategy is "best_of"');
  return spec;
}

function parseBestOf(v: unknown, param: string, count: number): BestOfSpec {
  if (v === undefined) return { n: Math.min(2, count), selector: { kind: "function" } };
  if (!isRecord(v)) throw bad(param, "{ n, judge? }");
  const n = v.n ?? Math.min(2, count);
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > count) {
    throw bad(`${param}.n`, `an integer from 1 to the number of models (${count})`);
  }
  if (v.judge !== undefined && (typeof v.judge !== "string" || v.judge === "")) {
    throw bad(`${param}.judge`, "a model name");
  }
  return {
    n,
    selector: typeof v.judge === "string" ? { kind: "judge", model: v.judge } : { kind: "function" },
  };
}

function parseCandidates(list: unknown[], param: string, opts: ParseOptions): Candidate[] {
  if (list.length === 0) throw bad(param, "a non-empty array of models");
  const out: Candidate[] = [];
  list.forEach((item, i) => {
    const p = `${param}[${i}]`;
    const c = parseCandidate(item, p);
    const pool = poolOf(c.id, opts);
    // a pool named inside a list stands for its members, in the pool's order
    if (pool !== undefined) out.push(...pool.candidates.map((m) => ({ ...m, ...knobs(c) })));
    else out.push(c);
  });
  return out;
}

function parseCandidate(item: unknown, param: string): Candidate {
  if (typeof item === "string") {
    if (item.trim() === "") throw bad(param, "a non-empty model name");
    return { id: item };
  }
  if (!isRecord(item)) throw bad(param, "a model name or { id, weight?, max_cost_per_1k_tokens?, … }");
  const allowed = [
    "id",
    "model",
    "weight",
    "max_cost_per_1k_tokens",
    "min_performance_score",
    "quality_score",
  ];
  for (const k of Object.keys(item))
    if (!allowed.includes(k)) throw bad(`${param}.${k}`, `one of ${allowed.join(", ")}`);
  const id = item.id ?? item.model;
  if (typeof id !== "string" || id.trim() === "") throw bad(`${param}.id`, "a non-empty model name");
  const c: Candidate = { id };
  if (item.weight !== undefined) c.weight = nonNegative(item.weight, `${param}.weight`, false);
  if (item.max_cost_per_1k_tokens !== undefined) {
    c.max_cost_per_1k_tokens = nonNegative(
      item.max_cost_per_1k_tokens,
      `${param}.max_cost_per_1k_tokens`,
      false,
    );
  }
  if (item.min_performance_score !== undefined) {
    c.min_performance_score = nonNegative(item.min_performance_score, `${param}.min_performance_score`, true);
  }
  if (item.quality_score !== undefined)
    c.quality_score = nonNegative(item.quality_score, `${param}.quality_score`, true);
  return c;
}

function nonNegative(v: unknown, param: string, unit: boolean): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (unit && v > 1)) {
    throw bad(param, unit ? "a number from 0 to 1" : "a finite number ≥ 0");
  }
  return v;
}
