import type { StopReason as AnthropicStopReason } from "@anthropic-ai/sdk/resources/messages";
import type { StopKind, StopReason } from "../../ir/stop-reason.ts";
import { nativeStop } from "../../ir/stop-reason.ts";
import { FORMAT } from "./types.ts";

/** Every documented `stop_reason` (beta `compaction` included: it is sent on the GA endpoint too). */
export const ANTHROPIC_STOP_REASONS: readonly string[] = [
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
  "compaction",
];

/**
 * Anthropic `stop_reason` (+ `stop_sequence`) → IR stop reason. `null` (a message still being
 * streamed) has no stop reason. Unknown values read as `other` and keep their wire value.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function decodeStopReason(
  value: string | null,
  sequence: string | null | undefined,
): StopReason | undefined {
  if (value === null) return undefined;
  const stop: StopReason = { kind: kindOf(value), native: { format: FORMAT, value } };
  if (typeof sequence === "string") stop.sequence = sequence;
  return stop;
}

function kindOf(value: string): StopKind {
  switch (value) {
    case "end_turn":
      return "end_turn";
    case "max_tokens":
      return "max_tokens";
    case "stop_sequence":
      return "stop_sequence";
    case "tool_use":
      return "tool_use";
    case "pause_turn":
      return "pause_turn";
    case "refusal":
      return "refusal";
    case "model_context_window_exceeded":
      return "context_window_exceeded";
    default:
      // `compaction` (the turn ended on a context compaction) and anything newer.
      return "other";
  }
}

/**
 * IR stop reason → Anthropic `stop_reason`. A value that came from Anthropic goes back as it
 * was; otherwise the closest value: a safety stop is a `refusal`, a malformed tool call or a
 * failed/other stop ends the turn (`end_turn`: there is no tool call to answer).
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function encodeStopReason(stop: StopReason | undefined): AnthropicStopReason | null {
  const native = nativeStop(stop, FORMAT);
  if (native !== undefined) return native as AnthropicStopReason;
  if (stop === undefined) return null;
  return stopFor(stop.kind);
}

/**
 * IR stop kind → the closest Anthropic `stop_reason` (the table behind encodeStopReason).
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function stopFor(kind: StopKind): AnthropicStopReason {
  switch (kind) {
    case "end_turn":
    case "malformed_tool_call":
    case "error":
    case "other":
      return "end_turn";
    case "stop_sequence":
      return "stop_sequence";
    case "max_tokens":
      return "max_tokens";
    case "tool_use":
      return "tool_use";
    case "pause_turn":
      return "pause_turn";
    case "refusal":
    case "content_filter":
      return "refusal";
    case "context_window_exceeded":
      return "model_context_window_exceeded";
    default: {
      const never: never = kind;
      return never;
    }
  }
}
