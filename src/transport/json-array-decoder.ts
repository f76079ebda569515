/**
 * Incremental splitter for a streamed top-level JSON array (`[{…},\n{…}]`), the form Gemini's
 * `streamGenerateContent` takes without `alt=sse`. Yields each element's text as soon as it
 * closes, scanning each byte once and keeping only the unfinished element in memory.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export class JSONArrayDecoder {
  #text = new TextDecoder("utf-8");
  #buf = "";
  /** Scan position inside `#buf`. */
  #pos = 0;
  /** Start of the current element in `#buf`, or -1 between elements. */
  #elStart = -1;
  #depth = 0;
  #inString = false;
  #escape = false;
  #opened = false;
  #closed = false;

  /** Feeds bytes or text; returns the element texts completed by them (parse with JSON.parse). */
  push(chunk: Uint8Array | string): string[] {
    this.#buf += typeof chunk === "string" ? chunk : this.#text.decode(chunk, { stream: true });
    return this.#scan();
  }

  /** Ends the stream; throws when the array was not closed or an element was cut short. */
  end(): string[] {
    this.#buf += this.#text.decode();
    const out = this.#scan();
    if (!this.#closed && (this.#opened || this.#buf.trim().length > 0)) {
      throw new SyntaxError("JSON array stream ended before its closing bracket");
    }
    return out;
  }

  #scan(): string[] {
    const out: string[] = [];
    const s = this.#buf;
    let i = this.#pos;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === 92 /* \ */) this.#escape = true;
        else if (c === 34 /* " */) this.#inString = false;
        continue;
      }
      if (c === 34) {
        this.#inString = true;
        if (this.#depth === 1 && this.#elStart === -1) this.#elStart = i;
        continue;
      }
      if (c === 91 /* [ */ || c === 123 /* { */) {
        if (!this.#opened) {
          if (c !== 91) throw new SyntaxError("JSON array stream must start with [");
          this.#opened = true;
          this.#depth = 1;
          continue;
        }
        if (this.#depth === 1 && this.#elStart === -1) this.#elStart = i;
        this.#depth++;
        continue;
      }
      if (c === 93 /* ] */ || c === 125 /* } */) {
        this.#depth--;
        if (this.#depth === 1 && this.#elStart !== -1) {
          out.push(s.slice(this.#elStart, i + 1));
          this.#elStart = -1;
        } else if (this.#depth === 0) {
          if (this.#elStart !== -1) out.push(s.slice(this.#elStart, i).trim());
          this.#elStart = -1;
          this.#closed = true;
        }
        continue;
      }
      if (this.#depth === 1 && c === 44 /* , */ && this.#elStart !== -1) {
        // a scalar element (never sent by Gemini, but valid JSON)
        out.push(s.slice(this.#elStart, i).trim());
        this.#elStart = -1;
        continue;
      }
      if (this.#depth === 1 && this.#elStart === -1 && c > 32 && c !== 44) this.#elStart = i;
    }
    // keep only the unfinished element
    if (this.#elStart === -1) {
      this.#buf = "";
      this.#pos = 0;
    } else {
      this.#buf = s.slice(this.#elStart);
      this.#pos = i - this.#elStart;
      this.#elStart = 0;
    }
    return out;
  }
}
