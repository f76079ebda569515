import { Agent } from "undici";

/**
 * The upstream HTTP client: one undici `Agent` per gateway (it keeps a keep-alive pool per
 * origin), never a client per request. Timeouts are Switchyard's own timers rather than
 * undici's (whose timers tick at ~0.5 s and whose errors do not say which phase expired):
 * - connect: the Agent's connector (`connectMs`);
 * - first byte: from sending until the response headers, and for a body until its first chunk;
 * - idle: between two chunks of the body;
 * - total: the whole exchange, body included.
 * The caller's `AbortSignal` (the client went away) aborts the exchange too.
 */
export interface HttpTimeouts {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
  totalMs: number;
}

/** Generous defaults: a non-streamed reasoning answer may take minutes before its first byte. */
export const DEFAULT_TIMEOUTS: Readonly<HttpTimeouts> = {
  connectMs: 10_000,
  firstByteMs: 300_000,
  idleMs: 120_000,
  totalMs: 900_000,
};

export type FailureReason =
  | "connect_timeout"
  | "first_byte_timeout"
  | "idle_timeout"
  | "total_timeout"
  | "aborted"
  | "too_large"
  | "network";

/** Why an exchange failed; `message` never contains request headers (keys live there). */
export class UpstreamFailure extends Error {
  override readonly name = "UpstreamFailure";
  readonly reason: FailureReason;
  /** The timeout that expired, for timeouts. */
  readonly afterMs: number | undefined;

  constructor(reason: FailureReason, message: string, afterMs?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.reason = reason;
    this.afterMs = afterMs;
  }
}

export interface HttpRequest {
  url: string;
  method?: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal | undefined;
}

export interface HttpResponse {
  status: number;
  /** A response header by lower-case name (repeated headers joined by `, `). */
  header(name: string): string | undefined;
  /** The body, chunk by chunk, under the first-byte / idle / total timers. Iterate at most once. */
  body: AsyncIterable<Uint8Array>;
  /** The whole body as text, at most `maxBytes` (else an `UpstreamFailure` "too_large"). */
  text(maxBytes?: number): Promise<string>;
  /** The whole body as bytes, at most `maxBytes` (else an `UpstreamFailure` "too_large"). */
  bytes(maxBytes?: number): Promise<Buffer>;
  /** Stops the exchange (the connection is dropped, not reused). Idempotent. */
  cancel(): void;
}

export interface HttpClient {
  send(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

const MAX_TEXT = 64 * 1024 * 1024;

export function createHttpClient(timeouts: Partial<HttpTimeouts> = {}): HttpClient {
  const t: HttpTimeouts = { ...DEFAULT_TIMEOUTS, ...definedOnly(timeouts) };
  const agent = new Agent({
    connect: { timeout: t.connectMs },
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    // Switchyard's own timers (below) bound every phase.
    headersTimeout: 0,
    bodyTimeout: 0,
  });

  async function send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const ctl = new AbortController();
    const started = performance.now();
    let failure: UpstreamFailure | undefined;
    let done = false;

    const fail = (f: UpstreamFailure): void => {
      if (failure !== undefined || done) return;
      failure = f;
      ctl.abort(f);
    };
    const onClientAbort = (): void => fail(new UpstreamFailure("aborted", "the client went away"));
    if (req.signal?.aborted === true) throw new UpstreamFailure("aborted", "the client went away");
    req.signal?.addEventListener("abort", onClientAbort, { once: true });

    const totalTimer = setTimeout(
      () =>
        fail(new UpstreamFailure("total_timeout", `no complete answer within ${t.totalMs} ms`, t.totalMs)),
      t.totalMs,
    ).unref();
    let phaseTimer: NodeJS.Timeout | undefined = setTimeout(
      () =>
        fail(
          new UpstreamFailure("first_byte_timeout", `no response within ${t.firstByteMs} ms`, t.firstByteMs),
        ),
      t.firstByteMs,
    ).unref();

    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(totalTimer);
      if (phaseTimer !== undefined) clearTimeout(phaseTimer);
      req.signal?.removeEventListener("abort", onClientAbort);
    };

    let res: Awaited<ReturnType<Agent["request"]>>;
    try {
      res = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: req.method ?? "POST",
        headers: req.headers,
        body: req.body ?? null,
        signal: ctl.signal,
      });
    } catch (err) {
      finish();
      throw failure ?? classify(err, t);
    }
    if (phaseTimer !== undefined) clearTimeout(phaseTimer);
    // After the headers: the first chunk is still bounded by what is left of the first-byte budget.
    const firstChunkMs = Math.max(1, t.firstByteMs - (performance.now() - started));
    phaseTimer = setTimeout(
      () =>
        fail(
          new UpstreamFailure(
            "first_byte_timeout",
            `no response body within ${t.firstByteMs} ms`,
            t.firstByteMs,
          ),
        ),
      firstChunkMs,
    ).unref();

    const body = res.body;
    let iterated = false;

    // Idle is the upstream's silence while we wait for it: time spent with a chunk handed to
    // a slow consumer (a client reading slowly) does not count.
    let lastPull = 0;
    let yielding = false;
    const idleCheck = (): void => {
      const quiet = yielding ? 0 : performance.now() - lastPull;
      if (quiet >= t.idleMs - 1) {
        fail(new UpstreamFailure("idle_timeout", `no data for ${t.idleMs} ms mid-answer`, t.idleMs));
        return;
      }
      phaseTimer = setTimeout(idleCheck, t.idleMs - quiet).unref();
    };

    async function* chunks(): AsyncGenerator<Uint8Array> {
      if (iterated) throw new Error("response body already read");
      iterated = true;
      let first = true;
      try {
        for await (const chunk of body) {
          if (first) {
            first = false;
            if (phaseTimer !== undefined) clearTimeout(phaseTimer);
            phaseTimer = setTimeout(idleCheck, t.idleMs).unref();
          }
          yielding = true;
          yield chunk as Uint8Array;
          yielding = false;
          lastPull = performance.now();
        }
      } catch (err) {
        throw failure ?? classify(err, t, "body");
      } finally {
        if (!body.destroyed && !body.readableEnded) body.destroy();
        finish();
      }
      if (failure !== undefined) throw failure;
    }

    const headers = res.headers;
    return {
      status: res.statusCode,
      header(name) {
        const v = headers[name];
        return Array.isArray(v) ? v.join(", ") : v;
      },
      body: { [Symbol.asyncIterator]: () => chunks() },
      async text(maxBytes = MAX_TEXT) {
        return (await readAll(maxBytes)).toString("utf8");
      },
      bytes: (maxBytes = MAX_TEXT) => readAll(maxBytes),
      cancel() {
        if (done) return;
        fail(new UpstreamFailure("aborted", "cancelled"));
        if (!body.destroyed) body.destroy();
        finish();
      },
    };

    async function readAll(maxBytes: number): Promise<Buffer> {
      const parts: Uint8Array[] = [];
      let size = 0;
      for await (const c of chunks()) {
        size += c.byteLength;
        if (size > maxBytes) {
          const f = new UpstreamFailure("too_large", `upstream body over ${maxBytes} bytes`);
          fail(f);
          throw f;
        }
        parts.push(c);
      }
      const only = parts.length === 1 ? parts[0]! : undefined;
      if (only !== undefined) return Buffer.isBuffer(only) ? only : Buffer.from(only);
      return Buffer.concat(parts);
    }
  }

  return {
    send,
    async close() {
      await agent.close();
    },
  };
}

function definedOnly(t: Partial<HttpTimeouts>): Partial<HttpTimeouts> {
  const out: Partial<HttpTimeouts> = {};
  for (const k of ["connectMs", "firstByteMs", "idleMs", "totalMs"] as const) {
    const v = t[k];
    if (typeof v === "number" && Number.isFinite(v) && v > 0) out[k] = v;
  }
  return out;
}

/** An undici or socket error → why the exchange failed, in words that carry no secrets. */
function classify(err: unknown, t: HttpTimeouts, phase: "request" | "body" = "request"): UpstreamFailure {
  if (err instanceof UpstreamFailure) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "UND_ERR_CONNECT_TIMEOUT")
    return new UpstreamFailure(
      "connect_timeout",
      `could not connect within ${t.connectMs} ms`,
      t.connectMs,
      err,
    );
  const what = typeof code === "string" ? code : err instanceof Error ? err.message : "unknown error";
  const message =
    phase === "body"
      ? `the upstream connection broke mid-answer (${what})`
      : `could not reach the upstream (${what})`;
  return new UpstreamFailure("network", message, undefined, err);
}
