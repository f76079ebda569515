/**
 * Assistant content both ways, shared by response bodies and assistant turns in request
 * history: each native block in order → IR items in order (consecutive text blocks form one
 * assistant message, `tool_use` → `function_call`, thinking → `reasoning`, web search →
 * `web_search_call`, anything else → an opaque item), and back.
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import { isOpaque, opaqueItem, opaqueNative } from "../../ir/opaque.ts";
import type {
  ResponseFunctionToolCall,
  ResponseFunctionWebSearch,
  ResponseOutputMessage,
  ResponseOutputText,
} from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import { at, expectObject, expectString, isObject, type JsonObject } from "../validate.ts";
import { attach, interopWith, nativeExtras, rawOf, reportForeignState, splitNative } from "./carry.ts";
import { annotationsFor } from "./citations.ts";
import { encodeTextPart } from "./content.ts";
import {
  decodeRedactedBlock,
  decodeThinkingBlock,
  encodeReasoningItem,
  type IRReasoningItem,
} from "./reasoning.ts";
import { FORMAT, KEY } from "./types.ts";

/** How derived ids are made; request history leaves message ids out (they are optional there). */
export interface IdScheme {
  message(index: number): string | undefined;
  reasoning(index: number): string;
  opaque(index: number): string;
  /** Output items carry the native tool id as their item id too. */
  toolItemIds: boolean;
}

/** Ids for a response body: derived from the message id and the block index, never random. */
export function responseIds(messageId: string): IdScheme {
  const base = messageId.replace(/^msg_/, "");
  return {
    message: (i) => `msg_${base}_${i}`,
    reasoning: (i) => `rs_${base}_${i}`,
    opaque: (i) => `item_${base}_${i}`,
    toolItemIds: true,
  };
}

/** Ids for assistant turns in request history (`messages[m]`). */
export function historyIds(messageIndex: number): IdScheme {
  return {
    message: () => undefined,
    reasoning: (i) => `rs_${messageIndex}_${i}`,
    opaque: (i) => `item_${messageIndex}_${i}`,
    toolItemIds: false,
  };
}

type OutputText = WithInterop<ResponseOutputText>;

function decodeOutputText(block: JsonObject, path: string): OutputText {
  const text = expectString(block.text, at(path, "text"));
  const cited = Array.isArray(block.citations);
  const state = splitNative(block, new Set(cited ? ["type", "text", "citations"] : ["type", "text"]));
  if (cited) state.citations = block.citations as unknown[];
  return attach(
    { type: "output_text", text, annotations: annotationsFor(state.citations, text) },
    interopWith(state),
  );
}

function decodeToolUse(
  block: JsonObject,
  path: string,
  ids: IdScheme,
): WithInterop<ResponseFunctionToolCall> {
  const id = expectString(block.id, at(path, "id"));
  const call: ResponseFunctionToolCall = {
    type: "function_call",
    call_id: id,
    name: expectString(block.name, at(path, "name")),
    arguments: JSON.stringify(block.input ?? {}),
  };
  if (ids.toolItemIds) {
    call.id = id;
    call.status = "completed";
  }
  return attach(call, interopWith(splitNative(block, new Set(["type", "id", "name", "input"]))));
}

/**
 * `server_tool_use` (web_search) and the `web_search_tool_result` right after it → one
 * `web_search_call`; both native blocks ride along in raw so they go back verbatim.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool
 */
function decodeWebSearch(
  use: JsonObject,
  result: JsonObject | undefined,
): WithInterop<ResponseFunctionWebSearch> {
  const input = isObject(use.input) ? use.input : {};
  const action: ResponseFunctionWebSearch.Search = { type: "search" };
  if (typeof input.query === "string") action.query = input.query;
  let status: ResponseFunctionWebSearch["status"] = result === undefined ? "in_progress" : "completed";
  if (result !== undefined) {
    if (Array.isArray(result.content)) {
      action.sources = result.content
        .filter((r): r is JsonObject => isObject(r) && typeof r.url === "string")
        .map((r) => ({ type: "url", url: r.url as string }));
    } else status = "failed";
  }
  const raw: JsonObject = { server_tool_use: use };
  if (result !== undefined) raw.result = result;
  return attach({ type: "web_search_call", id: use.id as string, status, action }, interopWith({ raw }));
}

/**
 * Native assistant content blocks → IR items, in order.
 * @see https://docs.anthropic.com/en/api/messages#response-content
 */
export function decodeAssistantBlocks(blocks: unknown[], path: string, ids: IdScheme): IROutputItem[] {
  const out: IROutputItem[] = [];
  let text: ResponseOutputMessage | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const p = at(path, i);
    const block = expectObject(blocks[i], p);
    const type = expectString(block.type, at(p, "type"));
    if (type === "text") {
      if (text === undefined) {
        const id = ids.message(i);
        text = { type: "message", role: "assistant", content: [] } as unknown as ResponseOutputMessage;
        if (id !== undefined) Object.assign(text, { id, status: "completed" });
        out.push(text);
      }
      text.content.push(decodeOutputText(block, p));
      continue;
    }
    text = undefined;
    switch (type) {
      case "thinking":
        out.push(decodeThinkingBlock(block, ids.reasoning(i), p));
        break;
      case "redacted_thinking":
        out.push(decodeRedactedBlock(block, ids.reasoning(i), p));
        break;
      case "tool_use":
        out.push(decodeToolUse(block, p, ids));
        break;
      case "server_tool_use": {
        const next = blocks[i + 1];
        if (block.name === "web_search" && typeof block.id === "string") {
          const paired =
            isObject(next) && next.type === "web_search_tool_result" && next.tool_use_id === block.id
              ? next
              : undefined;
          out.push(decodeWebSearch(block, paired));
          if (paired !== undefined) i++;
        } else out.push(opaqueItem(KEY, ids.opaque(i), block));
        break;
      }
      default:
        out.push(opaqueItem(KEY, ids.opaque(i), block));
    }
  }
  return out;
}

/** What one IR item becomes on the assistant side: native blocks, or plain string content. */
export interface AssistantContent {
  blocks: JsonObject[];
  /** The item was a message with string content (kept as a string when it stands alone). */
  text?: string;
  /** The IR message had no content at all (a native `content: []`). */
  empty?: boolean;
}

/**
 * IR item → native assistant blocks. In a request, empty text is skipped (Anthropic rejects
 * empty text blocks); in a response it is kept as it was.
 * @see https://docs.anthropic.com/en/api/messages#body-messages-content
 */
export function encodeAssistantItem(
  item: object,
  mode: "request" | "response",
  path: string,
  dropped: Dropped[],
): AssistantContent | undefined {
  const it = item as { type?: string };
  const native = opaqueNative(item, KEY);
  if (isObject(native)) return { blocks: [native] };
  if (!isOpaque(item) && it.type !== "reasoning") reportForeignState(item, path, dropped);
  switch (it.type ?? "message") {
    case "message":
      return encodeAssistantMessage(item as { content: unknown }, mode, path, dropped);
    case "function_call":
      return { blocks: [encodeToolUse(item as ResponseFunctionToolCall, path, dropped)] };
    case "reasoning": {
      const block = encodeReasoningItem(item as IRReasoningItem, mode, path, dropped);
      return { blocks: block === undefined ? [] : [block] };
    }
    case "web_search_call": {
      const raw = rawOf(item);
      if (isObject(raw?.server_tool_use)) {
        return { blocks: isObject(raw.result) ? [raw.server_tool_use, raw.result] : [raw.server_tool_use] };
      }
      dropped.push({
        path,
        reason: `${FORMAT} can only replay its own web searches (results carry encrypted content)`,
      });
      return { blocks: [] };
    }
    default:
      dropped.push({ path, reason: `${it.type} items have no equivalent in ${FORMAT}` });
      return undefined;
  }
}

function encodeAssistantMessage(
  msg: { content: unknown },
  mode: "request" | "response",
  path: string,
  dropped: Dropped[],
): AssistantContent | undefined {
  if (isOpaque(msg)) {
    dropped.push({ path, reason: `another provider's native element has no equivalent in ${FORMAT}` });
    return undefined;
  }
  if (typeof msg.content === "string") return { blocks: [], text: msg.content };
  const parts = Array.isArray(msg.content) ? msg.content : [];
  if (parts.length === 0) return { blocks: [], empty: true };
  const blocks: JsonObject[] = [];
  parts.forEach((part: unknown, j) => {
    const p = `${path}.content[${j}]`;
    if (!isObject(part)) return;
    if (part.type === "output_text" || part.type === "input_text") {
      const t = part as unknown as { text: string };
      if (mode === "request" && t.text === "") return;
      blocks.push(encodeTextPart(t, p, dropped) as unknown as JsonObject);
    } else if (part.type === "refusal") {
      blocks.push({ type: "text", text: String(part.refusal), ...nativeExtras(part) });
    } else {
      dropped.push({
        path: p,
        reason: `${String(part.type)} content cannot be in an assistant turn of ${FORMAT}`,
      });
    }
  });
  return { blocks };
}

/**
 * function_call → tool_use. Anthropic wants `input` as an object; arguments that are not a
 * JSON object (some models emit broken JSON) are reported and sent as `{}`.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
function encodeToolUse(call: ResponseFunctionToolCall, path: string, dropped: Dropped[]): JsonObject {
  let input: JsonObject = {};
  if (call.arguments.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(call.arguments);
      if (isObject(parsed)) input = parsed;
      else dropped.push({ path: `${path}.arguments`, reason: "not a JSON object; sent as {}" });
    } catch {
      dropped.push({ path: `${path}.arguments`, reason: "not valid JSON; sent as {}" });
    }
  }
  return { type: "tool_use", id: call.call_id, name: call.name, input, ...nativeExtras(call) };
}
