/**
 * A small closed-loop load generator: N connections (keep-alive), each with one request in
 * flight, for a fixed time. Records each request's latency (to the last byte) and, for
 * streams, its time to the first body byte, in milliseconds from performance.now().
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface LoadSpec {
  url: string;
  path: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
  /** Called about every second with the requests done so far. */
  onProgress?: (done: number, elapsedMs: number) => void;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** First non-2xx status or error text seen, for the report. */
  firstError?: string;
  elapsedMs: number;
  rps: number;
  /** Latency to the last byte, ms, sorted ascending. */
  latency: Float64Array;
  /** Time to the first body byte, ms, sorted ascending. */
  ttfb: Float64Array;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const u = new URL(spec.path, spec.url);
  const body = Buffer.from(spec.body);
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: spec.connections,
    maxFreeSockets: spec.connections,
  });
  const headers = {
    ...spec.headers,
    "content-type": "application/json",
    "content-length": String(body.length),
  };
  const lat: number[] = [];
  const ttfb: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + spec.durationMs;

  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      let first = -1;
      const req = http.request(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, method: "POST", headers, agent },
        (res) => {
          const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
          let errText = "";
          res.on("data", (chunk: Buffer) => {
            if (first < 0) first = performance.now() - t0;
            if (!ok && errText.length < 300) errText += chunk.toString();
          });
          res.on("end", () => {
            if (ok) {
              lat.push(performance.now() - t0);
              ttfb.push(first < 0 ? performance.now() - t0 : first);
            } else {
              errors++;
              firstError ??= `HTTP ${res.statusCode}: ${errText.slice(0, 300)}`;
            }
            resolve();
          });
          res.on("error", (e) => {
            errors++;
            firstError ??= String(e);
            resolve();
          });
        },
      );
      req.on("error", (e) => {
        errors++;
        firstError ??= String(e);
        resolve();
      });
      req.end(body);
    });

  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await one();
      // a failing target answers instantly: do not spin on it
      if (errors > 1000 && lat.length === 0) return;
    }
  };

  const timer = setInterval(() => spec.onProgress?.(lat.length + errors, performance.now() - start), 1000);
  await Promise.all(Array.from({ length: spec.connections }, worker));
  clearInterval(timer);
  agent.destroy();
  const elapsedMs = performance.now() - start;
  return {
    requests: lat.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    elapsedMs,
    rps: (lat.length / elapsedMs) * 1000,
    latency: Float64Array.from(lat).sort(),
    ttfb: Float64Array.from(ttfb).sort(),
  };
}

/** The p-th percentile (0–100) of a sorted array, nearest rank. */
export function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}
