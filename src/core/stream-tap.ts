import { FORMATS } from "../formats/registry.ts";
import type { StreamDecodeContext, StreamDecoder } from "../formats/wire-format.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import type { Usage } from "../ir/usage.ts";
import { isContentEvent } from "./attempt-refused.ts";
import { type Framing, NativeEventReader } from "./stream-translator.ts";

/**
 * The high-volume events of the named-event formats whose content the tap does not need:
 * it wants usage, the ending and errors, which other events carry. Skipping their decoding
 * (a JSON parse and an IR event each) makes the tap's cost per answer nearly flat in its
 * length. Checked against the full decode on every recorded stream (stream-tap.test.ts).
 */
const SKIPPABLE: Partial<Record<FormatId, ReadonlySet<string>>> = {
  "anthropic-messages": new Set(["content_block_delta", "ping"]),
  "openai-responses": new Set([
    "response.output_text.delta",
    "response.function_call_arguments.delta",
    "response.reasoning_summary_text.delta",
    "response.reasoning_text.delta",
    "response.refusal.delta",
  ]),
};

const SEQUENCE = /"sequence_number"\s*:\s*(\d+)/;

/**
 * Watches a passthrough stream in the same pass as it is piped: a copy of each chunk goes
 * through the format's own stream decoder, which yields the usage (for the ledger), whether
 * the answer ended properly (a truncated one must not end cleanly), and the last sequence
 * number (to continue it in an appended error event). Holds only the decoders' small state.
 */
export class StreamTap {
  readonly #reader: NativeEventReader;
  readonly #decoder: StreamDecoder;
  #usage: Usage | undefined;
  #terminal = false;
  #failed = false;
  #lastSequence = -1;
  #events = 0;
  #broken = false;
  #complete = false;
  #content = false;
  #error: { message: string; code?: string | undefined } | undefined;

  /** Named events whose decoding the tap can skip (see `SKIPPABLE`); none when `full`. */
  readonly #skip: ReadonlySet<string> | undefined;

  constructor(format: FormatId, framing: Framing, ctx?: StreamDecodeContext, opts: { full?: boolean } = {}) {
    this.#reader = new NativeEventReader(framing);
    this.#decoder = FORMATS[format].streamDecoder(ctx);
    this.#skip = opts.full === true ? undefined : SKIPPABLE[format];
    this.#nativeSequence = format === "openai-responses";
  }

  /** Responses: the client sees the upstream's own sequence numbers, so those are tracked. */
  readonly #nativeSequence: boolean;

  /** Never throws: a tap that cannot read the stream stops tapping, the bytes still flow. */
  push(chunk: Uint8Array | string): void {
    if (this.#broken) return;
    try {
      for (const native of this.#reader.push(chunk)) {
        this.#events++;
        if (this.#nativeSequence) this.#sequenceOf(native.data);
        if (native.event !== undefined && this.#skip?.has(native.event) === true) {
          if (native.event !== "ping") this.#content = true;
        } else this.#see(this.#decoder.push(native));
      }
    } catch {
      this.#broken = true;
    }
  }

  /** The event's own `sequence_number` (the first one in its JSON: events carry one at their top level). */
  #sequenceOf(data: string): void {
    const m = SEQUENCE.exec(data);
    if (m === null) return;
    const n = Number(m[1]);
    if (n > this.#lastSequence) this.#lastSequence = n;
  }

  /** Ends the source (flushes the decoders, for the usage of a last unterminated event). */
  end(): void {
    if (this.#broken) return;
    try {
      for (const native of this.#reader.end()) {
        this.#events++;
        this.#see(this.#decoder.push(native));
      }
      const before = this.#terminal || this.#failed;
      // Gemini's stream has no terminal event: its decoder completes the answer at the end.
      // Any decoder reports a missing ending there as error + failed: a truncation.
      const last = this.#decoder.end();
      this.#see(last);
      this.#complete = before || !last.some((e) => e.type === "error");
    } catch {
      this.#broken = true;
    }
  }

  /**
   * After `end()`: whether the client already has a proper ending — the terminal event, or
   * the upstream's own in-stream error. `undefined` when the tap could not read the stream.
   */
  get complete(): boolean | undefined {
    return this.#broken ? undefined : this.#complete;
  }

  get usage(): Usage | undefined {
    return this.#usage;
  }

  /** The answer carried its own error (an upstream in-stream error event). */
  get failed(): boolean {
    return this.#failed;
  }

  get lastSequence(): number {
    return this.#lastSequence;
  }

  /** How many native events (SSE events, JSON-array elements) went by. */
  get events(): number {
    return this.#events;
  }

  /** Whether an event with content (not only the answer's opening) went by. */
  get sawContent(): boolean {
    return this.#content;
  }

  /** The upstream's in-stream error, when it sent one. */
  get error(): { message: string; code?: string | undefined } | undefined {
    return this.#error;
  }

  #see(events: IRStreamEvent[]): void {
    for (const ev of events) {
      if (!this.#content && ev.type !== "response.failed" && isContentEvent(ev.type)) this.#content = true;
      if (
        !this.#nativeSequence &&
        typeof ev.sequence_number === "number" &&
        ev.sequence_number > this.#lastSequence
      )
        this.#lastSequence = ev.sequence_number;
      switch (ev.type) {
        case "response.completed":
        case "response.incomplete":
          this.#terminal = true;
          if (ev.response.usage !== undefined) this.#usage = ev.response.usage;
          break;
        case "response.failed":
          this.#terminal = true;
          this.#failed = true;
          if (ev.response.usage !== undefined) this.#usage = ev.response.usage;
          break;
        case "error":
          this.#failed = true;
          this.#error ??= { message: ev.message, code: ev.code ?? undefined };
          break;
        default:
          break;
      }
    }
  }
}
