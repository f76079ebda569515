import { Agent, type Dispatcher } from "undici";

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

/** Buffered upstream bytes above which reading from the socket pauses until the consumer catches up. */
const HIGH_WATER = 256 * 1024;

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

  function send(req: HttpRequest): Promise<HttpResponse> {
    if (req.signal?.aborted === true)
      return Promise.reject(new UpstreamFailure("aborted", "the client went away"));
    const { origin, path } = splitURL(req.url);
    const exchange = new Exchange(t, req.signal);
    agent.dispatch(
      { origin, path, method: req.method ?? "POST", headers: req.headers, body: req.body ?? null },
      exchange,
    );
    return exchange.headers;
  }

  return {
    send,
    async close() {
      await agent.close();
    },
  };
}

/** `https://host:port/base/path?q` → origin and path, without a `URL` per request. */
function splitURL(url: string): { origin: string; path: string } {
  const scheme = url.indexOf("://");
  const slash = scheme < 0 ? -1 : url.indexOf("/", scheme + 3);
  if (scheme < 0) {
    const u = new URL(url);
    return { origin: u.origin, path: u.pathname + u.search };
  }
  return slash < 0 ? { origin: url, path: "/" } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/**
 * One exchange, as undici's dispatch handler (no per-request streams or promises beyond the
 * one for the headers): body chunks queue up until the consumer pulls them, and the socket
 * is paused while more than `HIGH_WATER` bytes wait. Timers: the total one, and one per
 * phase (first byte until the headers and then the first chunk; idle between chunks).
 */
class Exchange implements Dispatcher.DispatchHandler, HttpResponse {
  readonly headers: Promise<HttpResponse>;
  status = 0;
  readonly body: AsyncIterable<Uint8Array>;
  #t: HttpTimeouts;
  #signal: AbortSignal | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  #resolve!: (r: HttpResponse) => void;
  #reject!: (e: unknown) => void;
  #responseHeaders: Record<string, string | string[] | undefined> = {};
  #started = performance.now();
  #failure: UpstreamFailure | undefined;
  #error: unknown;
  #ended = false;
  #done = false;
  #headersIn = false;
  #queue: Buffer[] = [];
  #head = 0;
  #queued = 0;
  #wake: (() => void) | undefined;
  #iterated = false;
  #totalTimer: NodeJS.Timeout;
  #phaseTimer: NodeJS.Timeout | undefined;
  #gotChunk = false;
  // idle is the upstream's silence while we wait for it: time with a chunk handed to a slow
  // consumer (a client reading slowly) does not count
  #lastPull = 0;
  #yielding = false;
  #onClientAbort = (): void => this.#fail(new UpstreamFailure("aborted", "the client went away"));

  constructor(t: HttpTimeouts, signal: AbortSignal | undefined) {
    this.#t = t;
    this.#signal = signal;
    this.headers = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    signal?.addEventListener("abort", this.#onClientAbort, { once: true });
    this.#totalTimer = setTimeout(
      () =>
        this.#fail(
          new UpstreamFailure("total_timeout", `no complete answer within ${t.totalMs} ms`, t.totalMs),
        ),
      t.totalMs,
    ).unref();
    this.#phaseTimer = setTimeout(
      () =>
        this.#fail(
          new UpstreamFailure("first_byte_timeout", `no response within ${t.firstByteMs} ms`, t.firstByteMs),
        ),
      t.firstByteMs,
    ).unref();
    this.body = { [Symbol.asyncIterator]: () => this.#chunks() };
  }

  // ------------------------------------------------------------- undici's side

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#failure !== undefined) controller.abort(this.#failure);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.#controller = controller;
    if (statusCode < 200) return; // 1xx informational: the real answer follows
    this.status = statusCode;
    this.#responseHeaders = headers;
    this.#headersIn = true;
    if (this.#phaseTimer !== undefined) clearTimeout(this.#phaseTimer);
    // after the headers, the first chunk is still bounded by what is left of the first-byte budget
    const t = this.#t;
    const left = Math.max(1, t.firstByteMs - (performance.now() - this.#started));
    this.#phaseTimer = setTimeout(
      () =>
        this.#fail(
          new UpstreamFailure(
            "first_byte_timeout",
            `no response body within ${t.firstByteMs} ms`,
            t.firstByteMs,
          ),
        ),
      left,
    ).unref();
    this.#resolve(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.#gotChunk) {
      this.#gotChunk = true;
      if (this.#phaseTimer !== undefined) clearTimeout(this.#phaseTimer);
      this.#lastPull = performance.now();
      this.#phaseTimer = setTimeout(this.#idleCheck, this.#t.idleMs).unref();
    }
    this.#queue.push(chunk);
    this.#queued += chunk.byteLength;
    if (this.#queued > HIGH_WATER) controller.pause();
    this.#notify();
  }

  onResponseEnd(): void {
    this.#ended = true;
    this.#finish();
    this.#notify();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.#error = err;
    this.#finish();
    if (!this.#headersIn) this.#reject(this.#failure ?? classify(err, this.#t));
    this.#notify();
  }

  // ------------------------------------------------------------- the consumer's side

  header(name: string): string | undefined {
    const v = this.#responseHeaders[name];
    return Array.isArray(v) ? v.join(", ") : v;
  }

  async text(maxBytes = MAX_TEXT): Promise<string> {
    return (await this.bytes(maxBytes)).toString("utf8");
  }

  async bytes(maxBytes = MAX_TEXT): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const c of this.#chunks()) {
      size += c.byteLength;
      if (size > maxBytes) {
        const f = new UpstreamFailure("too_large", `upstream body over ${maxBytes} bytes`);
        this.#fail(f);
        throw f;
      }
      parts.push(c);
    }
    const only = parts.length === 1 ? parts[0]! : undefined;
    if (only !== undefined) return Buffer.isBuffer(only) ? only : Buffer.from(only);
    return Buffer.concat(parts);
  }

  cancel(): void {
    if (this.#done) return;
    this.#fail(new UpstreamFailure("aborted", "cancelled"));
  }

  async *#chunks(): AsyncGenerator<Uint8Array> {
    if (this.#iterated) throw new Error("response body already read");
    this.#iterated = true;
    try {
      for (;;) {
        if (this.#head < this.#queue.length) {
          const chunk = this.#queue[this.#head]!;
          this.#queue[this.#head++] = EMPTY;
          if (this.#head === this.#queue.length) {
            this.#queue.length = 0;
            this.#head = 0;
          }
          this.#queued -= chunk.byteLength;
          if (this.#queued <= HIGH_WATER / 2 && this.#controller?.paused === true) this.#controller.resume();
          this.#yielding = true;
          yield chunk;
          this.#yielding = false;
          this.#lastPull = performance.now();
          continue;
        }
        if (this.#failure !== undefined) throw this.#failure;
        if (this.#error !== undefined) throw classify(this.#error, this.#t, "body");
        if (this.#ended) return;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    } finally {
      // stopped early (or failed): the connection is dropped, not reused
      if (!this.#ended) this.#fail(new UpstreamFailure("aborted", "cancelled"));
      this.#finish();
    }
  }

  #notify(): void {
    const wake = this.#wake;
    if (wake === undefined) return;
    this.#wake = undefined;
    wake();
  }

  #idleCheck = (): void => {
    const t = this.#t;
    const quiet = this.#yielding ? 0 : performance.now() - this.#lastPull;
    if (quiet >= t.idleMs - 1) {
      this.#fail(new UpstreamFailure("idle_timeout", `no data for ${t.idleMs} ms mid-answer`, t.idleMs));
      return;
    }
    this.#phaseTimer = setTimeout(this.#idleCheck, t.idleMs - quiet).unref();
  };

  #fail(f: UpstreamFailure): void {
    if (this.#failure !== undefined || this.#done) return;
    this.#failure = f;
    this.#controller?.abort(f);
    if (!this.#headersIn) this.#reject(f);
    this.#finish();
    this.#notify();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#totalTimer);
    if (this.#phaseTimer !== undefined) clearTimeout(this.#phaseTimer);
    this.#signal?.removeEventListener("abort", this.#onClientAbort);
  }
}

const EMPTY = Buffer.alloc(0);

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
