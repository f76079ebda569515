import type { Route } from "../context.ts";
import { audioSpeech, audioTranscriptions, embeddings, imagesGenerations } from "./aux.ts";
import { chatCompletions } from "./chat-completions.ts";
import {
  GEMINI_METHOD_PATH,
  GEMINI_MODEL_PATH,
  GEMINI_MODELS_PATH,
  geminiMethod,
  geminiModelGet,
  geminiModels,
} from "./gemini.ts";
import { healthz, metrics } from "./health.ts";
import { countTokens, messages } from "./messages.ts";
import { getModel, listModels } from "./models.ts";
import { responses } from "./responses.ts";

/** Every endpoint the gateway serves (DESIGN.md §4). Order matters only for the Gemini patterns. */
export const ROUTES: readonly Route[] = [
  { method: "POST", path: "/v1/responses", handler: responses, surface: "openai-responses" },
  { method: "POST", path: "/v1/chat/completions", handler: chatCompletions, surface: "openai-chat" },
  { method: "POST", path: "/v1/messages", handler: messages, surface: "anthropic-messages" },
  {
    method: "POST",
    path: "/v1/messages/count_tokens",
    handler: countTokens,
    surface: "count_tokens",
    errorFormat: "anthropic-messages",
  },
  {
    method: "POST",
    path: GEMINI_METHOD_PATH,
    handler: geminiMethod,
    surface: "gemini",
    errorFormat: "gemini",
  },
  {
    method: "GET",
    path: GEMINI_MODELS_PATH,
    handler: geminiModels,
    surface: "models",
    errorFormat: "gemini",
  },
  {
    method: "GET",
    path: GEMINI_MODEL_PATH,
    handler: geminiModelGet,
    surface: "models",
    errorFormat: "gemini",
  },
  { method: "POST", path: "/v1/embeddings", handler: embeddings, surface: "embeddings" },
  { method: "POST", path: "/v1/images/generations", handler: imagesGenerations, surface: "images" },
  { method: "POST", path: "/v1/audio/speech", handler: audioSpeech, surface: "audio.speech" },
  {
    method: "POST",
    path: "/v1/audio/transcriptions",
    handler: audioTranscriptions,
    surface: "audio.transcriptions",
  },
  { method: "GET", path: "/v1/models", handler: listModels, surface: "models" },
  { method: "GET", path: /^\/v1\/models\/([^:]+)$/, handler: getModel, surface: "models" },
  { method: "GET", path: "/healthz", handler: healthz, public: true },
  { method: "GET", path: "/metrics", handler: metrics },
];
