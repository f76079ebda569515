import type { SSEEvent } from "./sse-decoder.ts";

/**
 * Writes one SSE event. Multi-line data becomes several `data:` lines so that any payload
 * (including one with CR or LF inside) survives framing. `eol` is LF by default; Gemini's
 * `alt=sse` streams use CRLF.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function encodeSSE(ev: SSEEvent, eol: "\n" | "\r\n" = "\n"): string {
  let out = "";
  if (ev.event !== undefined) out += `event: ${ev.event}${eol}`;
  if (ev.id !== undefined) out += `id: ${ev.id}${eol}`;
  if (ev.retry !== undefined) out += `retry: ${ev.retry}${eol}`;
  const data = ev.data;
  if (data.indexOf("\n") === -1 && data.indexOf("\r") === -1) {
    out += `data: ${data}${eol}`;
  } else {
    for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}${eol}`;
  }
  return out + eol;
}

/** A comment line (keep-alive): ignored by every SSE client. */
export function encodeSSEComment(text: string, eol: "\n" | "\r\n" = "\n"): string {
  return `: ${text}${eol}${eol}`;
}
