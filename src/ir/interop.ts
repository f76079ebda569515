/**
 * Provider state that the Responses API has no slot for (DESIGN.md §2). Codecs fill and read
 * it; it is never sent to OpenAI. Keys are wire-format families: `openai` (Responses),
 * `chat` (Chat Completions), `anthropic` (Messages), `gemini` (generateContent).
 */
export interface InteropBase {
  /**
   * Whatever the provider sent that has no IR slot, under its native key, so that a
   * same-format round trip is lossless and nothing is silently lost.
   */
  raw?: Record<string, unknown>;
}

/** Anthropic prompt-caching breakpoint, kept on the part (or tool / system block) it marks. */
export interface AnthropicCacheControl {
  type: "ephemeral";
  ttl?: "5m" | "1h";
}

export interface AnthropicInterop extends InteropBase {
  /**
   * On a reasoning item: its `encrypted_content` is an Anthropic thinking `signature`
   * (or, with `redacted`, the `redacted_thinking.data`) and may only go back to Anthropic.
   */
  origin?: true;
  redacted?: true;
  cache_control?: AnthropicCacheControl;
  /** Native citation objects of a text block. */
  citations?: unknown[];
}

export interface GeminiInterop extends InteropBase {
  /** Gemini `thoughtSignature`, on the item (text, reasoning or function call) it came on. */
  thoughtSignature?: string;
  groundingMetadata?: unknown;
  safetyRatings?: unknown[];
}

export type OpenAIInterop = InteropBase;
export type ChatInterop = InteropBase;

export interface Interop {
  /**
   * On a `function_call_output`: the tool failed (Anthropic `tool_result.is_error`, Gemini
   * `functionResponse.response.error`). Neutral, because every format can express it.
   */
  is_error?: true;
  openai?: OpenAIInterop;
  chat?: ChatInterop;
  anthropic?: AnthropicInterop;
  gemini?: GeminiInterop;
}

export type InteropKey = "openai" | "chat" | "anthropic" | "gemini";
export const INTEROP_KEYS: readonly InteropKey[] = ["openai", "chat", "anthropic", "gemini"];

/** Any IR value (item, content part, tool, request, response) may carry `interop`. */
export type WithInterop<T> = T & { interop?: Interop };

/** Reads `interop` off a value typed as a plain OpenAI type. */
export function interopOf(value: object): Interop | undefined {
  return (value as { interop?: Interop }).interop;
}
