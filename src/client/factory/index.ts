export type { FactoryCapability, ProviderCapabilities } from "./capabilities.ts";
export { CAPABILITY_TABLE, capabilitiesMarkdown } from "./capabilities.ts";
export type { FactoryConfig } from "./core.ts";
export type { EmbedOptions, EmbedResult } from "./embedding-model.ts";
export { EmbeddingModel } from "./embedding-model.ts";
export { AIFactory, type LanguageConfig } from "./factory.ts";
export type {
  ChatOptions,
  ChatResult,
  ChatStream,
  JsonStructure,
  LanguageDefaults,
  Message,
} from "./language-model.ts";
export { LanguageModel } from "./language-model.ts";
export type { SpeakOptions, Speech, TranscribeOptions, Transcription } from "./speech.ts";
export { SpeechToTextModel, TextToSpeechModel } from "./speech.ts";
