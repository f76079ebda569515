/**
 * Native Chat Completions wire shapes, taken from the official `openai` package so the codec
 * speaks exactly what the SDK sends and accepts.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export type {
  ChatCompletion,
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionContentPartRefusal,
  ChatCompletionContentPartText,
  ChatCompletionCreateParamsBase,
  ChatCompletionCustomTool,
  ChatCompletionFunctionTool,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTokenLogprob,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions/completions";
export type { CompletionUsage } from "openai/resources/completions";

import type {
  ChatCompletion,
  ChatCompletionCreateParamsBase,
} from "openai/resources/chat/completions/completions";

/** A request body as this codec encodes it: the SDK params plus any carried-over raw fields. */
export type ChatRequest = ChatCompletionCreateParamsBase & Record<string, unknown>;

/** A response body as this codec encodes it. */
export type ChatResponse = ChatCompletion & Record<string, unknown>;

/** The Chat Completions error envelope (`ErrorResponse` in the OpenAPI document). */
export interface ChatErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
  } & Record<string, unknown>;
}

export const FORMAT = "openai-chat";

/** `service_tier` values Chat Completions accepts and reports. */
export const CHAT_SERVICE_TIERS: ReadonlySet<string> = new Set([
  "auto",
  "default",
  "flex",
  "scale",
  "priority",
  "fast",
]);

/**
 * Another provider's tier in Chat's words: Anthropic's and Gemini's `standard` (and
 * Anthropic's `standard_only` request) is OpenAI's `default`; a tier Chat has no word for
 * (batch, …) gives undefined and is reported dropped by the caller.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-service_tier
 */
export function chatServiceTier(tier: string): string | undefined {
  if (CHAT_SERVICE_TIERS.has(tier)) return tier;
  return tier === "standard" || tier === "standard_only" ? "default" : undefined;
}
