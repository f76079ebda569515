import type { StopKind, StopReason } from "../../ir/stop-reason.ts";
import { nativeStop } from "../../ir/stop-reason.ts";

/**
 * Every `Candidate.finishReason` the API documents, with the IR kind it means. Gemini has no
 * tool-call finish reason: a turn that ends in function calls finishes with `STOP`, which
 * reads as `tool_use` when the candidate holds `functionCall` parts.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export const FINISH_REASONS = {
  FINISH_REASON_UNSPECIFIED: "other",
  STOP: "end_turn",
  MAX_TOKENS: "max_tokens",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  // An unsupported language is a policy stop, not a filter on what was said.
  LANGUAGE: "other",
  OTHER: "other",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  MALFORMED_FUNCTION_CALL: "malformed_tool_call",
  IMAGE_SAFETY: "content_filter",
  IMAGE_PROHIBITED_CONTENT: "content_filter",
  IMAGE_RECITATION: "content_filter",
  IMAGE_OTHER: "other",
  NO_IMAGE: "other",
  UNEXPECTED_TOOL_CALL: "malformed_tool_call",
  TOO_MANY_TOOL_CALLS: "malformed_tool_call",
  MISSING_THOUGHT_SIGNATURE: "error",
  MALFORMED_RESPONSE: "error",
  // The server's per-request limit cut a turn that can be resumed: the IR's "paused" kind.
  CONTINUATION: "pause_turn",
} as const satisfies Record<string, StopKind>;

export type GeminiFinishReason = keyof typeof FINISH_REASONS;

/**
 * `promptFeedback.blockReason` values: the prompt itself was blocked, so there is no candidate.
 * @see https://ai.google.dev/api/generate-content#BlockReason
 */
export const BLOCK_REASONS = [
  "BLOCK_REASON_UNSPECIFIED",
  "SAFETY",
  "OTHER",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "IMAGE_SAFETY",
  "MODEL_ARMOR",
  "JAILBREAK",
] as const;

function isFinishReason(v: string): v is GeminiFinishReason {
  return Object.hasOwn(FINISH_REASONS, v);
}

/** A candidate's finish reason into the IR (unknown future values read as `other`, kept native). */
export function decodeFinishReason(native: string, hasFunctionCalls: boolean): StopReason {
  const kind: StopKind = isFinishReason(native) ? FINISH_REASONS[native] : "other";
  return {
    kind: kind === "end_turn" && hasFunctionCalls ? "tool_use" : kind,
    native: { format: "gemini", value: native },
  };
}

/** A blocked prompt (`promptFeedback.blockReason`) into the IR. */
export function decodeBlockReason(native: string): StopReason {
  return { kind: "content_filter", native: { format: "gemini", value: native } };
}

/** The finish reason to send for an IR stop reason: the native value when it came from Gemini. */
export function encodeFinishReason(stop: StopReason | undefined): string {
  const native = nativeStop(stop, "gemini");
  if (native !== undefined) return native;
  return finishReasonFor(stop?.kind ?? "end_turn");
}

/** @see https://ai.google.dev/api/generate-content#FinishReason */
export function finishReasonFor(kind: StopKind): GeminiFinishReason {
  switch (kind) {
    case "end_turn":
    case "stop_sequence": // Gemini reports a matched stop sequence as STOP
    case "tool_use": // and a turn that ends in function calls as STOP too
    case "pause_turn": // the answer so far is whole; CONTINUATION would need a continuation token
      return "STOP";
    case "max_tokens":
    case "context_window_exceeded":
      return "MAX_TOKENS";
    case "refusal":
    case "content_filter":
      return "SAFETY";
    case "malformed_tool_call":
      return "MALFORMED_FUNCTION_CALL";
    case "error":
    case "other":
      return "OTHER";
    default: {
      const never: never = kind;
      return never;
    }
  }
}
