import type { WithInterop } from "../../ir/interop.ts";
import type { ResponseFunctionToolCall, ResponseOutputMessage } from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { isObject, type JsonObject } from "../validate.ts";
import { annotateFromGrounding, webSearchCallFrom } from "./citations.ts";
import { assemblePartialArgs, deriveCallId } from "./function-calls.ts";
import { decodeModelParts, type ModelTurnIds } from "./model-turn.ts";
import { asArray, field, knownFields, residual } from "./proto-json.ts";

const TEXT_FIELDS = knownFields("text", "thoughtSignature");
const THOUGHT_FIELDS = knownFields("text", "thought", "thoughtSignature");
const CALL_PART_FIELDS = knownFields("functionCall", "thoughtSignature");
const STREAMED_CALL_FIELDS = knownFields("name", "args", "id", "partialArgs", "willContinue");
const PARTS_PATH = "candidates[0].content.parts";

type Message = WithInterop<ResponseOutputMessage>;
type Open = "none" | "message" | "reasoning" | "call";

/** Where IR events go, numbered in order: shared by the chunk decoder and its item machine. */
export class EventSink {
  out: IRStreamEvent[] = [];
  #seq = 0;

  emit(ev: IRStreamEvent): void {
    ev.sequence_number = this.#seq++;
    this.out.push(ev);
  }
}

/**
 * The parts of candidate 0, chunk after chunk, as IR output items. One item is open at a time:
 * text parts are deltas of one assistant message, thought parts of one reasoning item; a
 * `thoughtSignature` joins the item its part belongs to and closes it, as the non-streaming
 * decoder closes a message at a signed part. Function calls come whole, or (Vertex
 * `streamFunctionCallArguments`) as `partialArgs` pieces until a part without `willContinue`:
 * either way their arguments go out as one delta when complete. Other parts (executable code,
 * server tool calls, images) are opaque items. Every finished item is what the non-streaming
 * decoder makes of the merged part, so streamed and whole answers agree.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/function-calling#streaming-arguments
 */
export class StreamItems {
  readonly #sink: EventSink;
  readonly #ids: ModelTurnIds;
  responseId = "";
  /** The latest non-empty grounding, waiting for the message whose text it cites. */
  grounding: JsonObject | undefined;
  hasCalls = false;
  #callOrdinal = 0;
  /** Output index of the open (or last) item, and how many output indexes are taken. */
  #index = -1;
  #count = 0;
  #open: Open = "none";
  #itemId = "";
  #texts: string[] = [];
  #summaryOpen = false;
  #sig: string | undefined;
  #extra: JsonObject | undefined;
  #callName = "";
  #callId = "";
  #callRaw: JsonObject | undefined;
  #pieces: unknown[] = [];

  constructor(sink: EventSink) {
    this.#sink = sink;
    this.#ids = {
      item: (prefix) => `${prefix}_${this.responseId}_${this.#index}`,
      callId: (name) => deriveCallId(name, this.#callOrdinal++, this.responseId),
    };
  }

  part(p: JsonObject): void {
    const sigValue = field(p, "thoughtSignature");
    const sig = typeof sigValue === "string" ? sigValue : undefined;
    if (p.thought === true) {
      // a thought with more than text and signature is kept whole, as the non-streaming decoder does
      if (residual(p, THOUGHT_FIELDS) !== undefined) {
        this.#opaque(p);
        return;
      }
      if (this.#open !== "reasoning") this.#openReasoning();
      if (typeof p.text === "string") this.#thoughtText(p.text);
      if (sig !== undefined) this.#seal(sig);
      return;
    }
    if (typeof p.text === "string") {
      const extra = residual(p, TEXT_FIELDS);
      if (p.text === "" && sig === undefined && extra === undefined) {
        // the usual last chunk's empty part: it says nothing, but no call continues past it
        if (this.#open === "call") this.close();
        return;
      }
      if (this.#open !== "message") this.#openMessage();
      if (extra !== undefined) this.#extra = { ...this.#extra, ...extra };
      if (p.text !== "") this.#text(p.text);
      if (sig !== undefined) this.#seal(sig);
      return;
    }
    const fc = field(p, "functionCall");
    if (isObject(fc)) this.#functionCall(p, fc, sig);
    else this.#opaque(p);
  }

  /** An item that is complete when it appears: added and done at once. */
  whole(item: IROutputItem, index = this.#count++): void {
    this.#sink.emit({ type: "response.output_item.added", output_index: index, item, sequence_number: 0 });
    this.#sink.emit({ type: "response.output_item.done", output_index: index, item, sequence_number: 0 });
  }

  /** Ends the open item with its authoritative `output_item.done`. */
  close(): void {
    const open = this.#open;
    this.#open = "none";
    switch (open) {
      case "none":
        break;
      case "message":
        this.#closeMessage();
        break;
      case "reasoning":
        this.#closeReasoning();
        break;
      case "call":
        this.#closeCall();
        break;
      default: {
        const never: never = open;
        throw new Error(`unknown item state ${String(never)}`);
      }
    }
  }

  /** A signed part ends its item there: the signature goes back on that part. */
  #seal(sig: string): void {
    this.#sig = sig;
    this.close();
  }

  #decodeOne(part: JsonObject): IROutputItem {
    return decodeModelParts([part], PARTS_PATH, this.#ids, false).items[0]!;
  }

  #opaque(p: JsonObject): void {
    this.close();
    this.#index = this.#count++;
    this.whole(this.#decodeOne(p), this.#index);
  }

  #functionCall(p: JsonObject, fc: JsonObject, sig: string | undefined): void {
    const name = typeof fc.name === "string" ? fc.name : undefined;
    if (this.#open === "call" && name === undefined) {
      const pieces = asArray(field(fc, "partialArgs"));
      if (pieces !== undefined) for (const piece of pieces) this.#pieces.push(piece);
      if (sig !== undefined) this.#sig ??= sig;
      if (field(fc, "willContinue") !== true) this.close();
      return;
    }
    this.close();
    // `{}` ends a streamed call; with none open it ends nothing
    if (name === undefined && fc.args === undefined && field(fc, "partialArgs") === undefined) return;
    this.hasCalls = true;
    const id = fc.id;
    const callId =
      typeof id === "string" && id !== ""
        ? id
        : deriveCallId(name ?? "", this.#callOrdinal++, this.responseId);
    this.#index = this.#count++;
    if (field(fc, "willContinue") === true) {
      this.#open = "call";
      this.#itemId = this.#ids.item!("fc", 0);
      this.#callName = name ?? "";
      this.#callId = callId;
      this.#callRaw = residual(fc, STREAMED_CALL_FIELDS);
      this.#extra = residual(p, CALL_PART_FIELDS);
      this.#sig = sig;
      this.#pieces = [...(asArray(field(fc, "partialArgs")) ?? [])];
      this.#callAdded(this.#callName, callId);
      return;
    }
    // the id goes in as Gemini's own so the decoder keeps it (a derived one is never sent back)
    const call = this.#decodeOne({ ...p, functionCall: { ...fc, id: callId } }) as ResponseFunctionToolCall;
    this.#itemId = call.id ?? "";
    this.#callAdded(call.name, callId);
    this.#callDone(call);
  }

  #callAdded(name: string, callId: string): void {
    this.#sink.emit({
      type: "response.output_item.added",
      output_index: this.#index,
      item: {
        type: "function_call",
        id: this.#itemId,
        call_id: callId,
        name,
        arguments: "",
        status: "in_progress",
      },
      sequence_number: 0,
    });
  }

  #callDone(call: ResponseFunctionToolCall): void {
    const base = { item_id: this.#itemId, output_index: this.#index, sequence_number: 0 };
    if (call.arguments !== "") {
      this.#sink.emit({ type: "response.function_call_arguments.delta", delta: call.arguments, ...base });
    }
    this.#sink.emit({ type: "response.function_call_arguments.done", arguments: call.arguments, ...base });
    this.#sink.emit({
      type: "response.output_item.done",
      output_index: this.#index,
      item: call,
      sequence_number: 0,
    });
  }

  #closeCall(): void {
    const fc: JsonObject = {
      ...this.#callRaw,
      name: this.#callName,
      args: assemblePartialArgs(this.#pieces),
      id: this.#callId,
    };
    const part: JsonObject = { ...this.#extra, functionCall: fc };
    if (this.#sig !== undefined) part.thoughtSignature = this.#sig;
    this.#pieces = [];
    this.#callDone(this.#decodeOne(part) as ResponseFunctionToolCall);
  }

  #begin(open: Open, prefix: "msg" | "rs"): void {
    this.close();
    this.#open = open;
    this.#index = this.#count++;
    this.#itemId = this.#ids.item!(prefix, 0);
    this.#texts = [];
    this.#sig = undefined;
    this.#extra = undefined;
  }

  #openMessage(): void {
    this.#begin("message", "msg");
    this.#sink.emit({
      type: "response.output_item.added",
      output_index: this.#index,
      item: { type: "message", id: this.#itemId, role: "assistant", status: "in_progress", content: [] },
      sequence_number: 0,
    });
    this.#sink.emit({
      type: "response.content_part.added",
      item_id: this.#itemId,
      output_index: this.#index,
      content_index: 0,
      part: { type: "output_text", text: "", annotations: [] },
      sequence_number: 0,
    });
  }

  #text(delta: string): void {
    this.#texts.push(delta);
    this.#sink.emit({
      type: "response.output_text.delta",
      item_id: this.#itemId,
      output_index: this.#index,
      content_index: 0,
      delta,
      logprobs: [],
      sequence_number: 0,
    });
  }

  #closeMessage(): void {
    const text = this.#texts.join("");
    const part: JsonObject = { ...this.#extra, text };
    if (this.#sig !== undefined) part.thoughtSignature = this.#sig;
    const turn = decodeModelParts([part], PARTS_PATH, this.#ids, false);
    const item = turn.items[0] as Message;
    const ot = turn.textAt.get(0)!;
    const gm = this.grounding;
    let search: IROutputItem | undefined;
    if (gm !== undefined) {
      // grounding segments count bytes of the answer's text, which this message holds
      this.grounding = undefined;
      annotateFromGrounding(gm, turn.textAt);
      const io = item.interop ?? {};
      item.interop = { ...io, gemini: { ...io.gemini, groundingMetadata: gm } };
      search = webSearchCallFrom(gm, `ws_${this.responseId}_0`);
    }
    const base = { item_id: this.#itemId, output_index: this.#index, content_index: 0, sequence_number: 0 };
    ot.annotations.forEach((annotation, i) => {
      this.#sink.emit({
        type: "response.output_text.annotation.added",
        annotation_index: i,
        annotation,
        ...base,
      });
    });
    this.#sink.emit({ type: "response.output_text.done", text, logprobs: [], ...base });
    this.#sink.emit({ type: "response.content_part.done", part: ot, ...base });
    this.#sink.emit({
      type: "response.output_item.done",
      output_index: this.#index,
      item,
      sequence_number: 0,
    });
    if (search !== undefined) this.whole(search);
  }

  #openReasoning(): void {
    this.#begin("reasoning", "rs");
    this.#summaryOpen = false;
    this.#sink.emit({
      type: "response.output_item.added",
      output_index: this.#index,
      item: { type: "reasoning", id: this.#itemId, summary: [] },
      sequence_number: 0,
    });
  }

  #thoughtText(delta: string): void {
    const base = { item_id: this.#itemId, output_index: this.#index, summary_index: 0, sequence_number: 0 };
    if (!this.#summaryOpen) {
      this.#summaryOpen = true;
      this.#sink.emit({
        type: "response.reasoning_summary_part.added",
        part: { type: "summary_text", text: "" },
        ...base,
      });
    }
    if (delta === "") return;
    this.#texts.push(delta);
    this.#sink.emit({ type: "response.reasoning_summary_text.delta", delta, ...base });
  }

  #closeReasoning(): void {
    const part: JsonObject = { thought: true };
    const text = this.#texts.join("");
    if (this.#summaryOpen) part.text = text;
    if (this.#sig !== undefined) part.thoughtSignature = this.#sig;
    const item = this.#decodeOne(part);
    if (this.#summaryOpen) {
      const base = { item_id: this.#itemId, output_index: this.#index, summary_index: 0, sequence_number: 0 };
      this.#sink.emit({ type: "response.reasoning_summary_text.done", text, ...base });
      this.#sink.emit({
        type: "response.reasoning_summary_part.done",
        part: { type: "summary_text", text },
        ...base,
      });
    }
    this.#sink.emit({
      type: "response.output_item.done",
      output_index: this.#index,
      item,
      sequence_number: 0,
    });
  }
}
