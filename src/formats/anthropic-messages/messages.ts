/**
 * Conversation history both ways: native `system` + `messages` ↔ IR `instructions` + input
 * items. User turns split into messages, tool results and opaque items; assistant turns go
 * through assistant.ts. On the way back, consecutive items of one side are joined into one
 * native message (`interop.anthropic.raw.new_message` marks where the native had two
 * consecutive messages of the same role).
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { Interop } from "../../ir/interop.ts";
import { isOpaque } from "../../ir/opaque.ts";
import type { IRInputItem } from "../../ir/request.ts";
import {
  at,
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  type JsonObject,
} from "../validate.ts";
import { decodeAssistantBlocks, encodeAssistantItem, historyIds } from "./assistant.ts";
import { attach, interopWith, nativeExtras, rawOf, reportForeignState, splitNative } from "./carry.ts";
import {
  decodeContentPart,
  decodeTextPart,
  encodeContentPart,
  encodeTextPart,
  type IRInputPart,
} from "./content.ts";
import type { ModelTraits } from "./models.ts";
import type { MessageParam, TextBlockParam } from "./types.ts";
import { FORMAT } from "./types.ts";

type Role = "user" | "assistant" | "system";

/** Marks `item` as carrying `key` in raw (for markers). */
function mark(item: IRInputItem, raw: JsonObject): void {
  const io = (item as { interop?: Interop }).interop;
  const a = io?.anthropic;
  (item as { interop?: Interop }).interop = { ...io, anthropic: { ...a, raw: { ...a?.raw, ...raw } } };
}

// ---- decode -------------------------------------------------------------------------------

/**
 * Native `system` → IR: a plain string is `instructions`; a list of text blocks (which may
 * carry `cache_control`) is a leading system message of `input_text` parts.
 * @see https://docs.anthropic.com/en/api/messages#body-system
 */
export function decodeSystem(v: unknown, path: string): { instructions?: string; items: IRInputItem[] } {
  if (v === undefined || v === null) return { items: [] };
  if (typeof v === "string") return { instructions: v, items: [] };
  const blocks = expectArray(v, path);
  const parts = blocks.map((b, i) => {
    const p = at(path, i);
    const block = expectObject(b, p);
    expectOneOf(block.type, ["text"], at(p, "type"));
    return decodeTextPart(block, p);
  });
  return { items: [{ type: "message", role: "system", content: parts }] };
}

/**
 * Native `messages` → IR input items.
 * @see https://docs.anthropic.com/en/api/messages#body-messages
 */
export function decodeMessages(v: unknown, path: string): IRInputItem[] {
  const list = expectArray(v, path);
  const out: IRInputItem[] = [];
  let prevRole: Role | undefined;
  list.forEach((m, i) => {
    const p = at(path, i);
    const msg = expectObject(m, p);
    const role = expectOneOf(msg.role, ["user", "assistant", "system"] as const, at(p, "role"));
    const items = decodeMessage(msg, role, p, i);
    const first = items[0];
    if (first !== undefined && role === prevRole) mark(first, { new_message: true });
    out.push(...items);
    prevRole = role;
  });
  return out;
}

function decodeMessage(msg: JsonObject, role: Role, path: string, index: number): IRInputItem[] {
  const cp = at(path, "content");
  const content = msg.content;
  if (typeof content === "string") {
    const item: IRInputItem = { type: "message", role, content };
    if (role === "system") mark(item, { in_messages: true });
    return [item];
  }
  const blocks = expectArray(content, cp);
  if (role === "assistant") {
    if (blocks.length === 0)
      return [{ type: "message", role: "assistant", content: [] } as unknown as IRInputItem];
    return decodeAssistantBlocks(blocks, cp, historyIds(index)) as IRInputItem[];
  }
  const items = decodeUserBlocks(blocks, cp);
  if (role === "system") {
    for (const it of items) {
      (it as { role?: string }).role = "system";
      mark(it, { in_messages: true });
    }
  }
  return items;
}

function decodeUserBlocks(blocks: unknown[], path: string): IRInputItem[] {
  const out: IRInputItem[] = [];
  let parts: IRInputPart[] | undefined;
  if (blocks.length === 0) return [{ type: "message", role: "user", content: [] }];
  blocks.forEach((b, i) => {
    const p = at(path, i);
    const block = expectObject(b, p);
    const type = expectString(block.type, at(p, "type"));
    const part = type === "tool_result" ? undefined : decodeContentPart(block, p);
    if (part !== undefined) {
      if (parts === undefined) {
        parts = [];
        out.push({ type: "message", role: "user", content: parts });
      }
      parts.push(part);
      return;
    }
    parts = undefined;
    if (type === "tool_result") out.push(decodeToolResult(block, p));
    else
      out.push(attach({ type: "message", role: "user", content: [] }, interopWith({ raw: { item: block } })));
  });
  return out;
}

/**
 * `tool_result` → `function_call_output`: string content stays a string, block content
 * becomes output parts (blocks with no IR part ride as text holding their JSON, the native
 * block kept in raw); `is_error: true` is the neutral `interop.is_error`.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-tool-use-and-tool-result-content-blocks
 */
function decodeToolResult(block: JsonObject, path: string): IRInputItem {
  const callId = expectString(block.tool_use_id, at(path, "tool_use_id"));
  const known = new Set(["type", "tool_use_id", "content"]);
  let output: string | IRInputPart[] = "";
  const content = block.content;
  if (typeof content === "string") output = content;
  else if (content !== undefined) {
    output = expectArray(content, at(path, "content")).map((c, i) => {
      const p = at(at(path, "content"), i);
      const inner = expectObject(c, p);
      return (
        decodeContentPart(inner, p) ??
        attach({ type: "input_text", text: JSON.stringify(inner) }, interopWith({ raw: { block: inner } }))
      );
    });
  }
  if (block.is_error === true) known.add("is_error");
  const state = splitNative(block, known);
  if (content === undefined) state.raw = { ...state.raw, no_content: true };
  const item = { type: "function_call_output", call_id: callId, output } as IRInputItem;
  return attach(item, interopWith(state, block.is_error === true ? { is_error: true } : undefined));
}

// ---- encode -------------------------------------------------------------------------------

type Side = "user" | "assistant";

interface Piece {
  side: Side;
  blocks: JsonObject[];
  text?: string;
  empty?: boolean;
  newMessage: boolean;
}

export interface EncodedHistory {
  messages: MessageParam[];
  /** Mid-conversation system/developer text the model cannot take in place. */
  lateSystem: TextBlockParam[];
}

function isSystemRole(item: object): boolean {
  const role = (item as { role?: unknown }).role;
  return role === "system" || role === "developer";
}

/** Whether a system message sat inside native `messages` (and goes back there). */
export function inMessages(item: object): boolean {
  return rawOf(item)?.in_messages === true;
}

/**
 * IR input items (after the leading system messages) → native `messages`. A final assistant
 * message stays where it is: on Anthropic that is a prefill, which is valid.
 * @see https://docs.anthropic.com/en/api/messages#body-messages
 */
export function encodeMessages(
  items: IRInputItem[],
  offset: number,
  traits: ModelTraits,
  dropped: Dropped[],
): EncodedHistory {
  const messages: MessageParam[] = [];
  const lateSystem: TextBlockParam[] = [];
  let cur: { role: Side; content: string | JsonObject[] } | undefined;
  const push = (piece: Piece): void => {
    const joinable = cur !== undefined && cur.role === piece.side && !piece.newMessage;
    if (joinable && cur !== undefined) {
      if (piece.blocks.length === 0 && (piece.text === undefined || piece.text === "")) return;
      if (typeof cur.content === "string") {
        cur.content = cur.content === "" ? [] : [{ type: "text", text: cur.content }];
      }
      if (piece.text !== undefined) cur.content.push({ type: "text", text: piece.text });
      cur.content.push(...piece.blocks);
      return;
    }
    if (piece.text === undefined && piece.blocks.length === 0 && !piece.empty) return;
    cur = { role: piece.side, content: piece.text ?? piece.blocks };
    messages.push(cur as MessageParam);
  };
  items.forEach((item, k) => {
    const path = `input[${k + offset}]`;
    const newMessage = rawOf(item)?.new_message === true;
    const type = (item as { type?: string }).type ?? "message";
    if (type === "message" && isSystemRole(item)) {
      const content = (item as { content: unknown }).content;
      if (inMessages(item) || traits.midConversationSystem) {
        cur = undefined;
        const blocks = systemBlocks(content, path, dropped);
        messages.push({
          role: "system",
          content: typeof content === "string" ? content : blocks,
        } as MessageParam);
      } else lateSystem.push(...systemBlocks(content, path, dropped));
      return;
    }
    const side = sideOf(item);
    if (side === "user") {
      const piece = encodeUserItem(item, path, dropped);
      if (piece !== undefined) push({ ...piece, side, newMessage });
      return;
    }
    const enc = encodeAssistantItem(item, "request", path, dropped);
    if (enc !== undefined) push({ ...enc, side: "assistant", newMessage });
  });
  return { messages, lateSystem };
}

function sideOf(item: object): Side {
  const it = item as { type?: string; role?: string };
  if (it.type === "function_call_output") return "user";
  if ((it.type ?? "message") === "message" && it.role === "user") return "user";
  return "assistant";
}

function encodeUserItem(
  item: object,
  path: string,
  dropped: Dropped[],
): { blocks: JsonObject[]; text?: string; empty?: boolean } | undefined {
  const it = item as { type?: string; content?: unknown };
  const carried = rawOf(item)?.item;
  if (isObject(carried)) return { blocks: [carried] };
  if (!isOpaque(item)) reportForeignState(item, path, dropped);
  if (it.type === "function_call_output") return { blocks: [encodeToolResult(item, path, dropped)] };
  if (typeof it.content === "string") return { blocks: [], text: it.content };
  const parts = Array.isArray(it.content) ? it.content : [];
  if (parts.length === 0) {
    if (isOpaque(item)) {
      dropped.push({ path, reason: `another provider's native element has no equivalent in ${FORMAT}` });
      return undefined;
    }
    return { blocks: [], empty: true };
  }
  const blocks: JsonObject[] = [];
  parts.forEach((part: object, j) => {
    const p = `${path}.content[${j}]`;
    if (
      (part as { type?: string; text?: string }).type === "input_text" &&
      (part as { text: string }).text === ""
    )
      return;
    const block = encodeContentPart(part, p, dropped);
    if (block !== undefined) blocks.push(block as unknown as JsonObject);
  });
  return { blocks };
}

/**
 * `function_call_output` → `tool_result`; `interop.is_error` → `is_error: true`.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-tool-use-and-tool-result-content-blocks
 */
function encodeToolResult(item: object, path: string, dropped: Dropped[]): JsonObject {
  const it = item as { call_id?: string | null; output: unknown; interop?: Interop };
  const block: JsonObject = { type: "tool_result", tool_use_id: it.call_id ?? "" };
  if (rawOf(item)?.no_content !== true) {
    if (typeof it.output === "string") block.content = it.output;
    else if (Array.isArray(it.output)) {
      const content: JsonObject[] = [];
      it.output.forEach((part: object, j) => {
        const b = encodeContentPart(part, `${path}.output[${j}]`, dropped);
        if (b !== undefined) content.push(b as unknown as JsonObject);
      });
      block.content = content;
    }
  }
  if (it.interop?.is_error === true) block.is_error = true;
  return Object.assign(block, nativeExtras(item));
}

/**
 * System/developer message content → text blocks (non-text parts are reported).
 * @see https://docs.anthropic.com/en/api/messages#body-system
 */
export function systemBlocks(content: unknown, path: string, dropped: Dropped[]): TextBlockParam[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  const out: TextBlockParam[] = [];
  (Array.isArray(content) ? content : []).forEach((part: unknown, j) => {
    const p = `${path}.content[${j}]`;
    if (isObject(part) && (part.type === "input_text" || part.type === "output_text")) {
      out.push(encodeTextPart(part as unknown as { text: string }, p, dropped));
    } else {
      dropped.push({ path: p, reason: `${FORMAT} system prompts hold text only` });
    }
  });
  return out;
}
