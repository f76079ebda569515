import { catalogModel, type Pricing } from "../providers/catalog.ts";
import type { Candidate } from "./route.ts";
import type { DeploymentStats } from "./stats.ts";

/**
 * The numbers strategies rank by: estimated cost from catalog prices, and a performance
 * score from observed stats and a configured quality score. Pure.
 */

/** What the catalog knows of a candidate; either field may be unknown. */
export interface ModelInfo {
  pricing?: Pricing;
  /** Tokens; undefined when unknown (the catalog's 0 means "not a chat model" and is unknown too). */
  contextWindow?: number;
}

/** Estimated tokens of the request (chars/4 or a tokenizer, the core's choice). */
export interface TokenEstimate {
  inputTokens: number;
  /** Expected output: `max_output_tokens` if set, else a typical answer length. */
  outputTokens: number;
  /** Streaming requests rank latency by time to first token. */
  stream?: boolean;
}

/**
 * The catalog entry of a candidate id: `gpt-4o`, a dated snapshot, or `provider/model`
 * (the part after the first slash, so `openrouter/meta-llama/…:free` finds its entry).
 */
export function catalogInfo(id: string): ModelInfo | undefined {
  const slash = id.indexOf("/");
  const m = catalogModel(id) ?? (slash > 0 ? catalogModel(id.slice(slash + 1)) : undefined);
  if (m === undefined) return undefined;
  return { pricing: m.pricing, ...(m.context_window > 0 ? { contextWindow: m.context_window } : {}) };
}

/** Estimated USD of one request, or undefined when the price is unknown. */
export function estimatedCost(pricing: Pricing | undefined, est: TokenEstimate): number | undefined {
  if (pricing === undefined) return undefined;
  return pricing.input * est.inputTokens + pricing.output * est.outputTokens;
}

/**
 * Blended USD per 1k tokens for this request's mix of input and output — what
 * `max_cost_per_1k_tokens` is compared with. With no estimate, the plain average of the
 * input and output prices.
 */
export function costPer1k(pricing: Pricing | undefined, est: TokenEstimate): number | undefined {
  if (pricing === undefined) return undefined;
  const total = est.inputTokens + est.outputTokens;
  if (total <= 0) return ((pricing.input + pricing.output) / 2) * 1000;
  return ((pricing.input * est.inputTokens + pricing.output * est.outputTokens) / total) * 1000;
}

/** How the performance score weighs its parts; they sum to 1. */
export const PERFORMANCE_WEIGHTS = { quality: 0.5, reliability: 0.3, speed: 0.2 } as const;
/** The latency at which the speed part is 0.5: speed = ref / (ref + latency). */
export const SPEED_REFERENCE_MS = 2000;
/** Configured quality when a candidate has none. */
export const DEFAULT_QUALITY = 0.5;

/**
 * A score in [0, 1]: 0.5·quality + 0.3·success rate + 0.2·speed, where success rate counts
 * the stats window and speed = 2000 / (2000 + latency EWMA). Unobserved parts count as
 * perfect (optimism under uncertainty), so a new deployment gets traffic and is measured
 * rather than starved; one bad streak then lowers it quickly.
 */
export function performanceScore(c: Candidate, s: DeploymentStats | undefined): number {
  const quality = c.quality_score ?? DEFAULT_QUALITY;
  const n = (s?.successes ?? 0) + (s?.failures ?? 0);
  const reliability = n === 0 ? 1 : (s?.successes ?? 0) / n;
  const latency = s?.latencyMs;
  const speed = latency === undefined ? 1 : SPEED_REFERENCE_MS / (SPEED_REFERENCE_MS + latency);
  const w = PERFORMANCE_WEIGHTS;
  return w.quality * quality + w.reliability * reliability + w.speed * speed;
}
