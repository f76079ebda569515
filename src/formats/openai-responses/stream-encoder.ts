/**
 * IR stream events → a Responses stream (`event: <type>` + `data: <json>` SSE frames), for
 * IR from any format's decoder. The IR stream is the Responses stream, so most events go out
 * as they are; what the encoder adds is what the wire promises and a strict reader checks:
 *
 * - `sequence_number` counts from 0 over what is actually sent;
 * - the stream opens with `response.created` then `response.in_progress` (after
 *   `response.queued` in background mode) even when the source gave one start event;
 * - lifecycle events carry a full `Response` made by the non-streaming encoder
 *   (response.ts: request echo from `ctx.request`, status and `incomplete_details` from the
 *   stop reason, usage); the terminal event's type follows the status that encoder chose
 *   (an Anthropic `max_tokens` answer ends in `response.incomplete`);
 * - `response.completed` lists the whole `output`: the encoder keeps every
 *   `output_item.done` item for it — the one place this format makes Switchyard hold the
 *   answer (the official SDK checks the final output against the items it saw);
 * - items go through the non-streaming item encoder (stream-items.ts): `interop` stripped,
 *   foreign reasoning state sealed, ids filled; an item with no Responses form is left out
 *   and later items move up, so `output_index` stays dense; each event's `item_id` is its
 *   item's id and fields the spec requires (`logprobs`, `name`) are present;
 * - an IR `error` becomes the `error` event (both shapes, stream-error.ts) and the stream
 *   ends with `response.failed`; `end()` without a terminal event fails the same way —
 *   a truncated answer never ends cleanly. The Responses stream has no `[DONE]`.
 *
 * Items are not serialized (that would mean buffering): interleaved events of two open items
 * (Chat's text and tool calls) go out interleaved, each addressed by its `output_index` and
 * `item_id`, which the official SDK's accumulator reads them by.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 * @see https://github.com/openai/openai-node/blob/master/src/lib/responses/ResponseStream.ts
 */
import type { ResponseError } from "openai/resources/responses/responses";
import type { Dropped } from "../../ir/dropped.ts";
import type { SwitchyardError } from "../../ir/error.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import type { IRLifecycleEvent, IRStreamEvent } from "../../ir/stream.ts";
import { encodeSSE } from "../../transport/sse-encoder.ts";
import type { JsonObject } from "../validate.ts";
import type { StreamEncodeContext, StreamEncoder } from "../wire-format.ts";
import { decodeStopReason } from "./finish-reason.ts";
import { encodeResponse } from "./response.ts";
import { errorOfEvent, failureOf, truncatedError, wireErrorEvent } from "./stream-error.ts";
import { derivedItemId, wireItem, wirePart } from "./stream-items.ts";

/** What the encoder knows of one IR output item. */
interface ItemState {
  /** Its `output_index` on the wire; -1 when the item has no Responses form. */
  wire: number;
  id: string;
  name: string | undefined;
}

const TERMINAL_TYPE = {
  completed: "response.completed",
  incomplete: "response.incomplete",
  failed: "response.failed",
} as const;

export class ResponsesStreamEncoder implements StreamEncoder {
  readonly #ctx: StreamEncodeContext;
  #seq = 0;
  /** The response as first announced: its id and creation time hold for the whole stream. */
  #base: IRResponse | undefined;
  #created = false;
  #inProgress = false;
  #done = false;
  #failure: ResponseError | undefined;
  readonly #items = new Map<number, ItemState>();
  #nextIndex = 0;
  /** `output_item.done` items by wire index, for the terminal Response's `output`. */
  readonly #output: IROutputItem[] = [];
  /** What could not be sent (another format's provider state, opaque elements). */
  readonly dropped: Dropped[] = [];

  constructor(ctx: StreamEncodeContext = {}) {
    this.#ctx = ctx;
  }

  push(ev: IRStreamEvent): string {
    if (this.#done) return "";
    switch (ev.type) {
      case "response.created":
      case "response.queued":
      case "response.in_progress":
        return this.#failure === undefined ? this.#start(ev) : "";
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
        return this.#finish(ev);
      case "error":
        return this.#failure === undefined ? this.#error(errorOfEvent(ev)) : "";
      default:
        // After an `error` event only the terminal response.failed may follow.
        if (this.#failure !== undefined) return "";
        if (ev.type === "response.output_item.added") return this.#added(ev);
        if (ev.type === "response.output_item.done") return this.#itemDone(ev);
        return this.#itemEvent(ev as unknown as JsonObject & { type: string });
    }
  }

  end(): string {
    if (this.#done) return "";
    const failure = this.#failure === undefined ? this.#error(truncatedError()) : "";
    return failure + this.#finish(undefined);
  }

  #emit(event: JsonObject & { type: string }): string {
    event.sequence_number = this.#seq++;
    return encodeSSE({ event: event.type, data: JSON.stringify(event) });
  }

  /** The first start event fixes id and creation time (Copilot sends a new id per event). */
  #pin(res: IRResponse): IRResponse {
    if (this.#base === undefined) {
      this.#base = { ...res, created_at: res.created_at ?? Math.floor(Date.now() / 1000) };
      return this.#base;
    }
    if (res.id === this.#base.id && res.created_at !== undefined) return res;
    return { ...res, id: this.#base.id, created_at: res.created_at ?? this.#base.created_at };
  }

  /**
   * A lifecycle event with a full `Response` (response.ts), `output` set apart: empty while
   * the answer streams, the finished items at the end. Fields of the source event the IR
   * does not know (e.g. Copilot's `copilot_usage`) ride along. What cannot be sent is
   * reported once, from the terminal event.
   */
  #lifecycle(type: string, res: IRResponse, ev: IRLifecycleEvent | undefined, terminal: boolean): string {
    const { value: body, dropped } = encodeResponse({ ...res, output: [] }, this.#ctx);
    if (terminal) {
      body.output = this.#output.filter((i) => i !== undefined);
      this.dropped.push(...dropped);
      // The status response.ts chose names the event (another format's max_tokens stop is
      // `incomplete` here, whatever the IR event was called).
      type = TERMINAL_TYPE[body.status as keyof typeof TERMINAL_TYPE] ?? type;
    }
    return this.#emit({ ...ev, type, response: body });
  }

  #start(ev: IRLifecycleEvent): string {
    const res = this.#pin(ev.response);
    if (this.#created && ev.type === "response.created") return "";
    let out = "";
    if (!this.#created) {
      this.#created = true;
      out = this.#lifecycle("response.created", res, ev.type === "response.created" ? ev : undefined, false);
      if (ev.type === "response.created") return out;
    }
    if (ev.type === "response.in_progress") this.#inProgress = true;
    return out + this.#lifecycle(ev.type, res, ev, false);
  }

  /** Before the first item event: the start events the source did not give. */
  #begin(): string {
    if (this.#inProgress) return "";
    let out = "";
    const base = this.#base ?? this.#pin(this.#synthetic("in_progress"));
    if (!this.#created) {
      this.#created = true;
      out += this.#lifecycle("response.created", base, undefined, false);
    }
    this.#inProgress = true;
    return (
      out + this.#lifecycle("response.in_progress", { ...base, status: "in_progress" }, undefined, false)
    );
  }

  /** A response the source never announced (it failed or jumped straight to items). */
  #synthetic(status: IRResponse["status"]): IRResponse {
    const model = this.#ctx.request?.model;
    return {
      id: "resp_unknown",
      model: typeof model === "string" ? model : "unknown",
      status,
      output: [],
    };
  }

  #added(ev: Extract<IRStreamEvent, { type: "response.output_item.added" }>): string {
    const out = this.#begin();
    const base = this.#base!;
    const ir = ev.item as IROutputItem & { id?: string; name?: unknown };
    const wire = this.#nextIndex;
    const id = typeof ir.id === "string" && ir.id !== "" ? ir.id : derivedItemId(ir.type, base.id, wire);
    const { item, dropped } = wireItem(ir, id, wire, base.id, "in_progress");
    const name = typeof ir.name === "string" ? ir.name : undefined;
    this.#items.set(ev.output_index, { wire: item === undefined ? -1 : wire, id, name });
    if (item === undefined) {
      // Reported once here; the item's later events are skipped.
      this.dropped.push(...dropped);
      return out;
    }
    this.#nextIndex++;
    return out + this.#emit({ ...ev, output_index: wire, item });
  }

  #itemDone(ev: Extract<IRStreamEvent, { type: "response.output_item.done" }>): string {
    let state = this.#items.get(ev.output_index);
    let out = "";
    if (state === undefined) {
      // Done without added: announce it first, so readers see the item before it completes.
      out = this.#added({ ...ev, type: "response.output_item.added" });
      state = this.#items.get(ev.output_index)!;
    }
    if (state.wire < 0) return out;
    const { item, dropped } = wireItem(ev.item, state.id, state.wire, this.#base!.id, "completed");
    this.dropped.push(...dropped);
    if (item === undefined) return out;
    this.#output[state.wire] = item;
    return out + this.#emit({ ...ev, output_index: state.wire, item });
  }

  /** Deltas and the other events of an item: routed to its wire index and id. */
  #itemEvent(ev: JsonObject & { type: string }): string {
    const out = this.#begin();
    if (typeof ev.output_index !== "number") return out + this.#emit({ ...ev });
    const state = this.#items.get(ev.output_index);
    if (state === undefined) return out + this.#emit({ ...ev });
    if (state.wire < 0) return out;
    const event: JsonObject & { type: string } = { ...ev, output_index: state.wire };
    // Every item event but the shell command ones names its item (spec); the SDK checks it.
    if ("item_id" in ev || !ev.type.startsWith("response.shell_call_command.")) event.item_id = state.id;
    switch (ev.type) {
      case "response.output_text.delta":
      case "response.output_text.done":
        if (!Array.isArray(ev.logprobs)) event.logprobs = [];
        break;
      case "response.function_call_arguments.done":
        if (typeof ev.name !== "string" && state.name !== undefined) event.name = state.name;
        break;
      case "response.content_part.added":
      case "response.content_part.done": {
        // What a part cannot carry is reported once, when it is done.
        const dropped = ev.type === "response.content_part.done" ? this.dropped : [];
        event.part = wirePart(
          ev.part as object,
          `output[${state.wire}].content[${ev.content_index}]`,
          dropped,
        );
        break;
      }
      default:
        break;
    }
    return out + this.#emit(event);
  }

  #error(err: SwitchyardError): string {
    const out = this.#begin();
    this.#failure = failureOf(err);
    return out + this.#emit(wireErrorEvent(err, 0) as unknown as JsonObject & { type: string });
  }

  /** The terminal event; `ev` undefined when the stream failed without one. */
  #finish(ev: IRLifecycleEvent | undefined): string {
    const out = this.#begin();
    let res = this.#pin(ev?.response ?? { ...this.#base!, status: "failed", output: [] });
    if (ev === undefined || this.#failure !== undefined || ev.type === "response.failed") {
      // After an `error` event the stream can only fail, whatever the source said next.
      const stop = res.stop_reason?.kind === "error" ? res.stop_reason : decodeStopReason("failed", null, []);
      res = { ...res, status: "failed" };
      if (stop !== undefined) res.stop_reason = stop;
      if (res.error == null && this.#failure !== undefined) res.error = this.#failure;
    } else if (res.status === "in_progress" || res.status === "queued") {
      res = { ...res, status: ev.type === "response.incomplete" ? "incomplete" : "completed" };
    }
    this.#done = true;
    return out + this.#lifecycle(ev?.type ?? "response.failed", res, ev, true);
  }
}
