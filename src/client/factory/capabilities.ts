import { SwitchyardError } from "../../ir/error.ts";

/** What the factory can build for a provider. */
export type FactoryCapability = "language" | "embeddings" | "reranking" | "speech-to-text" | "text-to-speech";

export const FACTORY_CAPABILITIES: readonly FactoryCapability[] = [
  "language",
  "embeddings",
  "reranking",
  "speech-to-text",
  "text-to-speech",
];

export interface ProviderCapabilities {
  provider: string;
  /** Display name. */
  name: string;
  capabilities: readonly FactoryCapability[];
  /**
   * JSON mode without a schema: `native` (the provider's own JSON mode), or `instructed` (the
   * provider has none, so the factory asks for one JSON object in the instructions and parses
   * the answer leniently). With a schema every provider enforces it natively.
   */
  jsonMode: "native" | "instructed";
  /** Example models, for the docs. */
  examples?: Partial<Record<FactoryCapability, string>>;
}

/**
 * What each provider can do through Switchyard's core, as data (the docs table in
 * docs/factory.md is generated from it, and a test checks the two agree). A capability is
 * listed only when the core serves it for that provider: the provider's spec offers it
 * (src/providers/registry.ts) and the core has the endpoint (OpenAI-compatible forwarding for
 * embeddings and audio; Gemini embeddings translated). Gemini's audio models exist but speak
 * no OpenAI-shaped audio endpoint, so they are not listed. No provider Switchyard knows
 * offers reranking yet: the column is there so code can ask, and gets a clear "no".
 */
export const CAPABILITY_TABLE: readonly ProviderCapabilities[] = [
  {
    provider: "openai",
    name: "OpenAI",
    jsonMode: "native",
    capabilities: ["language", "embeddings", "speech-to-text", "text-to-speech"],
    examples: {
      language: "gpt-4o-mini",
      embeddings: "text-embedding-3-small",
      "speech-to-text": "whisper-1",
      "text-to-speech": "tts-1",
    },
  },
  {
    provider: "anthropic",
    name: "Anthropic",
    jsonMode: "instructed",
    capabilities: ["language"],
    examples: { language: "claude-haiku-4-5" },
  },
  {
    provider: "gemini",
    name: "Google Gemini",
    jsonMode: "native",
    capabilities: ["language", "embeddings"],
    examples: { language: "gemini-2.5-flash", embeddings: "gemini-embedding-001" },
  },
  {
    provider: "openrouter",
    name: "OpenRouter",
    jsonMode: "native",
    capabilities: ["language", "embeddings"],
  },
  {
    provider: "groq",
    name: "Groq",
    jsonMode: "native",
    capabilities: ["language", "speech-to-text", "text-to-speech"],
    examples: { "speech-to-text": "whisper-large-v3" },
  },
  { provider: "mistral", name: "Mistral", jsonMode: "native", capabilities: ["language", "embeddings"] },
  { provider: "deepseek", name: "DeepSeek", jsonMode: "native", capabilities: ["language"] },
  { provider: "together", name: "Together AI", jsonMode: "native", capabilities: ["language", "embeddings"] },
  {
    provider: "fireworks",
    name: "Fireworks AI",
    jsonMode: "native",
    capabilities: ["language", "embeddings"],
  },
  { provider: "xai", name: "xAI", jsonMode: "native", capabilities: ["language"] },
  { provider: "ollama", name: "Ollama", jsonMode: "native", capabilities: ["language", "embeddings"] },
  { provider: "vllm", name: "vLLM", jsonMode: "native", capabilities: ["language", "embeddings"] },
  { provider: "lmstudio", name: "LM Studio", jsonMode: "native", capabilities: ["language", "embeddings"] },
];

const BY_PROVIDER = new Map(CAPABILITY_TABLE.map((row) => [row.provider, row]));

/** The providers the factory knows, in table order. */
export function factoryProviders(): string[] {
  return CAPABILITY_TABLE.map((row) => row.provider);
}

/** A provider's row; throws a clear error naming the known providers for an unknown one. */
export function capabilitiesOf(provider: string): ProviderCapabilities {
  const row = BY_PROVIDER.get(provider);
  if (row === undefined) {
    throw new SwitchyardError({
      kind: "invalid_request",
      message: `unknown provider ${JSON.stringify(provider)}: the factory knows ${factoryProviders().join(", ")}`,
      param: "provider",
      code: "unknown_provider",
    });
  }
  return row;
}

/** The providers that offer a capability. */
export function providersWith(cap: FactoryCapability): string[] {
  return CAPABILITY_TABLE.filter((row) => row.capabilities.includes(cap)).map((row) => row.provider);
}

/** Throws when the provider lacks the capability, naming the ones that have it. */
export function requireCapability(provider: string, cap: FactoryCapability): ProviderCapabilities {
  const row = capabilitiesOf(provider);
  if (row.capabilities.includes(cap)) return row;
  const others = providersWith(cap);
  const where =
    others.length === 0
      ? "no provider Switchyard knows offers it yet"
      : `providers with ${cap}: ${others.join(", ")}`;
  throw new SwitchyardError({
    kind: "invalid_request",
    message: `${row.name} (${provider}) does not offer ${cap}; ${where}`,
    param: "provider",
    code: "provider_capability_missing",
  });
}

/**
 * The capabilities table as Markdown, padded the way the repository's formatter (Biome) lays
 * tables out, so the generated docs pass `biome check` (docs/factory.md embeds it; a test keeps
 * them equal).
 */
export function capabilitiesMarkdown(): string {
  const head = ["provider", ...FACTORY_CAPABILITIES, "JSON mode without a schema"];
  const rows = CAPABILITY_TABLE.map((row) => [
    `\`${row.provider}\` (${row.name})`,
    ...FACTORY_CAPABILITIES.map((cap) => (row.capabilities.includes(cap) ? "yes" : "—")),
    row.jsonMode,
  ]);
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
