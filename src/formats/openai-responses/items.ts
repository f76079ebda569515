/**
 * Input items of a Responses request: validation (decode) and what may go to OpenAI
 * (encode). Items are IR-native: every type, including the hosted-tool ones no other
 * format has, is kept as it is. Output items are in output-items.ts.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 */
import type { Dropped } from "../../ir/dropped.ts";
import { invalidRequest } from "../../ir/error.ts";
import { INTEROP_KEYS, type Interop } from "../../ir/interop.ts";
import { isOpaque, opaqueNative } from "../../ir/opaque.ts";
import type { IRInputItem } from "../../ir/request.ts";
import {
  at,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  type JsonObject,
  optional,
} from "../validate.ts";
import { checkContent, checkToolOutput, encodeParts } from "./content.ts";
import { reportInterop, withoutInterop } from "./interop-report.ts";
import { checkReasoningItem, foreignReasoning, unsealReasoning } from "./reasoning.ts";
import { FORMAT } from "./types.ts";

export const ITEM_TYPES = [
  "message",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "reasoning",
  "item_reference",
  "file_search_call",
  "web_search_call",
  "computer_call",
  "computer_call_output",
  "tool_search_call",
  "tool_search_output",
  "additional_tools",
  "configuration_update",
  "compaction",
  "compaction_trigger",
  "image_generation_call",
  "code_interpreter_call",
  "local_shell_call",
  "local_shell_call_output",
  "shell_call",
  "shell_call_output",
  "apply_patch_call",
  "apply_patch_call_output",
  "mcp_list_tools",
  "mcp_approval_request",
  "mcp_approval_response",
  "mcp_call",
  "program",
  "program_output",
] as const;

const ROLES = ["user", "assistant", "system", "developer"] as const;
const STATUSES = ["in_progress", "completed", "incomplete"] as const;

/**
 * The type of an item. Two items may leave it out: an EasyInputMessage (`{role, content}`)
 * and an item reference (`{id}`, type null or absent).
 */
function itemType(item: JsonObject, path: string): (typeof ITEM_TYPES)[number] {
  if (item.type === undefined || item.type === null) {
    if (item.role !== undefined) return "message";
    if (typeof item.id === "string") return "item_reference";
    throw invalidRequest(at(path, "type"), "an item type (or a message with `role` and `content`)");
  }
  return expectOneOf(item.type, ITEM_TYPES, at(path, "type"));
}

/** Checks one input item; throws naming the path of the first problem. */
export function checkItem(value: unknown, path: string): void {
  const item = expectObject(value, path);
  const type = itemType(item, path);
  switch (type) {
    case "message": {
      const role = expectOneOf(item.role, ROLES, at(path, "role"));
      if (item.content === undefined)
        throw invalidRequest(at(path, "content"), "a string or a list of parts");
      checkContent(item.content, role, at(path, "content"));
      optional(item, "status", path, (v, p) => expectOneOf(v, STATUSES, p));
      optional(item, "id", path, expectString);
      return;
    }
    case "function_call":
      expectString(item.call_id, at(path, "call_id"));
      expectString(item.name, at(path, "name"));
      expectString(item.arguments, at(path, "arguments"));
      optional(item, "id", path, expectString);
      return;
    case "function_call_output":
      expectString(item.call_id, at(path, "call_id"));
      if (item.output === undefined) throw invalidRequest(at(path, "output"), "a string or a list of parts");
      checkToolOutput(item.output, at(path, "output"));
      return;
    case "custom_tool_call":
      expectString(item.call_id, at(path, "call_id"));
      expectString(item.name, at(path, "name"));
      expectString(item.input, at(path, "input"));
      return;
    case "custom_tool_call_output":
      expectString(item.call_id, at(path, "call_id"));
      if (item.output === undefined) throw invalidRequest(at(path, "output"), "a string or a list of parts");
      checkToolOutput(item.output, at(path, "output"));
      return;
    case "reasoning":
      checkReasoningItem(item, path);
      return;
    case "item_reference":
      expectString(item.id, at(path, "id"));
      return;
    case "compaction":
      expectString(item.encrypted_content, at(path, "encrypted_content"));
      return;
    default:
      // Hosted-tool items travel back to OpenAI as OpenAI produced them.
      return;
  }
}

/** The families whose native element an opaque item holds. */
export function opaqueFamilies(item: object): string {
  const io = (item as { interop?: Interop }).interop ?? {};
  return INTEROP_KEYS.filter((k) => io[k]?.raw?.item !== undefined).join(", ");
}

/** `item` with OpenAI's own `interop.openai.raw` fields put back in place and the rest kept. */
export function withOwnRaw<T extends object>(item: T): T {
  const io = (item as { interop?: Interop }).interop;
  const raw = io?.openai?.raw;
  if (raw === undefined) return item;
  const { openai: _own, ...others } = io ?? {};
  const merged: JsonObject = { ...raw, ...withoutInterop(item) };
  if (Object.keys(others).length > 0) merged.interop = others;
  return merged as T;
}

/** OpenAI item ids: the type's prefix, an underscore, a long hex string. */
const OPENAI_ID = /^[a-z]+_[0-9a-f]{16,}$/i;

/** Items every format produces or replays; their ids are optional on input. */
const CLIENT_ITEMS: ReadonlySet<string> = new Set([
  "message",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "reasoning",
  "item_reference",
]);

/** OpenAI checks input item ids by prefix; a foreign id is optional, so it is left out. */
const ID_PREFIX: Readonly<Record<string, string>> = { message: "msg", function_call: "fc" };

function dropForeignId(item: JsonObject, type: string): JsonObject {
  const prefix = ID_PREFIX[type];
  if (prefix === undefined || typeof item.id !== "string" || item.id.startsWith(prefix)) return item;
  const { id: _id, ...rest } = item;
  return rest;
}

/** The text a history part said, for replaying another model's turn as plain text. */
function partText(part: JsonObject): string | undefined {
  if (typeof part.text === "string") return part.text;
  if (typeof part.refusal === "string") return part.refusal;
  return undefined;
}

/**
 * An assistant turn OpenAI did not produce (no `msg_<hex>` id) goes back as one
 * EasyInputMessage per part with the part's text as its string content: the schema allows
 * `output_text` parts only on OpenAI's own output messages (id, status, logprobs
 * required), and splitting keeps every part's text exact where joining would need a
 * separator. Annotations do not travel (the model reads text) and are reported.
 */
function encodeAssistantHistory(item: JsonObject, path: string, dropped: Dropped[]): JsonObject[] {
  if (typeof item.id === "string" && OPENAI_ID.test(item.id) && item.id.startsWith("msg")) return [item];
  const { id: _id, status: _status, content, ...rest } = item;
  if (typeof content === "string") return [{ ...rest, content }];
  const out: JsonObject[] = [];
  (Array.isArray(content) ? content : []).forEach((p, j) => {
    if (!isObject(p)) return;
    const text = partText(p);
    if (Array.isArray(p.annotations) && p.annotations.length > 0) {
      dropped.push({
        path: `${path}.content[${j}].annotations`,
        reason: `${FORMAT} takes annotations only on its own output messages`,
      });
    }
    if (text === undefined) {
      dropped.push({ path: `${path}.content[${j}]`, reason: `no equivalent in ${FORMAT} assistant history` });
      return;
    }
    out.push({ ...rest, content: text });
  });
  return out;
}

/** Parts as OpenAI's schema requires them (image `detail` is required; `auto` is its default). */
function completeParts(parts: JsonObject[]): JsonObject[] {
  return parts.map((p) =>
    p.type === "input_image" && p.detail === undefined ? { ...p, detail: "auto" } : p,
  );
}

/**
 * IR input items → what OpenAI accepts: `interop` never leaves (its foreign state is
 * reported); other formats' opaque elements, reasoning and hosted-tool items are left out
 * and reported; another model's assistant turns go back as text.
 */
export function encodeInputItems(items: readonly IRInputItem[], dropped: Dropped[]): JsonObject[] {
  const out: JsonObject[] = [];
  items.forEach((item, i) => {
    const path = `input[${i}]`;
    if (isOpaque(item)) {
      const native = opaqueNative(item, "openai");
      if (isObject(native)) out.push(native);
      else dropped.push({ path, reason: `${opaqueFamilies(item)} element with no equivalent in ${FORMAT}` });
      return;
    }
    const typed = unsealReasoning(withOwnRaw(item) as JsonObject & { type?: string; interop?: Interop });
    const type = typed.type ?? (typed.role !== undefined ? "message" : "item_reference");
    if (type === "reasoning") {
      const reason = foreignReasoning(typed);
      if (reason !== undefined) {
        dropped.push({ path, reason });
        return;
      }
    } else if (!CLIENT_ITEMS.has(type) && typeof typed.id === "string" && !OPENAI_ID.test(typed.id)) {
      // A hosted-tool item (web search, code execution, …) another provider ran: OpenAI
      // only replays its own.
      dropped.push({ path, reason: `${type} run by another provider cannot be replayed to ${FORMAT}` });
      return;
    }
    reportInterop(typed.interop, `${path}.`, dropped);
    let native = dropForeignId(withoutInterop(typed), type);
    if (type === "message" && Array.isArray(native.content)) {
      const parts = completeParts(encodeParts(native.content as JsonObject[], `${path}.content`, dropped));
      // A message whose every part was left out (audio only) would be rejected as empty.
      if (parts.length === 0 && native.content.length > 0) return;
      native = { ...native, content: parts };
    }
    if (type === "message" && native.role === "assistant") {
      out.push(...encodeAssistantHistory(native, path, dropped));
      return;
    }
    if (
      (type === "function_call_output" || type === "custom_tool_call_output") &&
      Array.isArray(native.output)
    ) {
      native = {
        ...native,
        output: completeParts(encodeParts(native.output as JsonObject[], `${path}.output`, dropped)),
      };
    }
    out.push(native);
  });
  return out;
}

/** Input items with sealed reasoning state (a Responses client sending back what
 * `encodeOutputItems` wrote) opened again: origin markers and signatures restored. */
export function unsealItems<T extends object>(items: readonly T[]): T[] {
  return items.map((item) => unsealReasoning(item as T & { type?: unknown }));
}
