/**
 * Anthropic Messages stream → IR stream events, one native event at a time. Holds only the
 * open block (its text / JSON fragments until its `content_block_stop`), the open assistant
 * message (consecutive text blocks are its parts, as in the non-streamed decoder), a
 * `server_tool_use` web search waiting for its result block, and the usage of `message_start`.
 * Every finished item is built by the non-streamed decoder (`decodeAssistantBlocks`) from the
 * block as it would appear in a `Message`, so streamed and non-streamed answers are the same IR.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { NativeStreamEvent, StreamDecodeContext, StreamDecoder } from "../wire-format.ts";
import { responseIds } from "./assistant.ts";
import { decodeError } from "./error.ts";
import { decodeStopReason } from "./finish-reason.ts";
import { StreamItems } from "./stream-items.ts";
import { KEY } from "./types.ts";
import { decodeResponseServiceTier, decodeUsage } from "./usage.ts";

/** `Message` fields the IR response has slots for; the others ride in `interop.anthropic.raw`. */
const KNOWN = new Set(["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"]);
/** `message_delta.delta` fields the IR has slots for. */
const DELTA_KNOWN = new Set(["stop_reason", "stop_sequence"]);
/** `message_delta` fields that are not Message fields. */
const EVENT_KNOWN = new Set(["type", "delta", "usage"]);

export class AnthropicStreamDecoder implements StreamDecoder {
  readonly #ctx: StreamDecodeContext;
  readonly #items = new StreamItems();
  #res: IRResponse | undefined;
  /** `message_start` usage, then each `message_delta` usage laid over it (cumulative counts). */
  #usage: JsonObject | undefined;
  /** Message fields with no IR slot, from `message_start` and `message_delta`. */
  #extras: JsonObject = {};
  #stop: string | null = null;
  #stopSequence: string | null = null;
  #ended = false;

  constructor(ctx: StreamDecodeContext = {}) {
    this.#ctx = ctx;
  }

  push(ev: NativeStreamEvent): IRStreamEvent[] {
    if (this.#ended || ev.event === "ping") return [];
    const out: IRStreamEvent[] = [];
    let data: unknown;
    try {
      data = JSON.parse(ev.data);
    } catch {
      this.#fail(out, "api_error", `malformed ${ev.event ?? "stream"} event: not JSON`);
      return out;
    }
    try {
      this.#event(isObject(data) ? data : {}, ev.event, out);
    } catch (e) {
      this.#fail(out, "api_error", `malformed ${ev.event ?? "stream"} event: ${(e as Error).message}`);
    }
    return out;
  }

  end(): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    if (!this.#ended) this.#fail(out, "api_error", "the stream ended before message_stop (truncated answer)");
    return out;
  }

  #event(data: JsonObject, name: string | undefined, out: IRStreamEvent[]): void {
    const type = typeof data.type === "string" ? data.type : name;
    const items = this.#items;
    switch (type) {
      case "message_start":
        this.#start(isObject(data.message) ? data.message : {}, out);
        return;
      case "content_block_start":
        this.#require(out);
        items.startBlock(num(data.index), isObject(data.content_block) ? data.content_block : {}, out);
        return;
      case "content_block_delta":
        this.#require(out);
        items.delta(num(data.index), isObject(data.delta) ? data.delta : {}, out);
        return;
      case "content_block_stop":
        this.#require(out);
        items.stopBlock(num(data.index), out);
        return;
      case "message_delta":
        this.#require(out);
        items.closeAll(out, false);
        this.#delta(data);
        return;
      case "message_stop":
        this.#require(out);
        items.closeAll(out, false);
        this.#finish(out);
        return;
      case "error": {
        const err = decodeError(200, data);
        this.#fail(out, err.code ?? "api_error", err.message, data);
        return;
      }
      default:
        // `ping` and event types newer than this codec: ignored, as the docs ask.
        return;
    }
  }

  /**
   * `message_start` opens the answer. A second one before `message_stop` (a spliced stream)
   * does not restart it: the open blocks close and the new message's blocks follow.
   */
  #start(message: JsonObject, out: IRStreamEvent[]): void {
    const id = typeof message.id === "string" ? message.id : (this.#res?.id ?? "");
    if (this.#res !== undefined) this.#items.closeAll(out, true);
    this.#items.begin(responseIds(id));
    if (isObject(message.usage)) this.#usage = { ...message.usage };
    for (const [k, v] of Object.entries(message)) if (!KNOWN.has(k)) this.#extras[k] = v;
    if (typeof message.stop_reason === "string") this.#stop = message.stop_reason;
    if (typeof message.stop_sequence === "string") this.#stopSequence = message.stop_sequence;
    if (this.#res === undefined) {
      const res: IRResponse = {
        id,
        model: typeof message.model === "string" ? message.model : (this.#ctx.model ?? ""),
        status: "in_progress",
        output: [],
      };
      this.#res = res;
      const created = this.#snapshot("in_progress");
      out.push({ type: "response.created", response: created, sequence_number: this.#items.seq() });
      out.push({
        type: "response.in_progress",
        response: { ...created },
        sequence_number: this.#items.seq(),
      });
    }
    // Content already in `message_start` (programmatic tool calling replays tool calls so).
    if (Array.isArray(message.content)) {
      message.content.forEach((block, i) => {
        if (!isObject(block)) return;
        this.#items.startBlock(i, block, out);
        this.#items.stopBlock(i, out);
      });
    }
  }

  /** Stream events before `message_start`: an answer with no id is still an answer. */
  #require(out: IRStreamEvent[]): void {
    if (this.#res === undefined) this.#start({}, out);
  }

  /** `message_delta`: stop reason and cumulative usage (counts present override, never add). */
  #delta(data: JsonObject): void {
    const delta = isObject(data.delta) ? data.delta : {};
    if (typeof delta.stop_reason === "string") this.#stop = delta.stop_reason;
    if (delta.stop_sequence !== undefined)
      this.#stopSequence = typeof delta.stop_sequence === "string" ? delta.stop_sequence : null;
    for (const [k, v] of Object.entries(delta)) if (!DELTA_KNOWN.has(k)) this.#extras[k] = v;
    for (const [k, v] of Object.entries(data)) if (!EVENT_KNOWN.has(k)) this.#extras[k] = v;
    if (isObject(data.usage)) {
      const usage = this.#usage ?? {};
      for (const [k, v] of Object.entries(data.usage)) if (v !== null && v !== undefined) usage[k] = v;
      this.#usage = usage;
    }
  }

  #finish(out: IRStreamEvent[]): void {
    const stop = this.#stop;
    const incomplete = stop === "max_tokens" || stop === "model_context_window_exceeded";
    const res = this.#snapshot(incomplete ? "incomplete" : "completed");
    const reason = decodeStopReason(stop, this.#stopSequence);
    if (reason !== undefined) res.stop_reason = reason;
    out.push({
      type: incomplete ? "response.incomplete" : "response.completed",
      response: res,
      sequence_number: this.#items.seq(),
    });
    this.#ended = true;
  }

  /**
   * An in-stream `error` event, a malformed event or a truncated stream: open items close
   * as incomplete, then the IR `error` (code = Anthropic `error.type`) and `response.failed`.
   */
  #fail(out: IRStreamEvent[], code: string, message: string, native?: JsonObject): void {
    if (this.#res !== undefined) this.#items.closeAll(out, true);
    out.push({ type: "error", code, message, param: null, sequence_number: this.#items.seq() });
    const res = this.#snapshot("failed");
    res.error = { code: code === "rate_limit_error" ? "rate_limit_exceeded" : "server_error", message };
    if (native !== undefined) {
      const a = res.interop?.anthropic;
      res.interop = { ...res.interop, anthropic: { ...a, raw: { ...a?.raw, error: native } } };
    }
    out.push({ type: "response.failed", response: res, sequence_number: this.#items.seq() });
    this.#ended = true;
  }

  /** The answer's header (no output: items travel in their own events) with status and usage. */
  #snapshot(status: IRResponse["status"]): IRResponse {
    const base = this.#res ?? { id: "", model: this.#ctx.model ?? "" };
    const res: IRResponse = { id: base.id, model: base.model, status, output: [] };
    const usage = this.#usage;
    if (usage !== undefined) {
      res.usage = decodeUsage(usage);
      const tier = decodeResponseServiceTier(usage.service_tier);
      if (tier !== undefined) res.service_tier = tier;
    }
    const raw: JsonObject = { ...this.#extras };
    if (usage !== undefined) raw.usage = { ...usage };
    if (Object.keys(raw).length > 0) res.interop = { [KEY]: { raw } };
    return res;
  }
}

function num(v: unknown): number {
  return typeof v === "number" ? v : -1;
}
