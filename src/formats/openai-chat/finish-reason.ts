import type { StopKind, StopReason } from "../../ir/stop-reason.ts";
import { nativeStop } from "../../ir/stop-reason.ts";

export type ChatFinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

export const CHAT_FINISH_REASONS: readonly ChatFinishReason[] = [
  "stop",
  "length",
  "tool_calls",
  "content_filter",
  "function_call",
];

/**
 * Chat `finish_reason` → IR stop reason. `stop` covers both a natural end and a matched stop
 * sequence (Chat does not tell them apart), so it reads as `end_turn`. Values outside the
 * documented set (OpenAI-compatible servers invent some) read as `other`, kept in `native`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function decodeFinishReason(value: string): StopReason {
  return { kind: kindOf(value), native: { format: "openai-chat", value } };
}

function kindOf(value: string): StopKind {
  switch (value) {
    case "stop":
      return "end_turn";
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "content_filter";
    default:
      return "other";
  }
}

/**
 * IR stop reason → Chat `finish_reason`. A value that came from Chat goes back unchanged;
 * otherwise the kind picks the closest Chat value: a refusal is reported as OpenAI reports its
 * own (`stop`, with the text in `message.refusal`), a full context window as `length`, and
 * kinds with no Chat counterpart (`pause_turn`, `malformed_tool_call`, `error`, `other`) as
 * `stop`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function encodeFinishReason(stop: StopReason | undefined): string | undefined {
  const native = nativeStop(stop, "openai-chat");
  if (native !== undefined) return native;
  if (stop === undefined) return undefined;
  return finishFor(stop.kind);
}

export function finishFor(kind: StopKind): ChatFinishReason {
  switch (kind) {
    case "end_turn":
    case "stop_sequence":
    case "refusal":
    case "pause_turn":
    case "malformed_tool_call":
    case "error":
    case "other":
      return "stop";
    case "max_tokens":
    case "context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    default: {
      const never: never = kind;
      return never;
    }
  }
}
