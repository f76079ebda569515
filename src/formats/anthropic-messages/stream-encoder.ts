/**
 * IR stream events → Anthropic Messages stream: `message_start` (+ `ping`), content blocks one
 * after another, `message_delta` with the stop reason and cumulative usage, `message_stop`.
 * Anthropic never interleaves blocks, while IR from Chat or Responses may keep several items
 * open at once: the item whose events came first is written live, and the events of items
 * that start while it is open are held until it is done (the only buffering done here).
 * Finished items (reasoning signatures, opaque blocks, web searches) go through the
 * non-streamed encoder, so sealing and `interop` stripping are the same as for a `Message`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { ResponseFunctionToolCall, ResponseOutputItem } from "../../ir/openai-types.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import type { JsonObject } from "../validate.ts";
import type { StreamEncoder } from "../wire-format.ts";
import { encodeAssistantItem } from "./assistant.ts";
import { nativeExtras, rawOf, stateOf } from "./carry.ts";
import { encodeStopReason } from "./finish-reason.ts";
import { errorEvent } from "./stream-error.ts";
import {
  blockDelta,
  blockStart,
  blockStop,
  citationDeltas,
  frame,
  PING,
  textDelta,
  wholeBlock,
} from "./stream-frames.ts";
import { encodeUsage } from "./usage.ts";

type ItemEvent = Extract<IRStreamEvent, { output_index: number }>;

/** `Message` fields written by this encoder itself; other raw fields are the native extras. */
const KNOWN = new Set(["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"]);
/** `message_delta.delta` fields kept in raw (everything else raw belongs to `message_start`). */
const DELTA_EXTRAS = ["stop_details", "container"] as const;
/** Usage fields `message_delta` carries (the TTL split, tier and region stay in `message_start`). */
const DELTA_USAGE = ["server_tool_use", "output_tokens_details", "iterations", "fallback_credit"] as const;

export class AnthropicStreamEncoder implements StreamEncoder {
  #started = false;
  #done = false;
  /** Native index of the next block; the open block is `#index - 1`. */
  #index = 0;
  #open: "text" | "tool" | "thinking" | undefined;
  /** The IR item being written live. */
  #current: number | undefined;
  readonly #held = new Map<number, ItemEvent[]>();
  readonly #finished = new Set<number>();
  #hasCalls = false;
  // the current item
  /** The current message had content part events (else its parts are written at its done). */
  #parts = false;
  #textPart = -1;
  /** Characters sent in the open block, and in its current summary part: done events carry the
   * whole value, and what the deltas did not send (some streams abbreviate them) is sent then. */
  #sent = 0;
  #partSent = 0;
  #summary = false;
  #separate = false;

  push(ev: IRStreamEvent): string {
    if (this.#done) return "";
    switch (ev.type) {
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        return this.#start(ev.response);
      case "response.completed":
      case "response.incomplete":
        return this.#finish(ev.response);
      case "response.failed":
        this.#done = true;
        return errorEvent(ev.response.error?.code, ev.response.error?.message ?? "the response failed");
      case "error":
        this.#done = true;
        return errorEvent(ev.code, ev.message);
      default:
        return "output_index" in ev ? this.#route(ev as ItemEvent) : "";
    }
  }

  /** A stream that ends without a terminal event was cut: it ends in an error, never cleanly. */
  end(): string {
    if (this.#done) return "";
    this.#done = true;
    return errorEvent("api_error", "the upstream stream ended before the answer was complete");
  }

  #start(res: IRResponse | undefined): string {
    if (this.#started) return "";
    this.#started = true;
    const r: IRResponse = res ?? { id: "", model: "", status: "in_progress", output: [] };
    const raw = rawOf(r) ?? {};
    const message: JsonObject = {
      id: r.id,
      type: "message",
      role: "assistant",
      model: r.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: encodeUsage(r.usage, raw.usage, r.service_tier) as unknown as JsonObject,
    };
    for (const [k, v] of Object.entries(raw)) if (!KNOWN.has(k)) message[k] = v;
    return frame("message_start", { message }) + PING;
  }

  #finish(res: IRResponse): string {
    let out = this.#start(res);
    out += this.#flush();
    const raw = rawOf(res) ?? {};
    const delta: JsonObject = {
      stop_reason: this.#stopReason(res),
      stop_sequence: res.stop_reason?.sequence ?? null,
    };
    for (const k of DELTA_EXTRAS) if (k in raw) delta[k] = raw[k];
    const payload: JsonObject = { delta, usage: this.#usage(res, raw) };
    if ("context_management" in raw) payload.context_management = raw.context_management;
    this.#done = true;
    return out + frame("message_delta", payload) + frame("message_stop", {});
  }

  /**
   * The stop reason as the non-streamed encoder gives it: the IR's, through the table; without
   * one the answer's shape decides (tool calls → `tool_use`, incomplete → `max_tokens`).
   */
  #stopReason(res: IRResponse): string {
    return (
      encodeStopReason(res.stop_reason) ??
      (this.#hasCalls ? "tool_use" : res.status === "incomplete" ? "max_tokens" : "end_turn")
    );
  }

  /**
   * Cumulative `message_delta` usage: the SDK overwrites each non-null count of the
   * `message_start` usage with it, so the input and cache counts (unknown at the start when
   * the answer comes from another format) are repeated here; `null` leaves the start's.
   * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
   */
  #usage(res: IRResponse, raw: JsonObject): JsonObject {
    const u = encodeUsage(res.usage, raw.usage, res.service_tier) as unknown as JsonObject;
    const out: JsonObject = {
      input_tokens: res.usage?.input_tokens === undefined ? null : (u.input_tokens ?? null),
      cache_creation_input_tokens: u.cache_creation_input_tokens ?? null,
      cache_read_input_tokens: u.cache_read_input_tokens ?? null,
      output_tokens: u.output_tokens ?? 0,
    };
    for (const k of DELTA_USAGE) if (u[k] !== undefined) out[k] = u[k];
    return out;
  }

  #route(ev: ItemEvent): string {
    const i = ev.output_index;
    if (this.#finished.has(i)) return "";
    if (this.#current === undefined) this.#take(i);
    if (i !== this.#current) {
      const list = this.#held.get(i);
      if (list === undefined) this.#held.set(i, [ev]);
      else list.push(ev);
      return "";
    }
    let out = this.#start(undefined) + this.#handle(ev);
    if (ev.type === "response.output_item.done") out += this.#drain();
    return out;
  }

  #take(i: number): void {
    this.#current = i;
    this.#parts = false;
    this.#textPart = -1;
    this.#summary = false;
    this.#separate = false;
  }

  /** Writes the held items in order of arrival, until one is still open. */
  #drain(): string {
    let out = "";
    for (const [i, events] of this.#held) {
      if (this.#current !== undefined) break;
      this.#held.delete(i);
      this.#take(i);
      for (const ev of events) out += this.#handle(ev);
    }
    return out;
  }

  /** At the end: everything held is written, and items never finished are closed. */
  #flush(): string {
    let out = this.#close();
    this.#current = undefined;
    for (const [i, events] of this.#held) {
      this.#held.delete(i);
      this.#take(i);
      for (const ev of events) out += this.#handle(ev);
      out += this.#close();
      this.#current = undefined;
    }
    return out;
  }

  #openBlock(kind: "text" | "tool" | "thinking", block: JsonObject): string {
    this.#open = kind;
    this.#sent = 0;
    this.#partSent = 0;
    return blockStart(this.#index++, block);
  }

  /** Closes the open block; a block cut short (max_tokens) ends without its stop, as the API does. */
  #close(cut = false): string {
    if (this.#open === undefined) return "";
    this.#open = undefined;
    return cut ? "" : blockStop(this.#index - 1);
  }

  #handle(ev: ItemEvent): string {
    switch (ev.type) {
      case "response.output_item.added":
        if (ev.item.type !== "function_call") return "";
        return this.#openTool(ev.item);
      case "response.content_part.added": {
        const p = ev.part as { type: string; text?: string; refusal?: string };
        if (p.type !== "output_text" && p.type !== "refusal") return "";
        return this.#text(ev.content_index, p.text ?? p.refusal ?? "");
      }
      case "response.output_text.delta":
      case "response.refusal.delta":
        return this.#text(ev.content_index, ev.delta);
      case "response.output_text.done":
      case "response.refusal.done":
        return this.#textRest(
          ev.content_index,
          ev.type === "response.output_text.done" ? ev.text : ev.refusal,
        );
      case "response.content_part.done": {
        const p = ev.part as { type: string; text?: string; refusal?: string };
        if (p.type !== "output_text" && p.type !== "refusal") return "";
        let out = this.#textRest(ev.content_index, p.text ?? p.refusal ?? "");
        out += citationDeltas(this.#index - 1, stateOf(ev.part)?.citations);
        return out + this.#close();
      }
      case "response.function_call_arguments.delta":
        return this.#arguments(ev.delta);
      case "response.function_call_arguments.done":
        return this.#arguments(ev.arguments.slice(this.#sent));
      case "response.reasoning_summary_part.added":
        this.#summary = true;
        this.#partSent = 0;
        if (ev.summary_index > 0) this.#separate = true;
        return "";
      case "response.reasoning_summary_text.done":
        return this.#thinking(ev.text.slice(this.#open === "thinking" ? this.#partSent : 0));
      case "response.reasoning_text.done":
        return this.#summary
          ? ""
          : this.#thinking(ev.text.slice(this.#open === "thinking" ? this.#partSent : 0));
      case "response.reasoning_summary_text.delta":
        this.#summary = true;
        return this.#thinking(ev.delta);
      case "response.reasoning_text.delta":
        // Reasoning text stands in for a summary only when there is none (as in a Message).
        return this.#summary ? "" : this.#thinking(ev.delta);
      case "response.output_item.done": {
        const out = this.#itemDone(ev.item);
        this.#finished.add(ev.output_index);
        this.#current = undefined;
        return out;
      }
      default:
        return "";
    }
  }

  #openTool(call: ResponseFunctionToolCall): string {
    this.#hasCalls = true;
    const block = { type: "tool_use", id: call.call_id, name: call.name, input: {}, ...nativeExtras(call) };
    return this.#close() + this.#openBlock("tool", block);
  }

  #arguments(json: string): string {
    if (this.#open !== "tool" || json === "") return "";
    this.#sent += json.length;
    return blockDelta(this.#index - 1, { type: "input_json_delta", partial_json: json });
  }

  /** Text for content part `part`, opening its text block first when it is not the open one. */
  #text(part: number, text: string): string {
    this.#parts = true;
    let out = "";
    if (this.#open !== "text" || this.#textPart !== part) {
      this.#textPart = part;
      out += this.#close() + this.#openBlock("text", { type: "text", text: "" });
    }
    if (text === "") return out;
    this.#sent += text.length;
    return out + textDelta(this.#index - 1, text);
  }

  /** A done event's whole text: what the deltas of the open block did not send yet. */
  #textRest(part: number, text: string): string {
    const open = this.#open === "text" && this.#textPart === part;
    return this.#text(part, open ? text.slice(this.#sent) : text);
  }

  #thinking(text: string): string {
    if (text === "") return "";
    let out = "";
    if (this.#open !== "thinking") {
      out += this.#close() + this.#openBlock("thinking", { type: "thinking", thinking: "", signature: "" });
    }
    const sep = this.#separate && this.#sent > 0 ? "\n\n" : "";
    this.#separate = false;
    this.#sent += text.length;
    this.#partSent += text.length;
    return out + blockDelta(this.#index - 1, { type: "thinking_delta", thinking: sep + text });
  }

  /**
   * The item's done event: what only the finished item knows (a reasoning signature, a tool
   * call's whole arguments, a block that came whole) is written, and its block closes.
   */
  #itemDone(item: ResponseOutputItem): string {
    const dropped: Dropped[] = [];
    switch (item.type) {
      case "function_call": {
        let out = this.#open === "tool" ? "" : this.#openTool(item);
        out += this.#arguments(item.arguments.slice(this.#sent));
        return out + this.#close(item.status === "incomplete");
      }
      case "reasoning": {
        const block = encodeAssistantItem(item, "response", "output", dropped)?.blocks[0];
        if (this.#open !== "thinking") return this.#close() + (block === undefined ? "" : this.#whole(block));
        const sig = block?.type === "thinking" ? block.signature : undefined;
        const out =
          typeof sig === "string" && sig !== ""
            ? blockDelta(this.#index - 1, { type: "signature_delta", signature: sig })
            : "";
        return out + this.#close(item.status === "incomplete");
      }
      case "message":
        if (this.#parts) return this.#close();
        break;
      default:
        break;
    }
    // Items that came whole: opaque Anthropic blocks, web searches, messages without part events.
    let out = this.#close();
    const enc = encodeAssistantItem(item, "response", "output", dropped);
    if (enc?.text !== undefined) out += this.#whole({ type: "text", text: enc.text });
    for (const block of enc?.blocks ?? []) out += this.#whole(block);
    return out;
  }

  #whole(block: JsonObject): string {
    return wholeBlock(this.#index++, block);
  }
}
