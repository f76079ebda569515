import { FORMATS } from "../formats/registry.ts";
import type {
  NativeStreamEvent,
  StreamDecodeContext,
  StreamDecoder,
  StreamEncodeContext,
  StreamEncoder,
} from "../formats/wire-format.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { JSONArrayDecoder } from "../transport/json-array-decoder.ts";
import { SSEDecoder } from "../transport/sse-decoder.ts";

/** How a source stream is framed: SSE, or Gemini's JSON array (no `alt=sse`). */
export type Framing = "sse" | "json-array";

/**
 * Splits a byte stream into native events, whatever its framing: SSE events, or the elements
 * of a streamed JSON array (as `data` with no event name).
 */
export class NativeEventReader {
  #sse: SSEDecoder | undefined;
  #json: JSONArrayDecoder | undefined;

  constructor(framing: Framing = "sse") {
    if (framing === "sse") this.#sse = new SSEDecoder();
    else this.#json = new JSONArrayDecoder();
  }

  push(chunk: Uint8Array | string): NativeStreamEvent[] {
    if (this.#sse !== undefined) return this.#sse.push(chunk);
    return this.#json!.push(chunk).map((data) => ({ data }));
  }

  /** Flushes; a JSON array cut short yields the elements it had (the decoder then sees truncation). */
  end(): NativeStreamEvent[] {
    if (this.#sse !== undefined) return this.#sse.end();
    try {
      return this.#json!.end().map((data) => ({ data }));
    } catch {
      return [];
    }
  }
}

export interface StreamTranslatorOptions {
  source: FormatId;
  target: FormatId;
  sourceFraming?: Framing;
  decode?: StreamDecodeContext;
  encode?: StreamEncodeContext;
  /** Called with every IR event as it passes (usage tapping, metrics, tests). */
  onEvent?: (ev: IRStreamEvent) => void;
}

/**
 * One streamed answer, translated as it arrives: source bytes → native events → IR events →
 * target wire text. Synchronous and allocation-light, so it can sit on every token; holds no
 * more than the codecs' per-block state.
 */
export class StreamTranslator {
  readonly #reader: NativeEventReader;
  readonly #decoder: StreamDecoder;
  readonly #encoder: StreamEncoder;
  readonly #onEvent: ((ev: IRStreamEvent) => void) | undefined;
  readonly #createdAt = Math.floor(Date.now() / 1000);

  constructor(opts: StreamTranslatorOptions) {
    this.#reader = new NativeEventReader(opts.sourceFraming ?? "sse");
    this.#decoder = FORMATS[opts.source].streamDecoder(opts.decode);
    this.#encoder = FORMATS[opts.target].streamEncoder(opts.encode);
    this.#onEvent = opts.onEvent;
  }

  /** Feeds source bytes; returns the target text they complete (possibly ""). */
  push(chunk: Uint8Array | string): string {
    let out = "";
    for (const native of this.#reader.push(chunk)) out += this.#emit(this.#decoder.push(native));
    return out;
  }

  /** Ends the source; returns the target's closing text (or its in-stream error, if truncated). */
  end(): string {
    let out = "";
    for (const native of this.#reader.end()) out += this.#emit(this.#decoder.push(native));
    out += this.#emit(this.#decoder.end());
    return out + this.#encoder.end();
  }

  #emit(events: IRStreamEvent[]): string {
    let out = "";
    for (const ev of events) {
      // Anthropic and Gemini streams carry no timestamp; the client's format may need one
      if ("response" in ev && ev.response.created_at === undefined) ev.response.created_at = this.#createdAt;
      this.#onEvent?.(ev);
      out += this.#encoder.push(ev);
    }
    return out;
  }
}

/** Decodes a whole recorded or buffered stream into IR events (tests, the library). */
export function decodeStream(
  source: FormatId,
  chunks: Iterable<Uint8Array | string>,
  opts: { framing?: Framing; ctx?: StreamDecodeContext } = {},
): IRStreamEvent[] {
  const reader = new NativeEventReader(opts.framing ?? "sse");
  const decoder = FORMATS[source].streamDecoder(opts.ctx);
  const out: IRStreamEvent[] = [];
  for (const chunk of chunks) for (const native of reader.push(chunk)) out.push(...decoder.push(native));
  for (const native of reader.end()) out.push(...decoder.push(native));
  out.push(...decoder.end());
  return out;
}

/** Encodes IR events as one format's stream text. */
export function encodeStream(
  target: FormatId,
  events: Iterable<IRStreamEvent>,
  ctx?: StreamEncodeContext,
): string {
  const encoder = FORMATS[target].streamEncoder(ctx);
  let out = "";
  for (const ev of events) out += encoder.push(ev);
  return out + encoder.end();
}
