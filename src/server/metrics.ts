/**
 * Request metrics in the Prometheus text format (version 0.0.4). Recording is a map lookup
 * and a few additions per request: nothing is formatted until `/metrics` is scraped.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

/** Upper bounds (seconds): from a cached reply to a long reasoning stream. */
export const DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

interface Histogram {
  labels: string;
  counts: number[];
  sum: number;
  count: number;
}

export interface RequestSample {
  /** The surface (`openai-chat`, …) or endpoint (`embeddings`, `models`, …). */
  surface: string;
  /** The provider that answered, or `none` when no provider was involved. */
  provider: string;
  status: number;
  seconds: number;
}

/** The IR usage counts the metrics read (structurally the IR `Usage`). */
export interface TokenCounts {
  input_tokens?: number;
  output_tokens?: number;
  cached_input_tokens?: number;
  cache_write_tokens?: number;
  reasoning_tokens?: number;
}

/** The series of one (surface, provider) pair: built once, then counted into. */
interface Series {
  pair: string;
  byStatus: Map<number, string>;
  /** Token series keys by type (`input`, `output`, …). */
  byType: Map<string, string>;
  histogram: Histogram;
}

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, Histogram>();
  readonly #tokens = new Map<string, number>();
  /** surface → provider → series: a request is counted without building a label string. */
  readonly #series = new Map<string, Map<string, Series>>();
  readonly #started = Date.now() / 1000;
  #inFlight = 0;

  requestStarted(): void {
    this.#inFlight++;
  }

  requestFinished(s: RequestSample): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    const series = this.#seriesOf(s.surface, s.provider);
    let key = series.byStatus.get(s.status);
    if (key === undefined) {
      key = `${series.pair},status="${s.status}"`;
      series.byStatus.set(s.status, key);
    }
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const h = series.histogram;
    // buckets ascend: the first that fits and every one after it count the sample
    const counts = h.counts;
    for (let i = DURATION_BUCKETS.length - 1; i >= 0 && s.seconds <= (DURATION_BUCKETS[i] ?? 0); i--) {
      counts[i] = (counts[i] ?? 0) + 1;
    }
    h.sum += s.seconds;
    h.count++;
  }

  #seriesOf(surface: string, provider: string): Series {
    let bySurface = this.#series.get(surface);
    if (bySurface === undefined) {
      bySurface = new Map();
      this.#series.set(surface, bySurface);
    }
    let series = bySurface.get(provider);
    if (series === undefined) {
      const pair = `surface="${escapeLabel(surface)}",provider="${escapeLabel(provider)}"`;
      let histogram = this.#durations.get(pair);
      if (histogram === undefined) {
        histogram = { labels: pair, counts: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
        this.#durations.set(pair, histogram);
      }
      series = { pair, byStatus: new Map(), byType: new Map(), histogram };
      bySurface.set(provider, series);
    }
    return series;
  }

  /** Token usage the core reports once an answer is over (streams included), by kind. */
  usage(surface: string, provider: string, usage: TokenCounts | undefined): void {
    if (usage === undefined) return;
    const series = this.#seriesOf(surface, provider);
    this.#addTokens(series, "input", usage.input_tokens);
    this.#addTokens(series, "output", usage.output_tokens);
    this.#addTokens(series, "cached_input", usage.cached_input_tokens);
    this.#addTokens(series, "cache_write", usage.cache_write_tokens);
    this.#addTokens(series, "reasoning", usage.reasoning_tokens);
  }

  #addTokens(series: Series, type: string, n: number | undefined): void {
    if (n === undefined || n === 0) return;
    let key = series.byType.get(type);
    if (key === undefined) {
      key = `${series.pair},type="${type}"`;
      series.byType.set(type, key);
    }
    this.#tokens.set(key, (this.#tokens.get(key) ?? 0) + n);
  }

  /** The exposition text, with the process's resident memory. */
  render(rss: number = process.memoryUsage.rss()): string {
    const out: string[] = [
      "# HELP switchyard_requests_total Requests answered, by surface, provider and HTTP status.",
      "# TYPE switchyard_requests_total counter",
    ];
    for (const [labels, n] of this.#requests) out.push(`switchyard_requests_total{${labels}} ${n}`);
    out.push(
      "# HELP switchyard_request_duration_seconds Time from request to the last byte of the answer (streams included).",
      "# TYPE switchyard_request_duration_seconds histogram",
    );
    for (const h of this.#durations.values()) {
      // bucket counts are cumulative by construction: a sample is counted in every bucket it fits
      for (let i = 0; i < DURATION_BUCKETS.length; i++) {
        out.push(
          `switchyard_request_duration_seconds_bucket{${h.labels},le="${DURATION_BUCKETS[i]}"} ${h.counts[i]}`,
        );
      }
      out.push(`switchyard_request_duration_seconds_bucket{${h.labels},le="+Inf"} ${h.count}`);
      out.push(`switchyard_request_duration_seconds_sum{${h.labels}} ${round(h.sum)}`);
      out.push(`switchyard_request_duration_seconds_count{${h.labels}} ${h.count}`);
    }
    out.push(
      "# HELP switchyard_tokens_total Tokens reported by providers, by surface, provider and type (input includes cache reads and writes; output includes reasoning).",
      "# TYPE switchyard_tokens_total counter",
    );
    for (const [labels, n] of this.#tokens) out.push(`switchyard_tokens_total{${labels}} ${n}`);
    out.push(
      "# HELP switchyard_requests_in_flight Requests being answered now.",
      "# TYPE switchyard_requests_in_flight gauge",
      `switchyard_requests_in_flight ${this.#inFlight}`,
      "# HELP process_resident_memory_bytes Resident memory size in bytes.",
      "# TYPE process_resident_memory_bytes gauge",
      `process_resident_memory_bytes ${rss}`,
      "# HELP process_start_time_seconds Start time of the process since the Unix epoch, in seconds.",
      "# TYPE process_start_time_seconds gauge",
      `process_start_time_seconds ${Math.floor(this.#started)}`,
    );
    return `${out.join("\n")}\n`;
  }
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Label values escape backslash, double quote and newline. */
function escapeLabel(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
