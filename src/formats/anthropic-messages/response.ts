/**
 * Response bodies both ways: Anthropic `Message` ↔ IRResponse.
 */
import type { Dropped, Translated } from "../../ir/dropped.ts";
import type { IRResponse } from "../../ir/response.ts";
import { withRaw } from "../interop-carry.ts";
import { at, expectArray, expectObject, expectString, type JsonObject, unknownKeys } from "../validate.ts";
import type { ResponseContext } from "../wire-format.ts";
import { decodeAssistantBlocks, encodeAssistantItem, responseIds } from "./assistant.ts";
import { rawOf } from "./carry.ts";
import { decodeStopReason, encodeStopReason } from "./finish-reason.ts";
import type { AnthropicContentBlock, AnthropicMessage } from "./types.ts";
import { KEY } from "./types.ts";
import { decodeResponseServiceTier, decodeUsage, encodeUsage } from "./usage.ts";

const KNOWN = new Set(["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"]);

/**
 * A `Message` → IR response. Content blocks become output items in order; `usage` keeps its
 * native object in raw (cache TTL split, server tool counts, iterations) next to the IR counts;
 * fields with no IR slot (`container`, `stop_details`, `context_management`, …) stay raw.
 * @see https://docs.anthropic.com/en/api/messages#response
 */
export function decodeResponse(body: unknown): Translated<IRResponse> {
  const b = expectObject(body, "");
  const id = expectString(b.id, "id");
  const content = expectArray(b.content, "content");
  const stopValue =
    b.stop_reason === null || b.stop_reason === undefined ? null : expectString(b.stop_reason, "stop_reason");
  const stop = decodeStopReason(stopValue, typeof b.stop_sequence === "string" ? b.stop_sequence : null);
  const res: IRResponse = {
    id,
    model: typeof b.model === "string" ? b.model : "",
    status:
      stopValue === "max_tokens" || stopValue === "model_context_window_exceeded"
        ? "incomplete"
        : "completed",
    output: decodeAssistantBlocks(content, "content", responseIds(id)),
  };
  if (stop !== undefined) res.stop_reason = stop;
  if (b.usage !== undefined) {
    res.usage = decodeUsage(expectObject(b.usage, "usage"));
    const tier = decodeResponseServiceTier((b.usage as JsonObject).service_tier);
    if (tier !== undefined) res.service_tier = tier;
  }
  const raw: JsonObject = { ...unknownKeys(b, KNOWN) };
  if (b.usage !== undefined) raw.usage = b.usage;
  const interop = withRaw(undefined, KEY, Object.keys(raw).length > 0 ? raw : undefined);
  if (interop !== undefined) res.interop = interop;
  return { value: res, dropped: [] };
}

/**
 * IR response → `Message`. Without a stop reason the answer's shape decides (tool calls →
 * `tool_use`, incomplete → `max_tokens`, else `end_turn`), since the field is never null in a
 * finished non-streamed message.
 * @see https://docs.anthropic.com/en/api/messages#response
 */
export function encodeResponse(res: IRResponse, _ctx?: ResponseContext): Translated<AnthropicMessage> {
  const dropped: Dropped[] = [];
  const raw = rawOf(res);
  const content: AnthropicContentBlock[] = [];
  res.output.forEach((item, i) => {
    const enc = encodeAssistantItem(item, "response", at("output", i), dropped);
    if (enc === undefined) return;
    if (enc.text !== undefined) content.push({ type: "text", text: enc.text } as AnthropicContentBlock);
    content.push(...(enc.blocks as unknown as AnthropicContentBlock[]));
  });
  const stopReason =
    encodeStopReason(res.stop_reason) ??
    (res.output.some((o) => o.type === "function_call")
      ? "tool_use"
      : res.status === "incomplete"
        ? "max_tokens"
        : "end_turn");
  const out: AnthropicMessage = {
    id: res.id,
    type: "message",
    role: "assistant",
    model: res.model,
    content,
    stop_reason: stopReason,
    stop_sequence: res.stop_reason?.sequence ?? null,
    usage: encodeUsage(res.usage, raw?.usage, res.service_tier),
  };
  for (const [k, v] of Object.entries(raw ?? {})) if (!KNOWN.has(k)) (out as unknown as JsonObject)[k] = v;
  if (res.error != null)
    dropped.push({ path: "error", reason: "an Anthropic message cannot carry an error" });
  return { value: out, dropped };
}
