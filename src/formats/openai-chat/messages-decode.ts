import { invalidRequest } from "../../ir/error.ts";
import { opaqueItem } from "../../ir/opaque.ts";
import type { IRInputItem } from "../../ir/request.ts";
import {
  at,
  describe,
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  type JsonObject,
  unknownKeys,
} from "../validate.ts";
import { decodePart, type IRPart, PART_TYPES } from "./content.ts";
import { chatInterop, type Residue, residueOf } from "./residue.ts";

const ROLES = ["system", "developer", "user", "assistant", "tool", "function"] as const;
const PLAIN_KEYS = new Set(["role", "content"]);
const ASSISTANT_KEYS = new Set(["role", "content", "refusal", "tool_calls", "function_call", "audio"]);
const TOOL_KEYS = new Set(["role", "content", "tool_call_id"]);
const FUNCTION_MSG_KEYS = new Set(["role", "content", "name"]);
const CALL_KEYS = new Set(["id", "type", "function", "custom"]);

/** What earlier messages said that later ones need (which call ids are custom, legacy calls). */
interface DecodeState {
  customCalls: Set<string>;
  /** Deprecated `function_call`s awaiting their `function` role answer, by function name. */
  legacyCalls: Map<string, string[]>;
}

/**
 * Chat `messages` → IR input items, in order. System and developer messages stay messages
 * (Chat allows them anywhere); an assistant message becomes its text/refusal message item,
 * then its tool calls as `function_call` / `custom_tool_call` items; a tool message becomes a
 * `function_call_output` (or `custom_tool_call_output` when it answers a custom tool call).
 * The deprecated `function_call` / `function` role forms map the same way, with call ids
 * derived from the message position since they carry none.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function decodeMessages(v: unknown, path: string): IRInputItem[] {
  const state: DecodeState = { customCalls: new Set(), legacyCalls: new Map() };
  const items: IRInputItem[] = [];
  expectArray(v, path).forEach((m, i) => {
    items.push(...decodeMessage(m, at(path, i), i, state));
  });
  return items;
}

function decodeMessage(v: unknown, path: string, index: number, state: DecodeState): IRInputItem[] {
  const m = expectObject(v, path);
  const role = expectOneOf(m.role, ROLES, at(path, "role"));
  switch (role) {
    case "system":
    case "developer":
    case "user": {
      const content = decodeContent(m.content, at(path, "content"), PART_TYPES[role]);
      return [
        {
          type: "message",
          role,
          content,
          ...chatInterop(residueOf({ ...unknownKeys(m, PLAIN_KEYS) })),
        } as IRInputItem,
      ];
    }
    case "assistant":
      return decodeAssistant(m, path, index, state);
    case "tool": {
      const call_id = expectString(m.tool_call_id, at(path, "tool_call_id"));
      const output = decodeContent(m.content, at(path, "content"), PART_TYPES.tool);
      const type = state.customCalls.has(call_id) ? "custom_tool_call_output" : "function_call_output";
      return [
        { type, call_id, output, ...chatInterop(residueOf({ ...unknownKeys(m, TOOL_KEYS) })) } as IRInputItem,
      ];
    }
    case "function": {
      const name = expectString(m.name, at(path, "name"));
      const content = m.content === null ? null : expectString(m.content, at(path, "content"));
      const call_id = state.legacyCalls.get(name)?.shift() ?? legacyCallId(index, name);
      const raw = residueOf({
        ...unknownKeys(m, FUNCTION_MSG_KEYS),
        name,
        ...(content === null ? { content: null } : {}),
        $role: "function",
      });
      return [
        { type: "function_call_output", call_id, output: content ?? "", ...chatInterop(raw) } as IRInputItem,
      ];
    }
    default: {
      const never: never = role;
      return never;
    }
  }
}

/** Deprecated function calls carry no id; derive one from where the call was made. */
function legacyCallId(index: number, name: string): string {
  return `call_legacy_${index}_${name}`;
}

/** String content stays a string; an array becomes IR input parts. */
function decodeContent(v: unknown, path: string, allowed: typeof PART_TYPES.user): string | IRPart[] {
  if (typeof v === "string") return v;
  if (!Array.isArray(v))
    throw invalidRequest(path, `a string or an array of content parts, got ${describe(v)}`);
  return v.map((p, i) => decodePart(p, at(path, i), allowed));
}

function decodeAssistant(m: JsonObject, path: string, index: number, state: DecodeState): IRInputItem[] {
  const cp = at(path, "content");
  const message: Residue = { ...unknownKeys(m, ASSISTANT_KEYS) };
  const absent: string[] = [];
  const hasCalls =
    (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) || m.function_call != null || m.audio != null;
  const parts: JsonObject[] = [];

  if (m.content === undefined) absent.push("content");
  else if (m.content === null) message.content = null;
  else if (typeof m.content === "string")
    parts.push({ type: "output_text", text: m.content, annotations: [] });
  else if (Array.isArray(m.content)) {
    message.$content = "parts";
    m.content.forEach((p, i) => {
      parts.push(decodeAssistantPart(p, at(cp, i)));
    });
  } else throw invalidRequest(cp, `a string, an array of content parts or null, got ${describe(m.content)}`);

  if (typeof m.refusal === "string") parts.push({ type: "refusal", refusal: m.refusal });
  else if (m.refusal === null) message.refusal = null;
  else if (m.refusal !== undefined)
    throw invalidRequest(at(path, "refusal"), `a string, got ${describe(m.refusal)}`);

  const items: IRInputItem[] = [];
  if (parts.length > 0 || !hasCalls) {
    items.push({ type: "message", role: "assistant", content: parts } as unknown as IRInputItem);
  }
  if (m.audio != null) {
    const audio = expectObject(m.audio, at(path, "audio"));
    items.push(opaqueItem("chat", `chat_audio_${index}`, { audio }) as IRInputItem);
  } else if (m.audio === null) message.audio = null;

  if (m.tool_calls !== undefined) {
    const tp = at(path, "tool_calls");
    const calls = expectArray(m.tool_calls, tp);
    if (calls.length === 0) message.tool_calls = [];
    calls.forEach((c, i) => {
      items.push(decodeToolCall(c, at(tp, i), state));
    });
  }
  if (m.function_call === null) message.function_call = null;
  else if (m.function_call !== undefined) {
    const fp = at(path, "function_call");
    const f = expectObject(m.function_call, fp);
    const name = expectString(f.name, at(fp, "name"));
    const call_id = legacyCallId(index, name);
    state.legacyCalls.set(name, [...(state.legacyCalls.get(name) ?? []), call_id]);
    items.push({
      type: "function_call",
      call_id,
      name,
      arguments: expectString(f.arguments, at(fp, "arguments")),
      ...chatInterop({ $function_call: true }),
    } as IRInputItem);
  }

  // The first item carries the message's own residue; it also marks where the message starts.
  const first = items[0] as unknown as JsonObject;
  const own = (first.interop as { chat?: { raw?: Residue } } | undefined)?.chat?.raw;
  const messageResidue = residueOf(message, absent) ?? {};
  first.interop = { chat: { raw: { ...own, message: messageResidue } } };
  return items;
}

function decodeAssistantPart(v: unknown, path: string): JsonObject {
  const p = expectObject(v, path);
  const type = expectOneOf(p.type, PART_TYPES.assistant, at(path, "type"));
  if (type === "refusal") {
    return {
      type: "refusal",
      refusal: expectString(p.refusal, at(path, "refusal")),
      ...chatInterop(residueOf({ ...unknownKeys(p, new Set(["type", "refusal"])) })),
    };
  }
  return {
    type: "output_text",
    text: expectString(p.text, at(path, "text")),
    annotations: [],
    ...chatInterop(residueOf({ ...unknownKeys(p, new Set(["type", "text"])) })),
  };
}

function decodeToolCall(v: unknown, path: string, state: DecodeState): IRInputItem {
  const c = expectObject(v, path);
  const call_id = expectString(c.id, at(path, "id"));
  const type = expectOneOf(c.type, ["function", "custom"] as const, at(path, "type"));
  if (type === "custom") {
    const cp = at(path, "custom");
    const f = expectObject(c.custom, cp);
    state.customCalls.add(call_id);
    const extra = unknownKeys(f, new Set(["name", "input"]));
    return {
      type: "custom_tool_call",
      call_id,
      name: expectString(f.name, at(cp, "name")),
      input: expectString(f.input, at(cp, "input")),
      ...chatInterop(residueOf({ ...unknownKeys(c, CALL_KEYS), ...(extra ? { custom: extra } : {}) })),
    } as IRInputItem;
  }
  const fp = at(path, "function");
  const f = expectObject(c.function, fp);
  const extra = unknownKeys(f, new Set(["name", "arguments"]));
  return {
    type: "function_call",
    call_id,
    name: expectString(f.name, at(fp, "name")),
    arguments: expectString(f.arguments, at(fp, "arguments")),
    ...chatInterop(residueOf({ ...unknownKeys(c, CALL_KEYS), ...(extra ? { function: extra } : {}) })),
  } as IRInputItem;
}
