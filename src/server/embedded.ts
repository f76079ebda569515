import type { GatewayConfig, ProviderConfig } from "../core/gateway-types.ts";
import type { Env } from "../providers/credentials.ts";
import { resolveProvider } from "../providers/credentials.ts";
import { PROVIDERS } from "../providers/registry.ts";

/** The key the embedded simulator's providers are given (it accepts any key; this one names itself). */
export const SIMULATOR_KEY = "sk-switchyard-simulator";

/** What the simulator stands in for, and the model families it serves. */
export const SIMULATED = ["openai", "anthropic", "gemini"] as const;
export const SIMULATED_FAMILIES = "gpt-*, claude-*, gemini-*";

/**
 * Providers with a key — in the config (`providers.<id>.api_key`) or the environment
 * (`OPENAI_API_KEY`, …) — and not disabled. Key-optional local servers (Ollama, vLLM, LM
 * Studio) do not count: having none of them is the normal case.
 */
export function providersWithKeys(config: GatewayConfig, env: Env): string[] {
  const out: string[] = [];
  for (const spec of PROVIDERS) {
    const own = config.providers?.[spec.id];
    if (own?.enabled === false) continue;
    const resolved = resolveProvider(spec, own ?? {}, env);
    if (resolved.apiKey !== undefined && resolved.apiKey !== "") out.push(spec.id);
  }
  return out;
}

/**
 * The config with OpenAI, Anthropic and Gemini pointed at a simulator at `url` (OpenAI's
 * base includes `/v1`, as the OpenAI SDK's does; the others' do not). Headers and aliases
 * from the config are kept.
 */
export function withSimulator(config: GatewayConfig, url: string): GatewayConfig {
  const providers: Record<string, ProviderConfig> = { ...config.providers };
  for (const id of SIMULATED) {
    const base = id === "openai" ? `${url}/v1` : url;
    providers[id] = { ...providers[id], apiKey: SIMULATOR_KEY, baseURL: base, enabled: true };
  }
  return { ...config, providers };
}
