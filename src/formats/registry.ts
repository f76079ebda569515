import type { FormatId } from "../ir/stop-reason.ts";
import { anthropicMessages } from "./anthropic-messages/index.ts";
import { gemini } from "./gemini/index.ts";
import { openaiChat } from "./openai-chat/index.ts";
import { openaiResponses } from "./openai-responses/index.ts";
import type { WireFormat } from "./wire-format.ts";

/** Every wire format by id: the client's surface and the provider's API use the same codec. */
export const FORMATS: Readonly<Record<FormatId, WireFormat>> = {
  "openai-responses": openaiResponses,
  "openai-chat": openaiChat,
  "anthropic-messages": anthropicMessages,
  gemini,
};

export { anthropicMessages, gemini, openaiChat, openaiResponses };
