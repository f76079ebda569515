/**
 * Per-deployment observations for `latency_optimized`, `performance_based` and the
 * `estimated_latency_ms` of GET /v1/models. Keys are deployment keys (`provider/model`).
 *
 * Latencies are exponentially weighted moving averages with `alpha` = 0.2 by default: each
 * new sample moves the average a fifth of the way, so it follows a provider's bad hour
 * within ~10 requests (the EWMA's effective memory is 2/α − 1 = 9 samples) without jumping
 * on a single slow answer. The first sample seeds the average. Success and failure are
 * counted over a sliding time window (default 5 minutes), so an outage that ended stops
 * counting against a deployment.
 */

export interface Observation {
  /** When the attempt ended (epoch ms). */
  at: number;
  ok: boolean;
  /** Time to first token (streams) or first byte, ms; absent when none arrived. */
  ttftMs?: number;
  /** Total latency, ms; record it for successes only, so timeouts do not read as speed. */
  latencyMs?: number;
}

export interface DeploymentStats {
  /** EWMA of time to first token, ms; undefined before the first sample. */
  ttftMs: number | undefined;
  /** EWMA of total latency, ms; undefined before the first sample. */
  latencyMs: number | undefined;
  /** Outcomes inside the window at the time asked. */
  successes: number;
  failures: number;
}

/**
 * Synchronous on purpose: strategies are pure functions and read a snapshot. A shared
 * backend would refresh a local copy in the background and serve reads from it.
 */
export interface StatsStore {
  record(key: string, obs: Observation): void;
  /** The deployment's stats at `now`, or undefined when it was never observed. */
  get(key: string, now: number): DeploymentStats | undefined;
}

export interface StatsOptions {
  /** EWMA smoothing factor in (0, 1]; default 0.2. */
  alpha?: number;
  /** Sliding window for success/failure counts, ms; default 300 000. */
  windowMs?: number;
  /** At most this many outcomes kept per deployment; default 1000. */
  maxOutcomes?: number;
}

export const STATS_DEFAULTS: Readonly<Required<StatsOptions>> = {
  alpha: 0.2,
  windowMs: 300_000,
  maxOutcomes: 1000,
};

interface Entry {
  ttftMs: number | undefined;
  latencyMs: number | undefined;
  /** Outcome times, oldest first from `head` (a queue: dropping the oldest is O(1)). */
  at: number[];
  ok: boolean[];
  head: number;
}

export function ewma(previous: number | undefined, sample: number, alpha: number): number {
  return previous === undefined ? sample : previous + alpha * (sample - previous);
}

export class InMemoryStatsStore implements StatsStore {
  readonly options: Readonly<Required<StatsOptions>>;
  readonly #entries = new Map<string, Entry>();

  constructor(options: StatsOptions = {}) {
    const alpha = options.alpha ?? STATS_DEFAULTS.alpha;
    if (!(alpha > 0 && alpha <= 1)) throw new TypeError("stats.alpha must be in (0, 1]");
    this.options = {
      alpha,
      windowMs: options.windowMs ?? STATS_DEFAULTS.windowMs,
      maxOutcomes: options.maxOutcomes ?? STATS_DEFAULTS.maxOutcomes,
    };
  }

  record(key: string, obs: Observation): void {
    let e = this.#entries.get(key);
    if (e === undefined) {
      e = { ttftMs: undefined, latencyMs: undefined, at: [], ok: [], head: 0 };
      this.#entries.set(key, e);
    }
    const { alpha } = this.options;
    if (obs.ttftMs !== undefined && Number.isFinite(obs.ttftMs)) e.ttftMs = ewma(e.ttftMs, obs.ttftMs, alpha);
    if (obs.latencyMs !== undefined && Number.isFinite(obs.latencyMs)) {
      e.latencyMs = ewma(e.latencyMs, obs.latencyMs, alpha);
    }
    e.at.push(obs.at);
    e.ok.push(obs.ok);
    this.#prune(e, obs.at);
    if (e.at.length - e.head > this.options.maxOutcomes) e.head = e.at.length - this.options.maxOutcomes;
    this.#compact(e);
  }

  get(key: string, now: number): DeploymentStats | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    this.#prune(e, now);
    this.#compact(e);
    let successes = 0;
    for (let i = e.head; i < e.ok.length; i++) if (e.ok[i] === true) successes++;
    return {
      ttftMs: e.ttftMs,
      latencyMs: e.latencyMs,
      successes,
      failures: e.ok.length - e.head - successes,
    };
  }

  /** Every observed key (for GET /v1/models and metrics). */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  #prune(e: Entry, now: number): void {
    const from = now - this.options.windowMs;
    while (e.head < e.at.length && e.at[e.head]! <= from) e.head++;
  }

  /** Drops the consumed front once it is as long as what is kept (amortised O(1) per outcome). */
  #compact(e: Entry): void {
    if (e.head === 0 || e.head < e.at.length - e.head) return;
    e.at.splice(0, e.head);
    e.ok.splice(0, e.head);
    e.head = 0;
  }
}

/**
 * The `estimated_latency_ms` GET /v1/models shows: the latency EWMA rounded to a whole ms,
 * or undefined when the deployment has not been observed (the field is then omitted).
 */
export function estimatedLatencyMs(stats: StatsStore, key: string, now: number): number | undefined {
  const s = stats.get(key, now);
  const v = s?.latencyMs ?? s?.ttftMs;
  return v === undefined ? undefined : Math.round(v);
}
