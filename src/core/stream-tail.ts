import { wireErrorEvent } from "../formats/openai-responses/stream-error.ts";
import { FORMATS } from "../formats/registry.ts";
import type { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { encodeSSE } from "../transport/sse-encoder.ts";
import type { Framing } from "./stream-translator.ts";

/**
 * The in-stream error a passthrough stream ends with when its upstream failed or stopped short
 * (DESIGN.md §4: never a clean end on a truncated answer). The bytes before it were the
 * upstream's own, so no encoder state exists: each format's error event is written on its
 * own — Anthropic `event: error`, the Chat and Gemini error objects, the Responses `error`
 * event continuing the sequence numbers. A blank line first closes any half-sent SSE event
 * (an extra blank line is a no-op for SSE readers).
 */
export function inStreamErrorTail(
  format: FormatId,
  framing: Framing,
  err: SwitchyardError,
  opts: {
    lastSequence: number;
    /** JSON-array framing: nothing sent yet, the `[` sent, or elements sent. */
    array?: "none" | "opened" | "elements";
  },
): string {
  if (format === "openai-responses") {
    const ev = wireErrorEvent(err, opts.lastSequence + 1);
    return `\n\n${encodeSSE({ event: "error", data: JSON.stringify(ev) })}`;
  }
  const encoder = FORMATS[format].streamEncoder(format === "gemini" ? { framing } : {});
  const irError: IRStreamEvent = {
    type: "error",
    code: err.code ?? err.kind,
    message: err.message,
    param: null,
    sequence_number: opts.lastSequence + 1,
  };
  const text = encoder.push(irError);
  if (format === "gemini" && framing === "json-array") {
    // the upstream's `[` and elements went through already: continue the array, then close it
    const element = text.startsWith("[") ? text.slice(1) : text;
    const lead = opts.array === "elements" ? "," : opts.array === "opened" ? "" : "[";
    return `${lead}${element}${encoder.end()}`;
  }
  return `\n\n${text}`;
}
