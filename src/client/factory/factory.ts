import {
  capabilitiesOf,
  type FactoryCapability,
  factoryProviders,
  type ProviderCapabilities,
  requireCapability,
} from "./capabilities.ts";
import { type FactoryConfig, gatewayFor } from "./core.ts";
import { EmbeddingModel } from "./embedding-model.ts";
import { LanguageModel } from "./language-model.ts";
import { SpeechToTextModel, TextToSpeechModel } from "./speech.ts";

/** Options for `createLanguage`: where to reach the provider, and per-call defaults. */
export interface LanguageConfig extends FactoryConfig {
  temperature?: number;
  maxTokens?: number;
}

/**
 * The provider factory: a model of one provider from its id and model name. Each model runs
 * on its own in-process gateway core with only that provider enabled; credentials resolve as
 * everywhere in Switchyard: `config` beats `<PROVIDER>_API_KEY` / `<PROVIDER>_BASE_URL`, which
 * beat the provider's default base URL. Asking a provider for what it lacks throws at once.
 * `close()` a model to release its connection pool (or `await using`).
 */
export const AIFactory = {
  createLanguage(provider: string, model: string, config: LanguageConfig = {}): LanguageModel {
    requireCapability(provider, "language");
    const { temperature, maxTokens, timeout, ...where } = config;
    return new LanguageModel(provider, model, gatewayFor(provider, where), {
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(timeout === undefined ? {} : { timeout }),
    });
  },

  createEmbedding(provider: string, model: string, config: FactoryConfig = {}): EmbeddingModel {
    requireCapability(provider, "embeddings");
    return new EmbeddingModel(provider, model, gatewayFor(provider, config), config.timeout);
  },

  createSpeechToText(provider: string, model: string, config: FactoryConfig = {}): SpeechToTextModel {
    requireCapability(provider, "speech-to-text");
    return new SpeechToTextModel(provider, model, gatewayFor(provider, config), config.timeout);
  },

  createTextToSpeech(provider: string, model: string, config: FactoryConfig = {}): TextToSpeechModel {
    requireCapability(provider, "text-to-speech");
    return new TextToSpeechModel(provider, model, gatewayFor(provider, config), config.timeout);
  },

  /** What a provider can do through the factory (throws for an unknown provider). */
  capabilities(provider: string): readonly FactoryCapability[] {
    return capabilitiesOf(provider).capabilities;
  },

  /** Whether a provider offers a capability (false for an unknown provider). */
  supports(provider: string, capability: FactoryCapability): boolean {
    return (
      factoryProviders().includes(provider) && capabilitiesOf(provider).capabilities.includes(capability)
    );
  },

  /** Every provider the factory knows; with a capability, those that offer it. */
  providers(capability?: FactoryCapability): string[] {
    return factoryProviders().filter(
      (p) => capability === undefined || capabilitiesOf(p).capabilities.includes(capability),
    );
  },

  /** The whole table (provider, display name, capabilities, example models). */
  table(): readonly ProviderCapabilities[] {
    return factoryProviders().map(capabilitiesOf);
  },
} as const;
