import type { ResponseOutputText } from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { isObject, type JsonObject, unknownKeys } from "../validate.ts";
import { type Residue, residueOf } from "./residue.ts";

type Annotation = ResponseOutputText["annotations"][number];
type Logprob = ResponseOutputText.Logprob;

/** An IR stream event before the decoder numbers it. */
export type Unsequenced<E = IRStreamEvent> = E extends unknown ? Omit<E, "sequence_number"> : never;
export type Emit = (out: IRStreamEvent[], ev: Unsequenced) => void;

interface TextPart {
  index: number;
  text: string;
  annotations: Annotation[];
  /** Present once a chunk carried `logprobs.content` for this text. */
  logprobs: Logprob[] | undefined;
}

interface RefusalPart {
  index: number;
  text: string;
}

interface OpenMessage {
  id: string;
  output: number;
  parts: number;
  text: TextPart | undefined;
  refusal: RefusalPart | undefined;
}

interface OpenReasoning {
  id: string;
  output: number;
  text: string;
}

interface OpenCall {
  id: string;
  output: number;
  callId: string;
  name: string;
  /** The arguments (or custom input) so far: `.done` and the done item carry them whole. */
  args: string;
  custom: boolean;
  raw: Residue | undefined;
}

const TOOL_CALL_KEYS: ReadonlySet<string> = new Set(["index", "id", "type", "function", "custom"]);
/** The key of the deprecated `delta.function_call` among the tool calls. */
const LEGACY = -1;

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * The open items of one Chat answer (choice 0) and the IR events that open, grow and close
 * them. It holds only what the IR events need: the open message's parts, the open reasoning
 * text and each open tool call's arguments, whose `.done` events and done items carry them
 * whole. Ids follow the non-streaming decoder: `msg_<id>_<n>`, `fc_<call_id>`,
 * `ctc_<call_id>`, and `rs_<id>_<n>` for reasoning.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class StreamItems {
  readonly #emit: Emit;
  #next = 0;
  #messages = 0;
  #reasonings = 0;
  #message: OpenMessage | undefined;
  #reasoning: OpenReasoning | undefined;
  #calls = new Map<number, OpenCall>();
  #lastCall = -1;
  #maxCall = -1;
  /** A refusal was streamed (a `stop` then means the model refused). */
  refused = false;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  reasoning(out: IRStreamEvent[], resId: string, delta: string): void {
    this.#closeMessage(out, "completed");
    let r = this.#reasoning;
    if (r === undefined) {
      r = { id: `rs_${resId}_${this.#reasonings++}`, output: this.#next++, text: "" };
      this.#reasoning = r;
      const item = { type: "reasoning", id: r.id, summary: [] } as IROutputItem;
      this.#emit(out, { type: "response.output_item.added", output_index: r.output, item });
      this.#emit(out, {
        type: "response.reasoning_summary_part.added",
        item_id: r.id,
        output_index: r.output,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      });
    }
    r.text += delta;
    this.#emit(out, {
      type: "response.reasoning_summary_text.delta",
      item_id: r.id,
      output_index: r.output,
      summary_index: 0,
      delta,
    });
  }

  text(out: IRStreamEvent[], resId: string, delta: string, logprobs: Logprob[] | undefined): void {
    const part = this.#textPart(out, resId);
    const m = this.#message as OpenMessage;
    part.text += delta;
    if (logprobs !== undefined) {
      if (part.logprobs === undefined) part.logprobs = [];
      for (const lp of logprobs) part.logprobs.push(lp);
    }
    this.#emit(out, {
      type: "response.output_text.delta",
      item_id: m.id,
      output_index: m.output,
      content_index: part.index,
      delta,
      logprobs: logprobs ?? [],
    });
  }

  refusal(out: IRStreamEvent[], resId: string, delta: string): void {
    const m = this.#openMessage(out, resId);
    let part = m.refusal;
    if (part === undefined) {
      part = { index: m.parts++, text: "" };
      m.refusal = part;
      this.#emit(out, {
        type: "response.content_part.added",
        item_id: m.id,
        output_index: m.output,
        content_index: part.index,
        part: { type: "refusal", refusal: "" },
      });
    }
    this.refused = true;
    part.text += delta;
    this.#emit(out, {
      type: "response.refusal.delta",
      item_id: m.id,
      output_index: m.output,
      content_index: part.index,
      delta,
    });
  }

  annotations(out: IRStreamEvent[], resId: string, list: Annotation[]): void {
    const part = this.#textPart(out, resId);
    const m = this.#message as OpenMessage;
    for (const annotation of list) {
      this.#emit(out, {
        type: "response.output_text.annotation.added",
        item_id: m.id,
        output_index: m.output,
        content_index: part.index,
        annotation_index: part.annotations.length,
        annotation,
      });
      part.annotations.push(annotation);
    }
  }

  /** One `delta.tool_calls[]` fragment: the first of an index opens the call (id, name). */
  toolCall(out: IRStreamEvent[], resId: string, tc: JsonObject): void {
    const fn = isObject(tc.function) ? tc.function : undefined;
    const cu = isObject(tc.custom) ? tc.custom : undefined;
    const index = typeof tc.index === "number" ? tc.index : this.#indexOf(tc);
    let call = this.#calls.get(index);
    if (call === undefined) {
      const custom = tc.type === "custom" || cu !== undefined;
      const callId = typeof tc.id === "string" && tc.id !== "" ? tc.id : `call_${resId}_${index}`;
      const kept = tc.type === undefined || tc.type === "function" || custom ? {} : { type: tc.type };
      const raw = residueOf({ ...unknownKeys(tc, TOOL_CALL_KEYS), ...kept });
      call = this.#openCall(out, callId, str(custom ? cu?.name : fn?.name) ?? "", custom, raw, index);
    } else if (call.name === "") call.name = str(call.custom ? cu?.name : fn?.name) ?? "";
    this.#lastCall = index;
    this.#args(out, call, str(call.custom ? cu?.input : fn?.arguments));
  }

  /** The deprecated `delta.function_call`: one call, kept marked so Chat re-emits it as such. */
  legacyCall(out: IRStreamEvent[], resId: string, fc: JsonObject): void {
    let call = this.#calls.get(LEGACY);
    if (call === undefined) {
      const raw = { $function_call: true };
      call = this.#openCall(out, `call_${resId}`, str(fc.name) ?? "", false, raw, LEGACY);
    } else if (call.name === "") call.name = str(fc.name) ?? "";
    this.#args(out, call, str(fc.arguments));
  }

  /** Closes every open item (at `finish_reason` or the end of the stream). */
  closeAll(out: IRStreamEvent[], messageStatus: "completed" | "incomplete"): void {
    this.#closeReasoning(out);
    this.#closeMessage(out, messageStatus);
    for (const call of this.#calls.values()) this.#closeCall(out, call);
    this.#calls.clear();
    this.#lastCall = -1;
  }

  /** A fragment without `index` (some compatible servers): a new id opens a call, else the last. */
  #indexOf(tc: JsonObject): number {
    if (typeof tc.id === "string" && tc.id !== "") {
      for (const [i, c] of this.#calls) if (c.callId === tc.id) return i;
      return this.#maxCall + 1;
    }
    return Math.max(this.#lastCall, 0);
  }

  #openCall(
    out: IRStreamEvent[],
    callId: string,
    name: string,
    custom: boolean,
    raw: Residue | undefined,
    index: number,
  ): OpenCall {
    this.#closeReasoning(out);
    this.#closeMessage(out, "completed");
    const call: OpenCall = {
      id: `${custom ? "ctc" : "fc"}_${callId}`,
      output: this.#next++,
      callId,
      name,
      args: "",
      custom,
      raw,
    };
    this.#calls.set(index, call);
    if (index > this.#maxCall) this.#maxCall = index;
    const item = (
      custom
        ? { type: "custom_tool_call", id: call.id, call_id: callId, name, input: "" }
        : { type: "function_call", id: call.id, call_id: callId, name, arguments: "", status: "in_progress" }
    ) as IROutputItem;
    this.#emit(out, { type: "response.output_item.added", output_index: call.output, item });
    return call;
  }

  #args(out: IRStreamEvent[], call: OpenCall, delta: string | undefined): void {
    if (delta === undefined || delta === "") return;
    call.args += delta;
    const ev = { item_id: call.id, output_index: call.output, delta };
    if (call.custom) this.#emit(out, { type: "response.custom_tool_call_input.delta", ...ev });
    else this.#emit(out, { type: "response.function_call_arguments.delta", ...ev });
  }

  #openMessage(out: IRStreamEvent[], resId: string): OpenMessage {
    if (this.#message !== undefined) return this.#message;
    this.#closeReasoning(out);
    const m: OpenMessage = {
      id: `msg_${resId}_${this.#messages++}`,
      output: this.#next++,
      parts: 0,
      text: undefined,
      refusal: undefined,
    };
    this.#message = m;
    const item = { type: "message", id: m.id, role: "assistant", status: "in_progress", content: [] };
    this.#emit(out, { type: "response.output_item.added", output_index: m.output, item } as Unsequenced);
    return m;
  }

  #textPart(out: IRStreamEvent[], resId: string): TextPart {
    const m = this.#openMessage(out, resId);
    if (m.text !== undefined) return m.text;
    const part: TextPart = { index: m.parts++, text: "", annotations: [], logprobs: undefined };
    m.text = part;
    this.#emit(out, {
      type: "response.content_part.added",
      item_id: m.id,
      output_index: m.output,
      content_index: part.index,
      part: { type: "output_text", text: "", annotations: [], logprobs: [] },
    });
    return part;
  }

  #closeReasoning(out: IRStreamEvent[]): void {
    const r = this.#reasoning;
    if (r === undefined) return;
    this.#reasoning = undefined;
    const where = { item_id: r.id, output_index: r.output, summary_index: 0 };
    this.#emit(out, { type: "response.reasoning_summary_text.done", ...where, text: r.text });
    const part = { type: "summary_text", text: r.text } as const;
    this.#emit(out, { type: "response.reasoning_summary_part.done", ...where, part });
    const item = {
      type: "reasoning",
      id: r.id,
      summary: [{ type: "summary_text", text: r.text }],
    } as IROutputItem;
    this.#emit(out, { type: "response.output_item.done", output_index: r.output, item });
  }

  #closeMessage(out: IRStreamEvent[], status: "completed" | "incomplete"): void {
    const m = this.#message;
    if (m === undefined) return;
    this.#message = undefined;
    const content: JsonObject[] = [];
    const where = { item_id: m.id, output_index: m.output };
    const t = m.text;
    if (t !== undefined) {
      const part: ResponseOutputText = { type: "output_text", text: t.text, annotations: t.annotations };
      if (t.logprobs !== undefined) part.logprobs = t.logprobs;
      const lp = t.logprobs ?? [];
      this.#emit(out, {
        type: "response.output_text.done",
        ...where,
        content_index: t.index,
        text: t.text,
        logprobs: lp,
      });
      this.#emit(out, { type: "response.content_part.done", ...where, content_index: t.index, part });
      content[t.index] = part as unknown as JsonObject;
    }
    const r = m.refusal;
    if (r !== undefined) {
      this.#emit(out, { type: "response.refusal.done", ...where, content_index: r.index, refusal: r.text });
      const part = { type: "refusal", refusal: r.text } as const;
      this.#emit(out, { type: "response.content_part.done", ...where, content_index: r.index, part });
      content[r.index] = part;
    }
    const item = { type: "message", id: m.id, role: "assistant", status, content } as unknown as IROutputItem;
    this.#emit(out, { type: "response.output_item.done", output_index: m.output, item });
  }

  #closeCall(out: IRStreamEvent[], call: OpenCall): void {
    const where = { item_id: call.id, output_index: call.output };
    const interop = call.raw === undefined ? {} : { interop: { chat: { raw: call.raw } } };
    let item: IROutputItem;
    if (call.custom) {
      this.#emit(out, { type: "response.custom_tool_call_input.done", ...where, input: call.args });
      item = {
        type: "custom_tool_call",
        id: call.id,
        call_id: call.callId,
        name: call.name,
        input: call.args,
        ...interop,
      };
    } else {
      this.#emit(out, { type: "response.function_call_arguments.done", ...where, arguments: call.args });
      item = {
        type: "function_call",
        id: call.id,
        call_id: call.callId,
        name: call.name,
        arguments: call.args,
        status: "completed",
        ...interop,
      };
    }
    this.#emit(out, { type: "response.output_item.done", output_index: call.output, item });
  }
}
