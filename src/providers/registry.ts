import type { ProviderSpec } from "./spec.ts";

/**
 * Every provider Switchyard knows. The first three speak their own formats; the rest speak
 * OpenAI Chat Completions at their own base URL.
 * @see https://platform.openai.com/docs/api-reference/authentication
 * @see https://docs.anthropic.com/en/api/overview
 * @see https://ai.google.dev/api#authentication
 * @see https://openrouter.ai/docs/api-reference/overview
 */
export const PROVIDERS: readonly ProviderSpec[] = [
  {
    id: "openai",
    name: "OpenAI",
    formats: ["openai-responses", "openai-chat"],
    baseURL: "https://api.openai.com/v1",
    keyEnv: ["OPENAI_API_KEY"],
    baseURLEnv: "OPENAI_BASE_URL",
    auth: "bearer",
    modelPrefixes: [
      "gpt-",
      "o1",
      "o3",
      "o4",
      "chatgpt-",
      "text-embedding-",
      "dall-e",
      "tts-",
      "whisper-",
      "omni-",
      "codex-",
    ],
    capabilities: ["chat", "tools", "vision", "reasoning", "embeddings", "images", "audio"],
  },
  {
    id: "anthropic",
    name: "Anthropic",
    formats: ["anthropic-messages"],
    baseURL: "https://api.anthropic.com",
    keyEnv: ["ANTHROPIC_API_KEY"],
    baseURLEnv: "ANTHROPIC_BASE_URL",
    auth: "x-api-key",
    headers: { "anthropic-version": "2023-06-01" },
    modelPrefixes: ["claude-"],
    capabilities: ["chat", "tools", "vision", "reasoning"],
  },
  {
    id: "gemini",
    name: "Google Gemini",
    formats: ["gemini"],
    baseURL: "https://generativelanguage.googleapis.com",
    keyEnv: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
    baseURLEnv: "GEMINI_BASE_URL",
    auth: "x-goog-api-key",
    modelPrefixes: ["gemini-", "gemma-", "text-embedding-004", "embedding-", "imagen-"],
    capabilities: ["chat", "tools", "vision", "reasoning", "embeddings", "images", "audio"],
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    formats: ["openai-chat"],
    baseURL: "https://openrouter.ai/api/v1",
    keyEnv: ["OPENROUTER_API_KEY"],
    baseURLEnv: "OPENROUTER_BASE_URL",
    auth: "bearer",
    // attribution headers OpenRouter reads; override with OPENROUTER_HTTP_REFERER / OPENROUTER_X_TITLE
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is env interpolation, resolved by credentials.ts
    headers: { "HTTP-Referer": "${OPENROUTER_HTTP_REFERER}", "X-Title": "${OPENROUTER_X_TITLE:-Switchyard}" },
    capabilities: ["chat", "tools", "vision", "reasoning", "embeddings"],
  },
  compat("groq", "Groq", "https://api.groq.com/openai/v1", ["chat", "tools", "audio"]),
  compat(
    "mistral",
    "Mistral",
    "https://api.mistral.ai/v1",
    ["chat", "tools", "vision", "embeddings"],
    ["mistral-", "codestral-", "magistral-", "pixtral-"],
  ),
  compat(
    "deepseek",
    "DeepSeek",
    "https://api.deepseek.com/v1",
    ["chat", "tools", "reasoning"],
    ["deepseek-"],
  ),
  compat("together", "Together AI", "https://api.together.xyz/v1", [
    "chat",
    "tools",
    "vision",
    "embeddings",
    "images",
  ]),
  compat("fireworks", "Fireworks AI", "https://api.fireworks.ai/inference/v1", [
    "chat",
    "tools",
    "vision",
    "embeddings",
  ]),
  compat("xai", "xAI", "https://api.x.ai/v1", ["chat", "tools", "vision", "reasoning", "images"], ["grok-"]),
  {
    ...compat("ollama", "Ollama", "http://localhost:11434/v1", ["chat", "tools", "vision", "embeddings"]),
    keyOptional: true,
  },
  {
    ...compat("vllm", "vLLM", "http://localhost:8000/v1", ["chat", "tools", "vision", "embeddings"]),
    keyOptional: true,
  },
  {
    ...compat("lmstudio", "LM Studio", "http://localhost:1234/v1", ["chat", "tools", "vision", "embeddings"]),
    keyOptional: true,
  },
];

/** An OpenAI-compatible provider: Chat Completions at `baseURL`, key in `<ID>_API_KEY`. */
function compat(
  id: string,
  name: string,
  baseURL: string,
  capabilities: ProviderSpec["capabilities"],
  modelPrefixes?: readonly string[],
): ProviderSpec {
  const env = id.toUpperCase();
  return {
    id,
    name,
    formats: ["openai-chat"],
    baseURL,
    keyEnv: [`${env}_API_KEY`],
    baseURLEnv: `${env}_BASE_URL`,
    auth: "bearer",
    capabilities,
    ...(modelPrefixes === undefined ? {} : { modelPrefixes }),
  };
}

const BY_ID = new Map(PROVIDERS.map((p) => [p.id, p]));

export function providerById(id: string): ProviderSpec | undefined {
  return BY_ID.get(id);
}
