import type { ResponseOutputText } from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { encodeSSE } from "../../transport/sse-encoder.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { StreamEncodeContext, StreamEncoder } from "../wire-format.ts";
import { encodeAnnotations, encodeLogprobs } from "./annotations.ts";
import { decodeError, encodeError } from "./error.ts";
import { chatRaw, mergeResidue, type Residue } from "./residue.ts";
import { chooseFinishReason } from "./response-encode.ts";
import { choiceAsChunk } from "./stream-choices.ts";
import { chatServiceTier } from "./types.ts";
import { encodeUsage } from "./usage.ts";

/** Part state, keyed by `output_index * PART_KEY + content_index`. */
const PART_KEY = 1 << 16;
/** The role chunk's delta as OpenAI sends it before text, before a refusal, and with a first tool call. */
const ROLE_TEXT = '{"role":"assistant","content":"","refusal":null}';
const ROLE_REFUSAL = '{"role":"assistant","content":null,"refusal":""}';
const ROLE = { role: "assistant", content: null } as const;
/** Raw keys that are not chunk fields to echo at the end. */
const NOT_EXTRA: ReadonlySet<string> = new Set(["choices", "usage", "system_fingerprint", "object", "error"]);

interface PartState {
  /** How much of the part's text has been sent: a `.done` sends only what the deltas missed. */
  sent: number;
  /** Where the part starts in the one Chat `content` string (annotation offsets). */
  start: number;
  /** Annotations already collected for it. */
  annotations: number;
}

interface CallState {
  /** The Chat `tool_calls[].index`, or -1 for a deprecated `function_call`. */
  index: number;
  custom: boolean;
  /** How much of the arguments (or custom input) has been sent. */
  sent: number;
}

/**
 * IR stream events → Chat Completions chunks, as OpenAI sends them: a role chunk first, then
 * content / refusal deltas, tool calls by `index` (`id`, `type`, `name` and `arguments: ""`
 * on the first fragment, argument fragments after), a `delta: {}` chunk with the
 * `finish_reason`, the usage chunk (`choices: []`) when `stream_options.include_usage` asked
 * for it, and `data: [DONE]`. Every chunk repeats id, `created` and model (and
 * `usage: null` with include_usage).
 *
 * It takes IR from any decoder: items may interleave (Chat has no blocks, so nothing needs
 * serialising), a call may arrive whole (one arguments delta, or only its `.done`), text may
 * come only in `.done` events. Text parts join into one `content` the way the non-streaming
 * encoder joins them, so both paths give the same string. Reasoning has no Chat form and is
 * dropped, as in `response-encode.ts`; nothing of `interop` is sent but this format's own raw.
 * An `error` event (or a failed or missing terminal event) ends the stream with the OpenAI
 * error object, which openai-node raises as an `APIError`, and no `[DONE]`.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 * @see https://github.com/openai/openai-node/blob/master/src/core/streaming.ts
 */
export class ChatStreamEncoder implements StreamEncoder {
  readonly #includeUsage: boolean;
  /** `{"id":…,"object":…,"created":…,"model":…,` — the same on every chunk. */
  #head = "";
  /** `,"usage":null}` with include_usage, else `}`. */
  readonly #tail: string;
  #state: "new" | "open" | "completed" | "failed" = "new";
  /** The role chunk waits for the first output, whose kind decides its shape. */
  #rolePending = true;
  #parts = new Map<number, PartState>();
  #calls = new Map<number, CallState>();
  #toolCalls = 0;
  #legacy = false;
  /** Length (UTF-16) of the content sent so far, and whether it ends in white space. */
  #textLength = 0;
  #endsWithSpace = false;
  /** Chat streams annotations once, as the whole list: the SDK keeps the last one it sees. */
  #annotations: JsonObject[] = [];

  constructor(ctx?: StreamEncodeContext) {
    const requested = chatRaw(ctx?.request)?.stream_options;
    this.#includeUsage = ctx?.includeUsage ?? (isObject(requested) && requested.include_usage === true);
    this.#tail = this.#includeUsage ? ',"usage":null}' : "}";
  }

  push(ev: IRStreamEvent): string {
    if (this.#state === "completed" || this.#state === "failed") return "";
    switch (ev.type) {
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        return this.#start(ev.response);
      case "response.output_item.added":
        return this.#itemAdded(ev.output_index, ev.item as IROutputItem);
      case "response.output_item.done":
        return this.#itemDone(ev.output_index, ev.item as IROutputItem);
      case "response.content_part.added":
        if (ev.part.type === "reasoning_text") return "";
        this.#part(ev.output_index, ev.content_index);
        return this.#lead(ev.part.type === "refusal" ? ROLE_REFUSAL : ROLE_TEXT);
      case "response.content_part.done":
        return this.#partDone(ev.output_index, ev.content_index, ev.part);
      case "response.output_text.delta":
        return this.#text(ev.output_index, ev.content_index, ev.delta, ev.logprobs);
      case "response.output_text.done":
        return this.#textDone(ev.output_index, ev.content_index, ev.text, "content");
      case "response.refusal.delta":
        return this.#refusal(ev.output_index, ev.content_index, ev.delta);
      case "response.refusal.done":
        return this.#textDone(ev.output_index, ev.content_index, ev.refusal, "refusal");
      case "response.output_text.annotation.added":
        this.#annotate(ev.output_index, ev.content_index, [ev.annotation], ev.annotation_index);
        return "";
      case "response.function_call_arguments.delta":
      case "response.custom_tool_call_input.delta":
        return this.#args(ev.output_index, ev.delta);
      case "response.function_call_arguments.done":
        return this.#argsDone(ev.output_index, ev.arguments);
      case "response.custom_tool_call_input.done":
        return this.#argsDone(ev.output_index, ev.input);
      case "response.completed":
      case "response.incomplete":
        return this.#finish(ev.response);
      case "response.failed":
        return this.#error(ev.response.error?.code ?? null, ev.response.error?.message, null);
      case "error":
        return this.#error(ev.code, ev.message, ev.param);
      default:
        // Reasoning, audio, web search progress…: nothing in a Chat stream carries them.
        return "";
    }
  }

  end(): string {
    switch (this.#state) {
      case "completed":
        return "data: [DONE]\n\n";
      case "failed":
        return "";
      default:
        return this.#error(
          "stream_truncated",
          "the upstream stream ended before the answer was complete",
          null,
        );
    }
  }

  #chunk(choices: string, extra = ""): string {
    return encodeSSE({ data: `${this.#head}"choices":[${choices}]${extra}${this.#tail}` });
  }

  #delta(delta: string, logprobs = "null"): string {
    return this.#chunk(`{"index":0,"delta":${delta},"logprobs":${logprobs},"finish_reason":null}`);
  }

  /** The chunk header, from the first lifecycle event. */
  #start(res: IRResponse | undefined): string {
    if (this.#state !== "new") return "";
    this.#state = "open";
    const raw = res === undefined ? undefined : chatRaw(res);
    let head = `{"id":${JSON.stringify(res?.id ?? "")},"object":"chat.completion.chunk","created":${res?.created_at ?? 0},"model":${JSON.stringify(res?.model ?? "")}`;
    const tier = res?.service_tier;
    // As in the non-streaming encoder: Chat's own tier as it was, another format's in Chat words.
    if (tier === null || (tier !== undefined && raw !== undefined))
      head += `,"service_tier":${JSON.stringify(tier)}`;
    else if (tier !== undefined) {
      const chat = chatServiceTier(tier);
      if (chat !== undefined) head += `,"service_tier":${JSON.stringify(chat)}`;
    }
    if (raw !== undefined && "system_fingerprint" in raw) {
      head += `,"system_fingerprint":${JSON.stringify(raw.system_fingerprint ?? null)}`;
    }
    this.#head = `${head},`;
    return "";
  }

  /**
   * What must precede an output chunk: the header (a decoder that skipped the lifecycle start
   * still gets a well-formed stream) and, before the first output, the role chunk.
   */
  #lead(role: string): string {
    if (this.#state === "new") this.#start(undefined);
    if (!this.#rolePending) return "";
    this.#rolePending = false;
    return this.#delta(role);
  }

  #part(o: number, c: number): PartState {
    const key = o * PART_KEY + c;
    let p = this.#parts.get(key);
    if (p === undefined) {
      p = { sent: 0, start: this.#textLength, annotations: 0 };
      this.#parts.set(key, p);
    }
    return p;
  }

  #text(o: number, c: number, delta: string, logprobs?: readonly unknown[]): string {
    if (delta === "") return "";
    const lead = this.#lead(ROLE_TEXT);
    const p = this.#part(o, c);
    let text = delta;
    if (p.sent === 0) {
      // The separator the non-streaming encoder puts between parts (see `separator` there).
      if (this.#textLength > 0 && !this.#endsWithSpace && !/^\s/.test(delta))
        text = (c === 0 ? "\n\n" : " ") + delta;
      p.start = this.#textLength + text.length - delta.length;
    }
    p.sent += delta.length;
    this.#textLength += text.length;
    this.#endsWithSpace = /\s$/.test(text);
    const lp =
      logprobs !== undefined && logprobs.length > 0
        ? `{"content":${JSON.stringify(encodeLogprobs(logprobs.map(withTop)))},"refusal":null}`
        : "null";
    return lead + this.#delta(`{"content":${JSON.stringify(text)}}`, lp);
  }

  #refusal(o: number, c: number, delta: string): string {
    if (delta === "") return "";
    const lead = this.#lead(ROLE_REFUSAL);
    this.#part(o, c).sent += delta.length;
    return lead + this.#delta(`{"refusal":${JSON.stringify(delta)}}`);
  }

  /**
   * A `.done` is authoritative: what its deltas did not send (a decoder that gives whole parts,
   * or fewer deltas than text) is sent now.
   */
  #textDone(o: number, c: number, text: string, kind: "content" | "refusal"): string {
    const sent = this.#part(o, c).sent;
    if (text.length <= sent) return "";
    const rest = sent === 0 ? text : text.slice(sent);
    return kind === "content" ? this.#text(o, c, rest) : this.#refusal(o, c, rest);
  }

  #partDone(o: number, c: number, part: { type: string; text?: string; refusal?: string }): string {
    if (part.type === "output_text") {
      const out = this.#textDone(o, c, part.text ?? "", "content");
      this.#annotate(o, c, (part as ResponseOutputText).annotations ?? [], 0);
      return out;
    }
    return part.type === "refusal" ? this.#textDone(o, c, part.refusal ?? "", "refusal") : "";
  }

  /**
   * Collects the part's URL citations not collected yet (from `annotation.added` events or
   * only from its `.done` part), shifted from part offsets to `content` offsets.
   */
  #annotate(o: number, c: number, list: readonly unknown[], from: number): void {
    const p = this.#part(o, c);
    if (from + list.length <= p.annotations) return;
    const fresh = from < p.annotations ? list.slice(p.annotations - from) : list;
    p.annotations = from + list.length;
    for (const a of encodeAnnotations(fresh, p.start, "", [])) this.#annotations.push(a);
  }

  /** A tool call opens with id, type, name and its first arguments; the first output may carry the role. */
  #itemAdded(o: number, item: IROutputItem): string {
    if (item.type === "message") return "";
    if (item.type !== "function_call" && item.type !== "custom_tool_call") return this.#lead(ROLE_TEXT);
    if (this.#state === "new") this.#start(undefined);
    const raw = chatRaw(item);
    const legacy = item.type === "function_call" && raw?.$function_call === true;
    const custom = item.type === "custom_tool_call";
    const args = (item.type === "function_call" ? item.arguments : item.input) ?? "";
    const call: CallState = { index: legacy ? -1 : this.#toolCalls++, custom, sent: args.length };
    if (legacy) this.#legacy = true;
    this.#calls.set(o, call);
    const role = this.#rolePending ? ROLE : undefined;
    this.#rolePending = false;
    if (legacy)
      return this.#delta(JSON.stringify({ ...role, function_call: { name: item.name, arguments: args } }));
    const tc: JsonObject = custom
      ? { index: call.index, id: item.call_id, type: "custom", custom: { name: item.name, input: args } }
      : {
          index: call.index,
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: args },
        };
    const delta = { ...role, tool_calls: [mergeResidue(tc, raw as Residue | undefined)] };
    return this.#delta(JSON.stringify(role === undefined ? delta : { ...delta, refusal: null }));
  }

  #args(o: number, delta: string): string {
    const call = this.#calls.get(o);
    if (call === undefined || delta === "") return "";
    call.sent += delta.length;
    const d = JSON.stringify(delta);
    if (call.index < 0) return this.#delta(`{"function_call":{"arguments":${d}}}`);
    const body = call.custom ? `"custom":{"input":${d}}` : `"function":{"arguments":${d}}`;
    return this.#delta(`{"tool_calls":[{"index":${call.index},${body}}]}`);
  }

  #argsDone(o: number, args: string): string {
    const call = this.#calls.get(o);
    if (call === undefined || args.length <= call.sent) return "";
    return this.#args(o, call.sent === 0 ? args : args.slice(call.sent));
  }

  #itemDone(o: number, item: IROutputItem): string {
    let out = "";
    if (item.type === "function_call" || item.type === "custom_tool_call") {
      // A call seen only whole (no `added`) is sent whole; one that sent no arguments sends them.
      if (!this.#calls.has(o)) out = this.#itemAdded(o, item);
      else out = this.#argsDone(o, item.type === "function_call" ? item.arguments : item.input);
      this.#calls.delete(o);
    } else if (item.type === "message") {
      item.content.forEach((part, c) => {
        out += this.#partDone(o, c, part);
        this.#parts.delete(o * PART_KEY + c);
      });
    }
    return out;
  }

  /**
   * The last chunks: collected annotations, `finish_reason` (chosen as the non-streaming
   * encoder chooses it), other choices of an `n > 1` Chat answer, then usage.
   */
  #finish(res: IRResponse): string {
    this.#start(res);
    let out = this.#lead(ROLE_TEXT);
    if (this.#annotations.length > 0) out += this.#delta(JSON.stringify({ annotations: this.#annotations }));
    const finish = JSON.stringify(this.#finishReason(res));
    const raw = chatRaw(res);
    let extra = "";
    if (raw !== undefined) {
      for (const key of Object.keys(raw)) {
        if (!NOT_EXTRA.has(key) && !key.startsWith("$"))
          extra += `,${JSON.stringify(key)}:${JSON.stringify(raw[key])}`;
      }
    }
    const usage = this.#includeUsage && res.usage !== undefined;
    out += this.#chunk(
      `{"index":0,"delta":{},"logprobs":null,"finish_reason":${finish}}`,
      usage ? "" : extra,
    );
    if (Array.isArray(raw?.choices)) {
      for (const choice of raw.choices.slice(1)) {
        const chunk = choiceAsChunk(choice);
        if (chunk !== undefined) out += this.#chunk(JSON.stringify(chunk));
      }
    }
    if (usage) {
      const u = encodeUsage(res.usage ?? {}, isObject(raw?.usage) ? raw.usage : undefined);
      out += encodeSSE({ data: `${this.#head}"choices":[],"usage":${JSON.stringify(u)}${extra}}` });
    }
    this.#state = "completed";
    return out;
  }

  /** The same choice as the non-streaming encoder, from what the stream sent. */
  #finishReason(res: IRResponse): string {
    return chooseFinishReason(res, this.#toolCalls, this.#legacy);
  }

  /**
   * The OpenAI error object (`data: {"error":{message,type,param,code}}`), built by the error
   * codec from what the IR error says; nothing follows it.
   */
  #error(code: string | null, message: string | undefined, param: string | null): string {
    this.#state = "failed";
    const err = decodeError(200, { error: { message: message ?? "stream failed", code, param } });
    return encodeSSE({ data: JSON.stringify(encodeError(err).body) });
  }
}

/** Delta logprobs may leave out `top_logprobs`; Chat always sends the list. */
function withTop(l: unknown): ResponseOutputText.Logprob {
  const t = l as ResponseOutputText.Logprob;
  return t.top_logprobs === undefined ? { ...t, top_logprobs: [] } : t;
}
