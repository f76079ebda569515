/**
 * Responses stream → IR stream events. The IR stream *is* the Responses stream, so this is
 * mostly validation and a few normalisations:
 *
 * - lifecycle events (`response.created`, `.queued`, `.in_progress`, `.completed`,
 *   `.incomplete`, `.failed`): their `Response` becomes an `IRResponse` through the
 *   non-streaming decoder (response.ts: status, stop reason, usage, echo fields kept in
 *   `interop.openai.raw`), with `output: []` — the items travel in their own events;
 * - output items (`output_item.added` / `.done`) keep their shape, with sealed reasoning state
 *   opened (reasoning.ts), as the non-streaming decoder does;
 * - `sequence_number` is renumbered from 0 (the oldest recordings have none; background
 *   streams omit it on their first events);
 * - ids are pinned: the response id to the first lifecycle event's, each item's id (and the
 *   `item_id` of its events) to its `output_item.added` — GitHub Copilot's Responses endpoint
 *   sends a fresh id on every event, which strict readers (the official SDK) reject;
 * - an item still open when the response ends is closed with the item the final `Response`
 *   lists at its index, so every `output_item.added` has its `output_item.done`;
 * - fields the IR types do not name (delta `obfuscation` padding, Copilot's `copilot_usage`)
 *   ride along on their event, untouched: the parsed event object *is* the IR event.
 *
 * The stop reason needs to know whether the answer ends in a client tool call or a refusal
 * (finish-reason.ts), which a lifecycle `Response` may not say (its `output` may be empty):
 * the decoder keeps a stub `{type, call_id}` per finished call item and one for the last
 * message — never the items themselves.
 *
 * Failures: an `error` event (either shape, stream-error.ts) becomes the IR `error` event
 * and is followed by `response.failed` (the native one when it comes next, else one made
 * here); invalid JSON, a missing field the IR needs, or an end without a terminal event do
 * the same. Nothing throws.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 * @see ../../../../shared/wire/specs/openai/responses-streaming-events.md
 */
import type { SwitchyardError } from "../../ir/error.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRLifecycleType, IRStreamEvent } from "../../ir/stream.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { NativeStreamEvent, StreamDecodeContext, StreamDecoder } from "../wire-format.ts";
import { decodeStopReason } from "./finish-reason.ts";
import { unsealReasoning } from "./reasoning.ts";
import { decodeResponse } from "./response.ts";
import {
  errorOfEvent,
  failureOf,
  irErrorEvent,
  malformedEventError,
  truncatedError,
} from "./stream-error.ts";

type FieldKind = "int" | "string" | "object";

/** Fields the IR relies on, per event type; other event types pass unchecked. */
const REQUIRED: Readonly<Record<string, ReadonlyArray<readonly [string, FieldKind]>>> = {
  "response.output_item.added": [
    ["output_index", "int"],
    ["item", "object"],
  ],
  "response.output_item.done": [
    ["output_index", "int"],
    ["item", "object"],
  ],
  "response.content_part.added": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["part", "object"],
  ],
  "response.content_part.done": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["part", "object"],
  ],
  "response.output_text.delta": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["delta", "string"],
  ],
  "response.output_text.done": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["text", "string"],
  ],
  "response.refusal.delta": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["delta", "string"],
  ],
  "response.refusal.done": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["refusal", "string"],
  ],
  "response.output_text.annotation.added": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["annotation_index", "int"],
  ],
  "response.function_call_arguments.delta": [
    ["output_index", "int"],
    ["delta", "string"],
  ],
  "response.function_call_arguments.done": [
    ["output_index", "int"],
    ["arguments", "string"],
  ],
  "response.reasoning_summary_part.added": [
    ["output_index", "int"],
    ["summary_index", "int"],
    ["part", "object"],
  ],
  "response.reasoning_summary_part.done": [
    ["output_index", "int"],
    ["summary_index", "int"],
    ["part", "object"],
  ],
  "response.reasoning_summary_text.delta": [
    ["output_index", "int"],
    ["summary_index", "int"],
    ["delta", "string"],
  ],
  "response.reasoning_summary_text.done": [
    ["output_index", "int"],
    ["summary_index", "int"],
    ["text", "string"],
  ],
  "response.reasoning_text.delta": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["delta", "string"],
  ],
  "response.reasoning_text.done": [
    ["output_index", "int"],
    ["content_index", "int"],
    ["text", "string"],
  ],
};

function fits(v: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case "int":
      return Number.isInteger(v);
    case "string":
      return typeof v === "string";
    case "object":
      return isObject(v);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The first required field `data` lacks or mistypes, or undefined when it is well-formed. */
function missingField(type: string, data: JsonObject): string | undefined {
  const fields = REQUIRED[type];
  if (fields === undefined) return undefined;
  for (const [name, kind] of fields) if (!fits(data[name], kind)) return name;
  if ((type === "response.output_item.added" || type === "response.output_item.done") && !isTyped(data.item))
    return "item.type";
  return undefined;
}

function isTyped(v: unknown): v is JsonObject & { type: string } {
  return isObject(v) && typeof v.type === "string";
}

/** What the stop reason needs to know of a finished item (finish-reason.ts reads these). */
function stubOf(item: JsonObject & { type: string }): IROutputItem | undefined {
  if (typeof item.call_id === "string" || item.type === "mcp_approval_request")
    return { type: item.type, call_id: item.call_id } as unknown as IROutputItem;
  return undefined;
}

/** A stand-in for the last message: a refusal part or not is all the stop reason reads. */
function messageStub(item: JsonObject): IROutputItem {
  const refused =
    Array.isArray(item.content) && item.content.some((p) => isObject(p) && p.type === "refusal");
  return {
    type: "message",
    role: "assistant",
    content: refused ? [{ type: "refusal", refusal: "" }] : [],
  } as unknown as IROutputItem;
}

export class ResponsesStreamDecoder implements StreamDecoder {
  readonly #ctx: StreamDecodeContext;
  #seq = 0;
  /** The latest start event's response: id, model, echo — for a failure made here. */
  #start: IRResponse | undefined;
  #done = false;
  /** An `error` event was passed on; a `response.failed` must follow. */
  #error: SwitchyardError | undefined;
  /** Open items: output index → the id its `output_item.added` gave (pinned). */
  readonly #open = new Map<number, string | undefined>();
  readonly #calls: IROutputItem[] = [];
  #lastMessage: IROutputItem | undefined;

  constructor(ctx: StreamDecodeContext = {}) {
    this.#ctx = ctx;
  }

  push(ev: NativeStreamEvent): IRStreamEvent[] {
    if (this.#done) return [];
    let data: unknown;
    try {
      data = JSON.parse(ev.data);
    } catch (e) {
      return this.#fail(malformedEventError(e instanceof Error ? e.message : String(e), e));
    }
    if (!isObject(data)) return this.#fail(malformedEventError("not a JSON object"));
    const type = typeof data.type === "string" ? data.type : ev.event;
    if (type === undefined) return this.#fail(malformedEventError("an event without a type"));
    if (this.#error !== undefined && type !== "response.failed") return this.#failed(this.#error);
    const missing = missingField(type, data);
    if (missing !== undefined)
      return this.#fail(malformedEventError(`${type} without a valid \`${missing}\``));
    switch (type) {
      case "response.created":
      case "response.queued":
      case "response.in_progress":
        return this.#lifecycle(type, data, false);
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
        return this.#lifecycle(type, data, true);
      case "error":
        return this.#nativeError(data);
      default:
        return this.#itemEvent(type, data);
    }
  }

  end(): IRStreamEvent[] {
    if (this.#done) return [];
    return this.#error !== undefined ? this.#failed(this.#error) : this.#fail(truncatedError());
  }

  #next(): number {
    return this.#seq++;
  }

  /** Before the first lifecycle event, a stream that fails still opens with response.created. */
  #ensureStarted(out: IRStreamEvent[]): IRResponse {
    if (this.#start !== undefined) return this.#start;
    const model = this.#ctx.request?.model;
    this.#start = {
      id: "resp_unknown",
      model: typeof model === "string" ? model : "unknown",
      status: "in_progress",
      output: [],
    };
    out.push({ type: "response.created", response: this.#start, sequence_number: this.#next() });
    return this.#start;
  }

  #lifecycle(type: IRLifecycleType, data: JsonObject, terminal: boolean): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    const native = data.response;
    if (!isObject(native)) return this.#fail(malformedEventError(`${type} without a \`response\` object`));
    if (terminal) this.#closeOpenItems(native.output, out);
    let res: IRResponse;
    try {
      res = decodeResponse({ ...native, output: terminal ? this.#stubs() : [] }).value;
    } catch (e) {
      return this.#fail(e as SwitchyardError, out);
    }
    res.output = [];
    if (this.#start !== undefined) {
      // A second response.created (after a failure made here opened the stream) says nothing new.
      if (type === "response.created") return out;
      res.id = this.#start.id;
    } else if (type !== "response.created") {
      // A stream opening with queued / in_progress (or ending at once) still opens with created.
      const { stop_reason: _s, usage: _u, error: _e, ...opening } = res;
      this.#start = { ...opening, status: terminal ? "in_progress" : res.status };
      out.push({ type: "response.created", response: this.#start, sequence_number: this.#next() });
    }
    if (terminal) {
      if (type === "response.failed" && res.error == null && this.#error !== undefined)
        res.error = failureOf(this.#error);
      this.#done = true;
    } else {
      this.#start = res;
    }
    data.response = res;
    data.sequence_number = this.#next();
    out.push(data as unknown as IRStreamEvent);
    return out;
  }

  /** Items the stream left open: their final form is in the terminal Response's `output`. */
  #closeOpenItems(output: unknown, out: IRStreamEvent[]): void {
    if (this.#open.size === 0) return;
    const final = Array.isArray(output) ? output : [];
    for (const [index, id] of this.#open) {
      const found: unknown =
        (id === undefined ? undefined : final.find((it) => isObject(it) && it.id === id)) ?? final[index];
      if (!isTyped(found)) continue;
      if (id !== undefined) found.id = id;
      this.#finishItem(found);
      out.push({
        type: "response.output_item.done",
        output_index: index,
        item: unsealReasoning(found as unknown as IROutputItem),
        sequence_number: this.#next(),
      } as IRStreamEvent);
    }
    this.#open.clear();
  }

  #stubs(): IROutputItem[] {
    return this.#lastMessage === undefined ? this.#calls : [...this.#calls, this.#lastMessage];
  }

  #finishItem(item: JsonObject & { type: string }): void {
    const stub = stubOf(item);
    if (stub !== undefined) this.#calls.push(stub);
    else if (item.type === "message") this.#lastMessage = messageStub(item);
  }

  #itemEvent(type: string, data: JsonObject): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    this.#ensureStarted(out);
    const index = data.output_index;
    if (type === "response.output_item.added") {
      const item = data.item as JsonObject;
      this.#open.set(index as number, typeof item.id === "string" ? item.id : undefined);
      data.item = unsealReasoning(item);
    } else if (type === "response.output_item.done") {
      const item = data.item as JsonObject & { type: string };
      const id = this.#open.get(index as number);
      if (id !== undefined && item.id !== id) item.id = id;
      this.#open.delete(index as number);
      this.#finishItem(item);
      data.item = unsealReasoning(item);
    } else if (typeof index === "number" && typeof data.item_id === "string") {
      const id = this.#open.get(index);
      if (id !== undefined && data.item_id !== id) data.item_id = id;
    }
    data.sequence_number = this.#next();
    out.push(data as unknown as IRStreamEvent);
    return out;
  }

  #nativeError(data: JsonObject): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    this.#ensureStarted(out);
    const err = errorOfEvent(data);
    this.#error = err;
    out.push(irErrorEvent(err, this.#next()));
    return out;
  }

  /** A failure of this stream: the IR `error` event, then `response.failed` (after `out`). */
  #fail(err: SwitchyardError, out: IRStreamEvent[] = []): IRStreamEvent[] {
    this.#ensureStarted(out);
    out.push(irErrorEvent(err, this.#next()));
    out.push(...this.#failed(err));
    return out;
  }

  /** The `response.failed` that ends a stream whose upstream sent none. */
  #failed(err: SwitchyardError): IRStreamEvent[] {
    const out: IRStreamEvent[] = [];
    const start = this.#ensureStarted(out);
    const stop = decodeStopReason("failed", null, []);
    const res: IRResponse = { ...start, status: "failed", output: [], error: failureOf(err) };
    if (stop !== undefined) res.stop_reason = stop;
    out.push({ type: "response.failed", response: res, sequence_number: this.#next() });
    this.#done = true;
    this.#open.clear();
    return out;
  }
}
