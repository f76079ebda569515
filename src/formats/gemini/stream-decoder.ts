import { SwitchyardError } from "../../ir/error.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { NativeStreamEvent, StreamDecodeContext, StreamDecoder } from "../wire-format.ts";
import { decodeError } from "./error.ts";
import { decodeBlockReason, decodeFinishReason } from "./finish-reason.ts";
import { asArray, asObject, asString, knownFields } from "./proto-json.ts";
import { decodeResponse } from "./response.ts";
import { responseErrorCode } from "./stream-error.ts";
import { EventSink, StreamItems } from "./stream-items.ts";
import { decodeUsage } from "./usage.ts";

/** Chunk fields read on every chunk; the others keep their latest value for the final answer. */
const CHUNK_FIELDS = knownFields("candidates", "usageMetadata", "modelVersion", "responseId");
/** `index` is the candidate's slot in the stream, not part of the answer (the encoder writes 0). */
const CANDIDATE_FIELDS = knownFields("content", "finishReason", "groundingMetadata", "index");

/**
 * `streamGenerateContent` chunks — one `GenerateContentResponse` each, from an `alt=sse` event
 * or a JSON-array element — into IR stream events. The first chunk opens the response; the
 * parts of candidate 0 become items (stream-items.ts); usage comes on every chunk as running
 * totals, so the last one counts; fields with no IR slot keep their latest value. Gemini has no
 * end event: the answer is whole when the byte stream ends after a `finishReason` (or a blocked
 * prompt), and the terminal event — built by the non-streaming decoder from those latest
 * fields — comes from `end()`. An `{error}` chunk, a chunk that is not JSON, or an end without
 * `finishReason` gives `error` + `response.failed`.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export class GeminiStreamDecoder implements StreamDecoder {
  readonly #ctxModel: string | undefined;
  readonly #sink = new EventSink();
  readonly #items = new StreamItems(this.#sink);
  #started = false;
  #ended = false;
  #model = "";
  #modelVersion: string | undefined;
  #usage: unknown;
  #top: JsonObject = {};
  #cand: JsonObject | undefined;
  #finish: string | undefined;

  constructor(ctx: StreamDecodeContext = {}) {
    this.#ctxModel = ctx.model;
  }

  push(ev: NativeStreamEvent): IRStreamEvent[] {
    if (this.#ended || ev.data.trim() === "") return [];
    const out: IRStreamEvent[] = [];
    this.#sink.out = out;
    let chunk: unknown;
    try {
      chunk = JSON.parse(ev.data);
    } catch {
      chunk = undefined;
    }
    if (!isObject(chunk)) {
      this.#start(undefined);
      this.#fail(
        new SwitchyardError({
          kind: "server",
          status: 502,
          message: `Gemini stream chunk is not a JSON object: ${ev.data.slice(0, 200)}`,
          source: "gemini",
          raw: ev.data,
        }),
      );
    } else if (isObject(chunk.error)) {
      this.#start(undefined);
      this.#fail(decodeError(0, chunk));
    } else {
      this.#start(chunk);
      this.#chunk(chunk);
    }
    return out;
  }

  end(): IRStreamEvent[] {
    if (this.#ended) return [];
    const out: IRStreamEvent[] = [];
    this.#sink.out = out;
    this.#start(undefined);
    const block = asString(asObject(this.#top.promptFeedback)?.blockReason);
    if (this.#finish === undefined && block === undefined) {
      this.#fail(
        new SwitchyardError({
          kind: "server",
          status: 502,
          message: "the Gemini stream ended before the answer finished (no finishReason)",
          source: "gemini",
        }),
      );
      return out;
    }
    this.#items.close();
    const res = this.#final(block);
    // a web search whose grounding no message took
    for (const item of res.output) this.#items.whole(item);
    this.#sink.emit({
      type: res.status === "incomplete" ? "response.incomplete" : "response.completed",
      response: { ...res, output: [] },
      sequence_number: 0,
    });
    this.#ended = true;
    return out;
  }

  /** `response.created` + `.in_progress`, once: from the first chunk, or bare on an early failure. */
  #start(chunk: JsonObject | undefined): void {
    if (this.#started) return;
    this.#started = true;
    this.#items.responseId = asString(chunk?.responseId) ?? "";
    const res: IRResponse =
      chunk === undefined
        ? { id: this.#items.responseId, model: "", status: "in_progress", output: [] }
        : decodeResponse({
            ...chunk,
            candidates: undefined,
            promptFeedback: undefined,
            // Vertex's first chunks count nothing yet (`{trafficType}`): unknown, not zero
            usageMetadata:
              asObject(chunk.usageMetadata)?.promptTokenCount === undefined ? undefined : chunk.usageMetadata,
          }).value;
    this.#model = res.model || this.#ctxModel || "";
    const created: IRResponse = { ...res, model: this.#model, status: "in_progress", output: [] };
    this.#sink.emit({ type: "response.created", response: created, sequence_number: 0 });
    this.#sink.emit({ type: "response.in_progress", response: { ...created }, sequence_number: 0 });
  }

  #chunk(chunk: JsonObject): void {
    const mv = asString(chunk.modelVersion);
    if (mv !== undefined) this.#modelVersion = mv;
    if (chunk.usageMetadata !== undefined) this.#usage = chunk.usageMetadata;
    for (const k in chunk) if (!CHUNK_FIELDS.has(k) && chunk[k] !== undefined) this.#top[k] = chunk[k];
    const cand = candidateOf(chunk.candidates);
    if (cand === undefined) return;
    this.#cand ??= {};
    for (const k in cand) if (!CANDIDATE_FIELDS.has(k) && cand[k] !== undefined) this.#cand[k] = cand[k];
    // grounding is sent whole (often `{}` until the last chunk): the latest non-empty one counts
    const gm = asObject(cand.groundingMetadata);
    if (gm !== undefined && hasKeys(gm)) this.#items.grounding = gm;
    const parts = asArray(asObject(cand.content)?.parts);
    if (parts !== undefined) for (const p of parts) if (isObject(p)) this.#items.part(p);
    const finish = asString(cand.finishReason);
    if (finish !== undefined) {
      this.#finish = finish;
      this.#items.close();
    }
  }

  /** The answer's metadata: what the non-streaming decoder reads from the chunks' latest fields. */
  #final(block: string | undefined): IRResponse {
    const body: JsonObject = { ...this.#top };
    if (this.#items.responseId !== "") body.responseId = this.#items.responseId;
    const model = this.#modelVersion ?? this.#ctxModel;
    if (model !== undefined) body.modelVersion = model;
    if (this.#usage !== undefined) body.usageMetadata = this.#usage;
    if (this.#cand !== undefined) {
      const cand: JsonObject = { ...this.#cand, content: { role: "model", parts: [] } };
      if (this.#finish !== undefined) cand.finishReason = this.#finish;
      if (this.#items.grounding !== undefined) cand.groundingMetadata = this.#items.grounding;
      body.candidates = [cand];
    }
    const res = decodeResponse(body).value;
    if (this.#finish !== undefined) res.stop_reason = decodeFinishReason(this.#finish, this.#items.hasCalls);
    else if (block !== undefined && res.stop_reason === undefined) {
      res.stop_reason = decodeBlockReason(block);
      res.status = "incomplete";
    }
    return res;
  }

  /**
   * `error` then `response.failed`, and the stream is over. The event's code is Gemini's own
   * (`RESOURCE_EXHAUSTED`, …), as other decoders keep theirs, or the kind when there is none.
   */
  #fail(err: SwitchyardError): void {
    this.#sink.emit({
      type: "error",
      code: err.code ?? err.kind,
      message: err.message,
      param: err.param ?? null,
      sequence_number: 0,
    });
    const res: IRResponse = {
      id: this.#items.responseId,
      model: this.#model,
      status: "failed",
      output: [],
      stop_reason: { kind: "error" },
      error: { code: responseErrorCode(err.kind), message: err.message },
    };
    const usage = asObject(this.#usage);
    if (usage !== undefined) res.usage = decodeUsage(usage).usage;
    this.#sink.emit({ type: "response.failed", response: res, sequence_number: 0 });
    this.#ended = true;
  }
}

/** Candidate 0 (`index` 0 or none): with `candidateCount` > 1 the others are not decoded. */
function candidateOf(v: unknown): JsonObject | undefined {
  const list = asArray(v);
  if (list === undefined) return undefined;
  for (const c of list) if (isObject(c) && (c.index === undefined || c.index === 0)) return c;
  return undefined;
}

function hasKeys(o: JsonObject): boolean {
  for (const _ in o) return true;
  return false;
}
