import type { Dropped } from "../../ir/dropped.ts";
import type { Interop, WithInterop } from "../../ir/interop.ts";
import { isOpaque, opaqueItem, opaqueNative } from "../../ir/opaque.ts";
import type {
  ResponseFunctionToolCall,
  ResponseOutputMessage,
  ResponseOutputText,
  ResponseReasoningItem,
} from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import { seal, unseal } from "../sealed-state.ts";
import { at, expectObject, expectString, isObject, type JsonObject } from "../validate.ts";
import { reportForeignInterop } from "./foreign-interop.ts";
import { argumentsOf, encodeFunctionCall } from "./function-calls.ts";
import { field, keyOf, knownFields, residual } from "./proto-json.ts";
import type { Part } from "./types.ts";

/**
 * The parts of a `model` turn (a response candidate, or a model content in history) and IR
 * output items, both ways. Consecutive text parts form one assistant message; thought parts
 * are reasoning items; function calls are function_call items; anything else (executable
 * code, generated images, server tool calls, a bare signature) is an opaque item so a Gemini
 * round trip keeps it in place. A `thoughtSignature` lives on the item it came with: on a
 * text part it closes the message there, so it goes back on that same part.
 * @see https://ai.google.dev/api/caching#Part
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */

export type OutputText = WithInterop<ResponseOutputText>;
type Message = WithInterop<ResponseOutputMessage>;

const TEXT_FIELDS = knownFields("text", "thoughtSignature");
const THOUGHT_FIELDS = knownFields("text", "thought", "thoughtSignature");
const CALL_PART_FIELDS = knownFields("functionCall", "thoughtSignature");
const CALL_FIELDS = knownFields("name", "args", "id");

export interface ModelTurnIds {
  /** Item id for an element starting at part `index`; undefined in request history (no ids). */
  item?: (prefix: "msg" | "rs" | "fc" | "op", index: number) => string;
  /** A deterministic call id for a `functionCall` that has none. */
  callId: (name: string) => string;
}

export interface DecodedModelTurn {
  items: IROutputItem[];
  /** The IR text part each native text part became, by native part index (for grounding). */
  textAt: Map<number, OutputText>;
  hasFunctionCalls: boolean;
}

function geminiInterop(sig: string | undefined, raw: JsonObject | undefined): Interop | undefined {
  if (sig === undefined && raw === undefined) return undefined;
  return {
    gemini: {
      ...(sig === undefined ? {} : { thoughtSignature: sig }),
      ...(raw === undefined ? {} : { raw }),
    },
  };
}

/**
 * A thought's signature onto its reasoning item. One this codec sealed (another family's
 * reasoning shown to a Gemini client, see `sealForeign`) opens back into that family's state.
 * @see ../sealed-state.ts
 */
function withThoughtState(
  rs: WithInterop<ResponseReasoningItem>,
  sig: string | undefined,
): WithInterop<ResponseReasoningItem> {
  const sealed = unseal(sig);
  if (sealed === undefined) {
    const io = geminiInterop(sig, undefined);
    return io === undefined ? rs : { ...rs, interop: io };
  }
  switch (sealed.origin) {
    case "anthropic":
      return {
        ...rs,
        encrypted_content: sealed.payload,
        interop: { anthropic: { origin: true, ...(sealed.redacted === true ? { redacted: true } : {}) } },
      };
    case "openai":
      return {
        ...rs,
        ...(sealed.id === undefined ? {} : { id: sealed.id }),
        encrypted_content: sealed.payload,
      };
    case "gemini":
      return { ...rs, interop: { gemini: { thoughtSignature: sealed.payload } } };
    case "chat":
      return rs;
    default: {
      const never: never = sealed.origin;
      return never;
    }
  }
}

/**
 * Model-turn parts into IR output items. `strict` validates like a request decoder (history
 * the caller wrote); answers from Gemini are read leniently.
 */
export function decodeModelParts(
  parts: unknown[],
  path: string,
  ids: ModelTurnIds,
  strict: boolean,
): DecodedModelTurn {
  const items: IROutputItem[] = [];
  const textAt = new Map<number, OutputText>();
  let hasFunctionCalls = false;
  let msg: Message | undefined;
  const id = (prefix: "msg" | "rs" | "fc" | "op", i: number) => ids.item?.(prefix, i) ?? "";
  parts.forEach((value, i) => {
    const pp = at(path, i);
    const part = strict ? expectObject(value, pp) : isObject(value) ? value : {};
    const sigValue = field(part, "thoughtSignature");
    const sig = typeof sigValue === "string" ? sigValue : undefined;
    const fc = field(part, "functionCall");
    // A thought with anything beyond its text and signature is kept whole (opaque) rather than
    // risk showing thinking as answer text.
    if (part.thought === true && residual(part, THOUGHT_FIELDS) !== undefined) {
      msg = undefined;
      items.push(opaqueItem("gemini", id("op", i), part));
    } else if (part.thought === true) {
      msg = undefined;
      const text = strict && part.text !== undefined ? expectString(part.text, at(pp, "text")) : part.text;
      const rs: WithInterop<ResponseReasoningItem> = {
        type: "reasoning",
        id: id("rs", i),
        summary: typeof text === "string" ? [{ type: "summary_text", text }] : [],
      };
      items.push(withThoughtState(rs, sig));
    } else if (typeof part.text === "string") {
      const raw = residual(part, TEXT_FIELDS);
      const ot: OutputText = { type: "output_text", text: part.text, annotations: [] };
      if (raw !== undefined) ot.interop = { gemini: { raw } };
      if (msg === undefined) {
        msg = { type: "message", id: id("msg", i), role: "assistant", status: "completed", content: [] };
        items.push(msg);
      }
      msg.content.push(ot);
      textAt.set(i, ot);
      if (sig !== undefined) {
        msg.interop = { gemini: { thoughtSignature: sig } };
        msg = undefined;
      }
    } else if (isObject(fc)) {
      msg = undefined;
      hasFunctionCalls = true;
      const fp = at(pp, keyOf(part, "functionCall"));
      const name = strict
        ? expectString(fc.name, at(fp, "name"))
        : typeof fc.name === "string"
          ? fc.name
          : "";
      const callId = typeof fc.id === "string" && fc.id !== "" ? fc.id : ids.callId(name);
      const call: WithInterop<ResponseFunctionToolCall> = {
        type: "function_call",
        call_id: callId,
        name,
        arguments: argumentsOf(fc),
      };
      if (ids.item !== undefined) {
        call.id = id("fc", i);
        call.status = "completed";
      }
      const fcRest = residual(fc, CALL_FIELDS);
      const raw: JsonObject | undefined =
        fcRest === undefined
          ? residual(part, CALL_PART_FIELDS)
          : { ...residual(part, CALL_PART_FIELDS), functionCall: fcRest };
      const io = geminiInterop(sig, raw);
      items.push(io === undefined ? call : { ...call, interop: io });
    } else {
      msg = undefined;
      items.push(opaqueItem("gemini", id("op", i), part));
    }
  });
  return { items, textAt, hasFunctionCalls };
}

/** What an IR item looks like to the model-turn encoder (input and output items alike). */
export type ModelSideItem = WithInterop<{ type?: string; [k: string]: unknown }>;

/**
 * One IR item of a model turn into Gemini parts. Opaque state from other providers (Anthropic
 * signatures, OpenAI encrypted reasoning) is reported and left out, never sent to Gemini.
 */
export function encodeModelItem(
  item: ModelSideItem,
  path: string,
  dropped: Dropped[],
  mode: "request" | "response",
): Part[] {
  const sig = item.interop?.gemini?.thoughtSignature;
  const type = item.type ?? "message";
  if (type === "message") {
    if (isOpaque(item)) {
      const native = opaqueNative(item, "gemini");
      if (isObject(native)) return [native as Part];
      dropped.push({ path, reason: "an element of another provider with no Gemini equivalent" });
      return [];
    }
    const parts = messageParts(item.content, path, dropped);
    if (sig !== undefined && parts.length > 0) parts[parts.length - 1]!.thoughtSignature = sig;
    return parts;
  }
  if (type === "reasoning") return reasoningParts(item, sig, path, dropped, mode);
  if (type === "function_call") {
    const fc = encodeFunctionCall(
      String(item.name),
      typeof item.call_id === "string" ? item.call_id : "",
      typeof item.arguments === "string" ? item.arguments : "",
      item.interop?.gemini?.raw,
      path,
      dropped,
    );
    const { functionCall: _fc, turn: _turn, ...partRest } = item.interop?.gemini?.raw ?? {};
    const part: Part = { ...partRest, functionCall: fc };
    if (sig !== undefined) part.thoughtSignature = sig;
    return [part];
  }
  dropped.push({ path, reason: `${type} items have no Gemini equivalent` });
  return [];
}

function messageParts(content: unknown, path: string, dropped: Dropped[]): Part[] {
  if (typeof content === "string") return [{ text: content }];
  if (!Array.isArray(content)) return [];
  const parts: Part[] = [];
  content.forEach((c: WithInterop<JsonObject>, j) => {
    const raw = c.interop?.gemini?.raw;
    reportForeignInterop(c, `${path}.content[${j}]`, dropped);
    if ((c.type === "output_text" || c.type === "input_text") && typeof c.text === "string") {
      parts.push({ ...raw, text: c.text });
      if (Array.isArray(c.logprobs) && c.logprobs.length > 0) {
        dropped.push({
          path: `${path}.content[${j}].logprobs`,
          reason: "Gemini text parts carry no logprobs",
        });
      }
    } else if (c.type === "refusal" && typeof c.refusal === "string") {
      parts.push({ text: c.refusal });
      dropped.push({ path: `${path}.content[${j}]`, reason: "Gemini has no refusal part; sent as text" });
    } else {
      dropped.push({ path: `${path}.content[${j}]`, reason: `${String(c.type)} has no Gemini model part` });
    }
  });
  return parts;
}

function reasoningParts(
  item: ModelSideItem,
  sig: string | undefined,
  path: string,
  dropped: Dropped[],
  mode: "request" | "response",
): Part[] {
  // Summaries are what Gemini writes; raw reasoning text (`content`) stands in when there are none.
  const summary = Array.isArray(item.summary) ? item.summary : [];
  const source = summary.length > 0 ? summary : Array.isArray(item.content) ? item.content : [];
  const texts = source.flatMap((s) => (isObject(s) && typeof s.text === "string" ? [s.text] : []));
  const parts: Part[] = texts.map((text) => ({ text, thought: true }));
  let signature = sig;
  if (typeof item.encrypted_content === "string" && item.encrypted_content !== "") {
    if (mode === "response") signature = sealForeign(item, item.encrypted_content);
    else {
      dropped.push({
        path: `${path}.encrypted_content`,
        reason: "opaque reasoning of another provider cannot be sent to Gemini",
      });
    }
  }
  if (signature !== undefined) {
    if (parts.length === 0) parts.push({ thought: true });
    parts[parts.length - 1]!.thoughtSignature = signature;
  }
  return parts;
}

/**
 * Another family's opaque reasoning (an Anthropic signature or redacted data, OpenAI encrypted
 * content) shown to a Gemini client rides in the thought's `thoughtSignature`, sealed with its
 * origin, so that when the client sends the history back it returns to that family — and never
 * to Google, since request encoding drops it.
 * @see ../sealed-state.ts
 */
function sealForeign(item: ModelSideItem, encrypted: string): string {
  if (unseal(encrypted) !== undefined) return encrypted; // already sealed: it keeps its origin
  const anthropic = item.interop?.anthropic;
  if (anthropic?.origin === true) {
    return seal({
      origin: "anthropic",
      payload: encrypted,
      ...(anthropic.redacted === true ? { redacted: true } : {}),
    });
  }
  return seal({
    origin: "openai",
    payload: encrypted,
    ...(typeof item.id === "string" ? { id: item.id } : {}),
  });
}
