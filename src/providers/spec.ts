import type { FormatId } from "../ir/stop-reason.ts";

/** How a provider wants its key. */
export type AuthStyle = "bearer" | "x-api-key" | "x-goog-api-key";

/** What a provider (or one of its models) can do. */
export type Capability =
  | "chat"
  | "tools"
  | "vision"
  | "reasoning"
  | "embeddings"
  | "images"
  | "audio"
  | "reranking";

/**
 * A provider as data: where it lives, how it authenticates, which wire format it speaks.
 * OpenAI-compatible providers are a few lines each; nothing about them is code.
 */
export interface ProviderSpec {
  id: string;
  name: string;
  /** Wire formats its generation endpoints speak, preferred first (for translation targets). */
  formats: readonly FormatId[];
  /** Default base URL. OpenAI-style bases include `/v1`; Anthropic's and Gemini's do not (as their SDKs). */
  baseURL: string;
  /** Environment variables holding the key, first set wins. */
  keyEnv: readonly string[];
  /** Environment variable overriding the base URL. */
  baseURLEnv: string;
  auth: AuthStyle;
  /** Local servers (Ollama, vLLM, LM Studio) run without a key. */
  keyOptional?: boolean;
  /** Headers every request carries (API version, attribution). Values may name env vars as `${VAR}`. */
  headers?: Readonly<Record<string, string>>;
  /** Bare model names starting with one of these resolve to this provider. */
  modelPrefixes?: readonly string[];
  /** Non-generation endpoints the provider offers. */
  capabilities: readonly Capability[];
}
