/**
 * Chat Completions passthrough asks the upstream for usage (`stream_options.include_usage`)
 * so the ledger can count tokens; a client that did not ask must not get the extra chunk
 * (`choices: []` + `usage`): naive readers index `choices[0]`. This splits the SSE text into
 * events and forwards each one verbatim except that one. Events are split at blank lines
 * (LF, CRLF or CR), so what passes through is byte-identical.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
export class ChatUsageFilter {
  readonly #text = new TextDecoder("utf-8");
  #buf = "";

  push(chunk: Uint8Array | string): string {
    this.#buf += typeof chunk === "string" ? chunk : this.#text.decode(chunk, { stream: true });
    let out = "";
    let start = 0;
    const re = /\r\n\r\n|\n\n|\r\r/g;
    for (let m = re.exec(this.#buf); m !== null; m = re.exec(this.#buf)) {
      const end = m.index + m[0].length;
      const event = this.#buf.slice(start, end);
      if (!isUsageOnlyChunk(event)) out += event;
      start = end;
    }
    this.#buf = this.#buf.slice(start);
    return out;
  }

  /** What is left (an unterminated last event) when the stream ends. */
  end(): string {
    const rest = this.#buf + this.#text.decode();
    this.#buf = "";
    return isUsageOnlyChunk(rest) ? "" : rest;
  }
}

const EMPTY_CHOICES = /"choices"\s*:\s*\[\s*\]/;

/** The usage chunk: a data event with an empty `choices` array and a `usage` object. */
export function isUsageOnlyChunk(event: string): boolean {
  if (!EMPTY_CHOICES.test(event)) return false;
  const data: string[] = [];
  for (const line of event.split(/\r\n|\r|\n/)) {
    if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
  }
  try {
    const v = JSON.parse(data.join("\n")) as { choices?: unknown; usage?: unknown };
    return (
      Array.isArray(v.choices) && v.choices.length === 0 && typeof v.usage === "object" && v.usage !== null
    );
  } catch {
    return false;
  }
}
