import type { HttpClient, HttpResponse } from "../transport/http.ts";

/** Time one request spent waiting on upstreams, for `x-switchyard-overhead-ms`. */
export interface UpstreamClock {
  upstreamMs: number;
}

/**
 * The gateway's client, timing each exchange's wait: from sending until the headers, and
 * reading a whole body (`text`). Streamed bodies are timed by whoever awaits their chunks.
 */
export function timedHttp(http: HttpClient, clock: UpstreamClock): HttpClient {
  return {
    async send(req) {
      const t0 = performance.now();
      try {
        return timedResponse(await http.send(req), clock);
      } finally {
        clock.upstreamMs += performance.now() - t0;
      }
    },
    close: () => http.close(),
  };
}

function timedResponse(res: HttpResponse, clock: UpstreamClock): HttpResponse {
  return {
    status: res.status,
    header: (n) => res.header(n),
    body: res.body,
    cancel: () => res.cancel(),
    async text(maxBytes) {
      const t0 = performance.now();
      try {
        return await res.text(maxBytes);
      } finally {
        clock.upstreamMs += performance.now() - t0;
      }
    },
    async bytes(maxBytes) {
      const t0 = performance.now();
      try {
        return await res.bytes(maxBytes);
      } finally {
        clock.upstreamMs += performance.now() - t0;
      }
    },
  };
}
