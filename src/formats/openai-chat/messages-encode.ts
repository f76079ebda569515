import type { Dropped } from "../../ir/dropped.ts";
import { isOpaque, opaqueNative } from "../../ir/opaque.ts";
import type { IRInputItem } from "../../ir/request.ts";
import { isObject, type JsonObject } from "../validate.ts";
import { type ChatPart, encodePart, reportOutputTextExtras } from "./content.ts";
import { chatRaw, mergeResidue, type Residue, reportForeignInterop, wasAbsent } from "./residue.ts";
import { FORMAT } from "./types.ts";

/** One Chat assistant message being gathered from consecutive assistant-side IR items. */
interface AssistantDraft {
  residue: Residue | undefined;
  /** Text and refusal parts in order, as Chat parts. */
  parts: ChatPart[];
  toolCalls: JsonObject[];
  functionCall?: JsonObject;
  /** Native fields of this format's opaque items (`audio`). */
  extra: JsonObject;
}

/**
 * IR input items → Chat messages, in order.
 * - Consecutive assistant-side items (assistant messages, function and custom tool calls,
 *   this format's opaque items) make one assistant message, because Chat wants all of a
 *   turn's tool calls on one message with their results right after it. Items decoded from
 *   Chat say where each native message began (`message` residue), so those boundaries hold.
 * - Tool results become `tool` messages. Chat tool messages take text only, so images and
 *   files of a result move to one user message placed after the run of tool messages.
 * - Reasoning items (and their opaque state), web search calls and other formats' opaque
 *   items have no Chat form and are reported dropped; so is a tool result's `is_error`.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 * @see https://platform.openai.com/docs/guides/function-calling
 */
export function encodeMessages(items: readonly IRInputItem[], dropped: Dropped[]): JsonObject[] {
  const out: JsonObject[] = [];
  let draft: AssistantDraft | undefined;
  let movedParts: ChatPart[] = [];

  const flushAssistant = (): void => {
    if (draft !== undefined) out.push(buildAssistant(draft));
    draft = undefined;
  };
  const flushMoved = (): void => {
    if (movedParts.length > 0) out.push({ role: "user", content: movedParts });
    movedParts = [];
  };

  items.forEach((item, k) => {
    const path = `input[${k}]`;
    const it = item as unknown as JsonObject;
    const fullRaw = chatRaw(it);
    // `message` (the native message's residue) and `item` (an opaque element) are not
    // fields of the item itself.
    const { message: _m, item: _i, ...own } = fullRaw ?? {};
    const raw = fullRaw === undefined ? undefined : own;
    const type = typeof it.type === "string" ? it.type : "message";
    const isToolResult = type === "function_call_output" || type === "custom_tool_call_output";
    if (!isToolResult) flushMoved();

    const startAssistant = (): AssistantDraft => {
      const message = fullRaw?.message;
      if (draft === undefined || isObject(message)) {
        flushAssistant();
        draft = {
          residue: isObject(message) ? message : undefined,
          parts: [],
          toolCalls: [],
          extra: {},
        };
      }
      return draft;
    };

    if (opaqueNative(it, "chat") !== undefined) {
      const native = opaqueNative(it, "chat");
      if (isObject(native)) Object.assign(startAssistant().extra, native);
      return;
    }
    if (isOpaque(it)) {
      dropped.push({ path, reason: `a native element of another format with no equivalent in ${FORMAT}` });
      return;
    }
    if (type !== "reasoning") reportForeignInterop(it, path, dropped);
    switch (type) {
      case "message": {
        if (it.role === "assistant") {
          addAssistantContent(startAssistant(), it.content, path, dropped);
          return;
        }
        flushAssistant();
        out.push(encodePlainMessage(it, raw, path, dropped));
        return;
      }
      case "function_call": {
        const d = startAssistant();
        const fn = { name: it.name, arguments: it.arguments };
        if (raw?.$function_call === true) d.functionCall = fn;
        else d.toolCalls.push(mergeResidue({ id: it.call_id, type: "function", function: fn }, raw));
        return;
      }
      case "custom_tool_call": {
        const call = { id: it.call_id, type: "custom", custom: { name: it.name, input: it.input } };
        const d = startAssistant();
        d.toolCalls.push(mergeResidue(call, raw));
        return;
      }
      case "function_call_output":
      case "custom_tool_call_output": {
        flushAssistant();
        const { message, moved } = encodeToolResult(it, raw, path, dropped);
        out.push(message);
        movedParts.push(...moved);
        return;
      }
      case "reasoning":
        dropped.push({ path, reason: `reasoning items have no equivalent in ${FORMAT}` });
        return;
      default:
        dropped.push({ path, reason: `${type} items have no equivalent in ${FORMAT}` });
    }
  });
  flushAssistant();
  flushMoved();
  return out;
}

function encodePlainMessage(
  it: JsonObject,
  raw: Residue | undefined,
  path: string,
  dropped: Dropped[],
): JsonObject {
  const role = it.role;
  const textOnly = role === "system" || role === "developer";
  let content: unknown = it.content;
  if (typeof content !== "string") {
    const parts = encodeParts(content, `${path}.content`, dropped, textOnly);
    // Every part was dropped (and reported): Chat takes no empty part list.
    content = parts.length === 0 && Array.isArray(it.content) && it.content.length > 0 ? "" : parts;
  }
  return mergeResidue({ role, content }, raw);
}

function encodeParts(v: unknown, path: string, dropped: Dropped[], textOnly: boolean): ChatPart[] {
  const parts: ChatPart[] = [];
  (Array.isArray(v) ? v : []).forEach((p, i) => {
    const part = encodePart(p, `${path}[${i}]`, dropped, textOnly);
    if (part !== undefined) parts.push(part);
  });
  return parts;
}

function addAssistantContent(d: AssistantDraft, content: unknown, path: string, dropped: Dropped[]): void {
  if (typeof content === "string") {
    d.parts.push({ type: "text", text: content });
    return;
  }
  (Array.isArray(content) ? content : []).forEach((p, i) => {
    const pp = `${path}.content[${i}]`;
    if (!isObject(p)) return;
    const raw = chatRaw(p);
    if (p.type === "output_text" || p.type === "input_text" || p.type === "refusal") {
      reportForeignInterop(p, pp, dropped);
    }
    if (p.type === "output_text" || p.type === "input_text") {
      if (p.type === "output_text") reportOutputTextExtras(p, pp, dropped);
      d.parts.push(mergeResidue({ type: "text", text: String(p.text ?? "") }, raw) as ChatPart);
    } else if (p.type === "refusal") {
      d.parts.push(mergeResidue({ type: "refusal", refusal: String(p.refusal ?? "") }, raw) as ChatPart);
    } else {
      dropped.push({ path: pp, reason: `assistant messages in ${FORMAT} take text and refusals only` });
    }
  });
}

/**
 * Builds the Chat assistant message. One text goes in `content` as a string (the form every
 * OpenAI-compatible server accepts) and refusals in `refusal`; several texts stay separate
 * parts (joining them would have to guess where spaces go), as does anything that came from
 * Chat as an array of parts. With tool calls and no text, `content` is `null`.
 */
function buildAssistant(d: AssistantDraft): JsonObject {
  const msg: JsonObject = { role: "assistant" };
  const texts = d.parts.filter((p) => p.type === "text");
  const refusals = d.parts.filter((p) => p.type === "refusal");
  if (d.residue?.$content === "parts" || texts.length > 1) {
    msg.content = d.parts;
  } else {
    if (texts.length > 0) msg.content = texts.map((p) => String(p.text)).join("");
    else if (!wasAbsent(d.residue, "content") && d.residue?.content === undefined) msg.content = null;
    if (refusals.length > 0) msg.refusal = refusals.map((p) => String(p.refusal)).join("");
  }
  Object.assign(msg, d.extra);
  if (d.toolCalls.length > 0) msg.tool_calls = d.toolCalls;
  if (d.functionCall !== undefined) msg.function_call = d.functionCall;
  return mergeResidue(msg, d.residue);
}

function encodeToolResult(
  it: JsonObject,
  raw: Residue | undefined,
  path: string,
  dropped: Dropped[],
): { message: JsonObject; moved: ChatPart[] } {
  const interop = it.interop;
  if (isObject(interop) && interop.is_error === true) {
    dropped.push({
      path: `${path}.interop.is_error`,
      reason: `${FORMAT} tool messages cannot flag an error`,
    });
  }
  const moved: ChatPart[] = [];
  let content: unknown;
  if (typeof it.output === "string") content = it.output;
  else {
    const text: ChatPart[] = [];
    (Array.isArray(it.output) ? it.output : []).forEach((p, i) => {
      const pp = `${path}.output[${i}]`;
      const isText = isObject(p) && (p.type === "input_text" || p.type === "output_text");
      const part = encodePart(p, pp, dropped, false);
      if (part === undefined) return;
      if (isText) text.push(part);
      else moved.push(part);
    });
    // Chat takes no empty part list; the images and files follow in a user message.
    content = text.length > 0 ? text : "";
  }
  if (raw?.$role === "function") {
    // A `function` message with null content decoded to an empty output.
    const c = raw.content === null && content === "" ? null : content;
    return { message: mergeResidue({ role: "function", name: raw.name, content: c }, raw), moved };
  }
  return { message: mergeResidue({ role: "tool", content, tool_call_id: it.call_id }, raw), moved };
}
