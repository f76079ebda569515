/**
 * Why generation stopped, on one scale every format maps into and out of. Each format's
 * `finish-reason.ts` holds its table; `native` keeps the exact wire value so a same-format
 * round trip is exact even where several native values share one kind.
 */
export type StopKind =
  | "end_turn" // natural end: Chat `stop`, Anthropic `end_turn`, Gemini `STOP`
  | "stop_sequence" // a caller's stop sequence matched
  | "max_tokens" // output limit: Chat `length`, Anthropic `max_tokens`, Gemini `MAX_TOKENS`
  | "tool_use" // the model called tools and waits for results
  | "pause_turn" // Anthropic: a long server-tool turn paused; send it back to continue
  | "refusal" // the model refused (Anthropic `refusal`)
  | "content_filter" // output blocked by a safety system (Gemini SAFETY etc., Chat `content_filter`)
  | "context_window_exceeded" // input + output hit the context window
  | "malformed_tool_call" // Gemini MALFORMED_FUNCTION_CALL / UNEXPECTED_TOOL_CALL / TOO_MANY_TOOL_CALLS
  | "error" // the response failed
  | "other"; // anything else a provider reports (kept in `native`)

export type FormatId = "openai-responses" | "openai-chat" | "anthropic-messages" | "gemini";

export interface StopReason {
  kind: StopKind;
  /** The wire value and the format it came from. */
  native?: { format: FormatId; value: string };
  /** Anthropic `stop_sequence`: which sequence matched. */
  sequence?: string;
}

/** The native value when it came from `format`, else undefined. */
export function nativeStop(stop: StopReason | undefined, format: FormatId): string | undefined {
  return stop?.native?.format === format ? stop.native.value : undefined;
}
