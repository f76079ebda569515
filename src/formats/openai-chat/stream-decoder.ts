import { SwitchyardError } from "../../ir/error.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import type { Usage } from "../../ir/usage.ts";
import { encodeFailure } from "../openai-responses/error.ts";
import { isObject, type JsonObject, unknownKeys } from "../validate.ts";
import type { NativeStreamEvent, StreamDecodeContext, StreamDecoder } from "../wire-format.ts";
import { decodeAnnotations, decodeLogprobs } from "./annotations.ts";
import { decodeError } from "./error.ts";
import { decodeFinishReason } from "./finish-reason.ts";
import { type Residue, residueOf } from "./residue.ts";
import { OtherChoices } from "./stream-choices.ts";
import { type Emit, StreamItems } from "./stream-items.ts";
import { FORMAT } from "./types.ts";
import { decodeUsage } from "./usage.ts";

/** Chunk keys with an IR slot (or none worth keeping: `obfuscation` is random padding). */
const CHUNK_KEYS: ReadonlySet<string> = new Set([
  "id",
  "object",
  "created",
  "model",
  "choices",
  "usage",
  "service_tier",
  "obfuscation",
]);
const CHOICE_KEYS: ReadonlySet<string> = new Set(["index", "delta", "logprobs", "finish_reason"]);

/**
 * Chat Completions chunks → IR stream events. A chunk stream has no block boundaries of its
 * own, so items open at their first delta: reasoning (`delta.reasoning_content` /
 * `delta.reasoning`, as DeepSeek, OpenRouter and vLLM send it), then the assistant message
 * (`content`, `refusal`), then tool calls keyed by their `index` — parallel calls may
 * interleave, so each stays open with its own `output_index` until `finish_reason`. The
 * terminal event waits for `data: [DONE]` (the usage chunk and provider extras such as
 * `moderation` come after `finish_reason`); a stream that ends after `finish_reason` without
 * `[DONE]` still completes, one cut before it is truncated.
 *
 * Items, ids, stop reason, usage and `interop.chat.raw` are those the non-streaming decoder
 * gives for the same answer (`response.ts`), so both paths meet in the same IR — except
 * reasoning, which `response.ts` leaves in raw (`message.reasoning_content`) and the stream
 * surfaces as a reasoning item.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 * @see https://api-docs.deepseek.com/guides/reasoning_model
 * @see https://openrouter.ai/docs/use-cases/reasoning-tokens
 */
export class ChatStreamDecoder implements StreamDecoder {
  #seq = 0;
  #res: IRResponse = { id: "", model: "", status: "in_progress", output: [] };
  /** Native fields with no IR slot (`system_fingerprint`, `prompt_filter_results`, …). */
  #raw: Residue = {};
  /** Unknown keys of choice 0 (Azure `content_filter_results`), last value kept. */
  #choiceRaw: Residue | undefined;
  #items: StreamItems;
  #others: OtherChoices | undefined;
  #usage: Usage | undefined;
  #finish: string | undefined;
  #started = false;
  #done = false;
  readonly #emit: Emit;

  constructor(ctx?: StreamDecodeContext) {
    if (ctx?.model !== undefined) this.#res.model = ctx.model;
    this.#emit = (out, ev) => {
      (ev as unknown as { sequence_number: number }).sequence_number = this.#seq++;
      out.push(ev as unknown as IRStreamEvent);
    };
    this.#items = new StreamItems(this.#emit);
  }

  push(ev: NativeStreamEvent): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    if (this.#done) return out;
    const data = ev.data;
    if (data === "[DONE]") {
      this.#complete(out);
      return out;
    }
    // Keep-alive `data:` lines with nothing in them carry nothing.
    if (data.trim() === "") return out;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch (e) {
      this.#fail(out, malformed(`chunk is not JSON (${(e as Error).message})`));
      return out;
    }
    if (!isObject(chunk)) {
      this.#fail(out, malformed("chunk is not a JSON object"));
      return out;
    }
    if (chunk.error != null || ev.event === "error") {
      this.#fail(out, decodeError(200, chunk), chunk.error);
      return out;
    }
    this.#chunk(chunk, out);
    return out;
  }

  end(): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    if (this.#done) return out;
    if (this.#finish !== undefined) this.#complete(out);
    else
      this.#fail(
        out,
        new SwitchyardError({
          kind: "server",
          status: 502,
          code: "stream_truncated",
          message: `${FORMAT} stream ended before its finish_reason: the answer is truncated`,
          source: FORMAT,
        }),
      );
    return out;
  }

  #chunk(c: JsonObject, out: IRStreamEvent[]): void {
    const res = this.#res;
    if (typeof c.id === "string" && c.id !== "" && res.id === "") res.id = c.id;
    if (typeof c.model === "string" && c.model !== "" && !this.#started) res.model = c.model;
    if (typeof c.created === "number" && c.created > 0 && res.created_at === undefined)
      res.created_at = c.created;
    if (typeof c.service_tier === "string" || c.service_tier === null) res.service_tier = c.service_tier;
    const extra = unknownKeys(c, CHUNK_KEYS);
    if (extra !== undefined) Object.assign(this.#raw, extra);
    if (isObject(c.usage)) {
      const { usage, residue } = decodeUsage(c.usage);
      this.#usage = usage;
      if (residue !== undefined) this.#raw.usage = residue;
    }
    const choices = Array.isArray(c.choices) ? c.choices : undefined;
    // Azure sends its prompt filter results first, in a chunk with an empty id and no choices.
    if (!this.#started && (res.id !== "" || (choices !== undefined && choices.length > 0))) this.#start(out);
    if (choices === undefined) return;
    for (const choice of choices) {
      if (!isObject(choice)) continue;
      const index = typeof choice.index === "number" ? choice.index : 0;
      if (index === 0) this.#choice(choice, out);
      else {
        if (this.#others === undefined) this.#others = new OtherChoices();
        this.#others.push(index, choice);
      }
    }
  }

  #choice(ch: JsonObject, out: IRStreamEvent[]): void {
    const extra = unknownKeys(ch, CHOICE_KEYS);
    if (extra !== undefined) this.#choiceRaw = { ...this.#choiceRaw, ...extra };
    const d = ch.delta;
    if (isObject(d)) this.#delta(d, isObject(ch.logprobs) ? ch.logprobs : undefined, out);
    if (typeof ch.finish_reason === "string") {
      this.#finish = ch.finish_reason;
      this.#items.closeAll(out, ch.finish_reason === "length" ? "incomplete" : "completed");
    }
  }

  /** One delta, in the order a model produces it: reasoning, text, refusal, tool calls. */
  #delta(d: JsonObject, logprobs: JsonObject | undefined, out: IRStreamEvent[]): void {
    const items = this.#items;
    const id = this.#res.id;
    const reasoning = typeof d.reasoning_content === "string" ? d.reasoning_content : d.reasoning;
    if (typeof reasoning === "string" && reasoning !== "") items.reasoning(out, id, reasoning);
    if (typeof d.content === "string" && d.content !== "") {
      const lp = Array.isArray(logprobs?.content) ? decodeLogprobs(logprobs.content) : undefined;
      items.text(out, id, d.content, lp);
    }
    if (typeof d.refusal === "string" && d.refusal !== "") items.refusal(out, id, d.refusal);
    if (Array.isArray(d.annotations)) {
      const list = decodeAnnotations(d.annotations);
      if (list !== undefined) items.annotations(out, id, list);
      // Not URL citations: kept where the non-streaming decoder keeps them.
      else this.#choiceRaw = { ...this.#choiceRaw, message: { annotations: d.annotations } };
    }
    if (Array.isArray(d.tool_calls)) {
      for (const tc of d.tool_calls) if (isObject(tc)) items.toolCall(out, id, tc);
    }
    if (isObject(d.function_call)) items.legacyCall(out, id, d.function_call);
  }

  #snapshot(status: IRResponse["status"]): IRResponse {
    const r = this.#res;
    const res: IRResponse = { id: r.id, model: r.model, status, output: [] };
    if (r.created_at !== undefined) res.created_at = r.created_at;
    if (r.service_tier !== undefined) res.service_tier = r.service_tier;
    return res;
  }

  #start(out: IRStreamEvent[]): void {
    this.#started = true;
    for (const type of ["response.created", "response.in_progress"] as const) {
      const response = this.#snapshot("in_progress");
      if (Object.keys(this.#raw).length > 0) response.interop = { chat: { raw: { ...this.#raw } } };
      this.#emit(out, { type, response });
    }
  }

  #complete(out: IRStreamEvent[]): void {
    if (!this.#started) this.#start(out);
    const finish = this.#finish;
    this.#items.closeAll(out, finish === "length" ? "incomplete" : "completed");
    const incomplete = finish === "length" || finish === "content_filter";
    const res = this.#snapshot(incomplete ? "incomplete" : "completed");
    if (finish !== undefined) {
      res.stop_reason = decodeFinishReason(finish);
      // OpenAI ends a refusal with a plain `stop`; the refusal text says what happened.
      if (finish === "stop" && this.#items.refused) res.stop_reason.kind = "refusal";
    }
    if (this.#usage !== undefined) res.usage = this.#usage;
    const raw: Residue = { ...this.#raw };
    if (this.#others !== undefined || this.#choiceRaw !== undefined) {
      raw.choices = [this.#choiceRaw ?? {}, ...(this.#others?.choices() ?? [])];
    }
    if (Object.keys(raw).length > 0) res.interop = { chat: { raw } };
    this.#done = true;
    this.#emit(out, { type: incomplete ? "response.incomplete" : "response.completed", response: res });
  }

  /** An in-stream error object, a malformed chunk or a cut stream: `error`, then `response.failed`. */
  #fail(out: IRStreamEvent[], err: SwitchyardError, nativeError?: unknown): void {
    if (!this.#started) this.#start(out);
    this.#emit(out, {
      type: "error",
      code: err.code ?? null,
      message: err.message,
      param: err.param ?? null,
    });
    const res = this.#snapshot("failed");
    res.error = encodeFailure(err);
    if (this.#usage !== undefined) res.usage = this.#usage;
    const raw = residueOf({ ...this.#raw, error: nativeError });
    if (raw !== undefined) res.interop = { chat: { raw } };
    this.#done = true;
    this.#emit(out, { type: "response.failed", response: res });
  }
}

function malformed(detail: string): SwitchyardError {
  return new SwitchyardError({
    kind: "server",
    status: 502,
    code: "invalid_stream_chunk",
    message: `malformed ${FORMAT} stream: ${detail}`,
    source: FORMAT,
  });
}
