import type { SwitchyardError } from "../../ir/error.ts";
import type { GeminiInterop } from "../../ir/interop.ts";
import { isOpaque } from "../../ir/opaque.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { encodeSSE } from "../../transport/sse-encoder.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { StreamEncodeContext, StreamEncoder } from "../wire-format.ts";
import { type CitedText, groundingFromCitations } from "./citations.ts";
import { encodeError } from "./error.ts";
import { encodeModelItem, type ModelSideItem } from "./model-turn.ts";
import { encodeResponse } from "./response.ts";
import { errorFromCode } from "./stream-error.ts";
import type { Part } from "./types.ts";

/**
 * IR stream events as `streamGenerateContent` chunks: each text or thought delta is one chunk
 * (`{text}` / `{text, thought: true}`), a function call is one whole `functionCall` part sent
 * when the IR item is done (its arguments are complete then), other items go whole at their
 * done event through the non-streaming item encoder. What a finished item adds after its text
 * (a thought signature, sealed foreign reasoning state) waits for the next chunk, as Gemini
 * sends a signature on the part after the text — often the last chunk's empty part. The last
 * chunk, written by the non-streaming response encoder, carries `finishReason`, usage and
 * grounding. `alt=sse` frames are `data: <json>` + CRLF CRLF; the JSON-array form is
 * `[` + chunks joined by `,\r\n` + `]`. An IR error (or a stream that ends without its
 * terminal event) becomes Gemini's `{error: {code, message, status}}` chunk, which the Google
 * SDKs raise as an `ApiError`.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export class GeminiStreamEncoder implements StreamEncoder {
  readonly #jsonArray: boolean;
  #opened = false;
  #done = false;
  #created: IRResponse | undefined;
  /** The chunk's text after the candidates (usage, model, id), fixed at `response.created`. */
  #suffix = "}";
  #pending: Part[] = [];
  /** How much text (UTF-16 units) each item has sent as deltas. */
  #streamed = new Map<number, number>();
  #messages = 0;
  #cited: CitedText[] = [];
  #queries: string[] = [];
  #grounding: unknown;
  #ratings: unknown[] | undefined;

  constructor(ctx: StreamEncodeContext = {}) {
    this.#jsonArray = ctx.framing === "json-array";
  }

  push(ev: IRStreamEvent): string {
    if (this.#done) return "";
    switch (ev.type) {
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        if (ev.type === "response.created" || this.#created === undefined) this.#start(ev.response);
        return "";
      case "response.output_text.delta":
      case "response.refusal.delta":
        return this.#delta(ev.output_index, { text: ev.delta });
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        return this.#delta(ev.output_index, { text: ev.delta, thought: true });
      case "response.output_item.done":
        return this.#itemDone(ev.output_index, ev.item as IROutputItem);
      case "response.completed":
      case "response.incomplete":
        return this.#finish(ev.response);
      case "response.failed":
        return this.#error(
          errorFromCode(ev.response.error?.code, ev.response.error?.message ?? "the response failed"),
        );
      case "error":
        return this.#error(errorFromCode(ev.code, ev.message));
      default:
        return "";
    }
  }

  end(): string {
    let out = "";
    if (!this.#done) {
      out += this.#error(errorFromCode("server", "the upstream stream ended before the answer was complete"));
    }
    if (this.#jsonArray) out += this.#opened ? "]" : "[]";
    return out;
  }

  #start(res: IRResponse): void {
    this.#created = res;
    const body: JsonObject = encodeResponse({ ...res, output: [], usage: res.usage ?? undefined }).value;
    delete body.candidates;
    const rest = JSON.stringify(body);
    this.#suffix = rest === "{}" ? "}" : `,${rest.slice(1)}`;
  }

  #delta(index: number, part: Part): string {
    const text = part.text ?? "";
    if (text === "") return "";
    this.#streamed.set(index, (this.#streamed.get(index) ?? 0) + text.length);
    return this.#chunk([part]);
  }

  #itemDone(index: number, item: IROutputItem): string {
    const sent = this.#streamed.get(index);
    const streamed = this.#streamed.delete(index);
    const path = `output[${index}]`;
    switch (item.type) {
      case "web_search_call": {
        const action = item.action;
        if (action.type === "search")
          this.#queries.push(...(action.queries ?? (action.query ? [action.query] : [])));
        return "";
      }
      case "message": {
        if (isOpaque(item)) return this.#chunk(encodeItem(item, path));
        const io = item.interop?.gemini;
        this.#grounding ??= io?.groundingMetadata;
        this.#ratings ??= io?.safetyRatings;
        const partIndex = this.#messages++;
        item.content.forEach((c, j) => {
          if (c.type === "output_text" && c.annotations.length > 0) {
            this.#cited.push({
              partIndex,
              text: c.text,
              annotations: c.annotations,
              path: `${path}.content[${j}]`,
            });
          }
        });
        if (!streamed) return this.#chunk(encodeItem(item, path));
        const texts = item.content.map((c) => (c.type === "output_text" ? c.text : c.refusal));
        const tail = unsent(texts, sent ?? 0);
        if (io?.thoughtSignature === undefined)
          return tail === undefined ? "" : this.#chunk([{ text: tail }]);
        const last: Part = { text: tail ?? "", thoughtSignature: io.thoughtSignature };
        if (tail !== undefined) return this.#chunk([last]);
        this.#pending.push(last);
        return "";
      }
      case "reasoning": {
        if (!streamed) return this.#chunk(encodeItem(item, path));
        // the text went out as deltas: what is left is the signature (or sealed foreign state)
        const parts = encodeItem({ ...item, summary: [], content: [] }, path);
        const source = item.summary.length > 0 ? item.summary : (item.content ?? []);
        const tail = unsent(
          source.map((s) => s.text),
          sent ?? 0,
        );
        if (tail !== undefined) return this.#chunk([{ text: tail, thought: true }, ...parts]);
        this.#pending.push(...parts);
        return "";
      }
      case "function_call":
        return this.#chunk(encodeItem(wholeCall(item), path));
      default:
        // other Responses items (file search, computer use, …) have no Gemini part
        return "";
    }
  }

  /** One chunk holding `parts` (after any parts waiting from a finished item). */
  #chunk(parts: Part[]): string {
    if (parts.length === 0) return "";
    let all = parts;
    if (this.#pending.length > 0) {
      all = this.#pending.concat(parts);
      this.#pending = [];
    }
    return this.#frame(
      `{"candidates":[{"content":{"parts":${JSON.stringify(all)},"role":"model"},"index":0}]${this.#suffix}`,
    );
  }

  /** The last chunk: the non-streaming encoder's body around the parts still waiting. */
  #finish(res: IRResponse): string {
    this.#done = true;
    const created = this.#created;
    const io = res.interop?.gemini;
    const gemini: GeminiInterop = { ...io };
    const grounding =
      this.#grounding ??
      io?.groundingMetadata ??
      (this.#cited.length > 0 || this.#queries.length > 0
        ? groundingFromCitations(this.#cited, this.#queries, [])
        : undefined);
    if (grounding !== undefined) gemini.groundingMetadata = grounding;
    if (this.#ratings !== undefined && gemini.safetyRatings === undefined)
      gemini.safetyRatings = this.#ratings;
    const final: IRResponse = {
      ...res,
      id: res.id || created?.id || "",
      model: res.model || created?.model || "",
      output: [],
      usage: res.usage ?? created?.usage ?? undefined,
      interop: { ...res.interop, gemini },
    };
    const body = encodeResponse(final).value;
    const cand = body.candidates?.[0];
    if (cand !== undefined) {
      cand.content = { parts: this.#pending.length > 0 ? this.#pending : [{ text: "" }], role: "model" };
      cand.index ??= 0;
    }
    this.#pending = [];
    return this.#frame(JSON.stringify(body));
  }

  #error(err: SwitchyardError): string {
    this.#done = true;
    this.#pending = [];
    return this.#frame(JSON.stringify(encodeError(err).body));
  }

  #frame(json: string): string {
    if (!this.#jsonArray) return encodeSSE({ data: json }, "\r\n");
    if (this.#opened) return `,\r\n${json}`;
    this.#opened = true;
    return `[${json}`;
  }
}

/**
 * A call as one part with `args`: Vertex's streamed `partialArgs` (kept from a Gemini answer)
 * are how arguments travel in pieces, and this encoder sends every call whole.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/function-calling#streaming-arguments
 */
function wholeCall(item: IROutputItem): IROutputItem {
  const gemini = item.interop?.gemini;
  const fc = gemini?.raw?.functionCall;
  if (!isObject(fc) || (fc.partialArgs === undefined && fc.willContinue === undefined)) return item;
  const { partialArgs: _p, willContinue: _w, ...rest } = fc;
  return {
    ...item,
    interop: { ...item.interop, gemini: { ...gemini, raw: { ...gemini?.raw, functionCall: rest } } },
  };
}

/**
 * The end of an item's text its deltas did not carry (a producer may stream less than its
 * done event says), or undefined when they carried it all.
 */
function unsent(texts: string[], sent: number): string | undefined {
  let total = 0;
  for (const t of texts) total += t.length;
  return total > sent ? texts.join("").slice(sent) : undefined;
}

/** One finished item as Gemini parts, exactly as the non-streaming encoder writes it. */
function encodeItem(item: object, path: string): Part[] {
  // what cannot cross (another provider's opaque items) is left out: a stream has no `dropped`
  return encodeModelItem(item as ModelSideItem, path, [], "response");
}
