/**
 * Incremental Server-Sent Events decoder, per the WHATWG event-stream grammar: lines end in
 * CRLF, LF or CR; `data:` lines accumulate (joined by LF); `event:`, `id:`, `retry:` set the
 * event's fields; lines starting with `:` are comments; a blank line dispatches. Bytes may be
 * split anywhere, including inside a CRLF pair or a multi-byte UTF-8 character.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export interface SSEEvent {
  /** `event:` field; undefined when the event had none (the spec's "message"). */
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

export class SSEDecoder {
  #text = new TextDecoder("utf-8");
  #buf = "";
  /** The previous chunk ended in CR: a LF at the start of the next one belongs to it. */
  #pendingCR = false;
  #started = false;
  #event: string | undefined;
  #data: string[] = [];
  #id: string | undefined;
  #retry: number | undefined;
  #comments: string[] | undefined;

  /** When set, comment lines (`: ping`) are collected and returned by `takeComments()`. */
  constructor(options: { keepComments?: boolean } = {}) {
    if (options.keepComments === true) this.#comments = [];
  }

  /** Feeds bytes (or already-decoded text); returns the events completed by them. */
  push(chunk: Uint8Array | string): SSEEvent[] {
    const text = typeof chunk === "string" ? chunk : this.#text.decode(chunk, { stream: true });
    return this.#feed(text);
  }

  /** Ends the stream: flushes a trailing partial line; an undispatched event is discarded (per spec). */
  end(): SSEEvent[] {
    const rest = this.#text.decode();
    const out = this.#feed(rest);
    if (this.#buf.length > 0) {
      this.#line(this.#buf, out);
      this.#buf = "";
    }
    return out;
  }

  takeComments(): string[] {
    const c = this.#comments ?? [];
    if (this.#comments !== undefined) this.#comments = [];
    return c;
  }

  #feed(text: string): SSEEvent[] {
    const out: SSEEvent[] = [];
    if (text.length === 0) return out;
    let s = text;
    if (!this.#started) {
      this.#started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    if (this.#pendingCR) {
      this.#pendingCR = false;
      if (s.charCodeAt(0) === 10) s = s.slice(1);
    }
    let buf = this.#buf + s;
    let start = 0;
    for (;;) {
      const lf = buf.indexOf("\n", start);
      const cr = buf.indexOf("\r", start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        if (cr + 1 < buf.length) {
          next = buf.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        } else {
          next = cr + 1;
          this.#pendingCR = true;
        }
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      this.#line(buf.slice(start, end), out);
      start = next;
    }
    buf = start === 0 ? buf : buf.slice(start);
    this.#buf = buf;
    return out;
  }

  #line(line: string, out: SSEEvent[]): void {
    if (line.length === 0) {
      this.#dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) {
      this.#comments?.push(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(":");
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = "";
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case "data":
        this.#data.push(value);
        break;
      case "event":
        this.#event = value;
        break;
      case "id":
        if (!value.includes("\0")) this.#id = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
      default:
        break;
    }
  }

  #dispatch(out: SSEEvent[]): void {
    if (this.#data.length === 0) {
      this.#event = undefined;
      this.#retry = undefined;
      return;
    }
    const ev: SSEEvent = { data: this.#data.join("\n") };
    if (this.#event !== undefined && this.#event !== "") ev.event = this.#event;
    if (this.#id !== undefined) ev.id = this.#id;
    if (this.#retry !== undefined) ev.retry = this.#retry;
    out.push(ev);
    this.#data = [];
    this.#event = undefined;
    this.#retry = undefined;
  }
}

/** Decodes a whole byte stream into events, chunk by chunk, without buffering it. */
export async function* decodeSSE(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<SSEEvent> {
  const d = new SSEDecoder();
  for await (const chunk of source) yield* d.push(chunk);
  yield* d.end();
}
