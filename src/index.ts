export type { ChatMessageInit, ChatMessageJSON, JsonValue } from "./client/chat-message.ts";
export {
  ChatMessage,
  conversationFromJSON,
  conversationToJSON,
  loadConversation,
  saveConversation,
} from "./client/chat-message.ts";
export type { CooldownOptions, CooldownStore } from "./client/cooldown.ts";
export { COOLDOWN_DEFAULTS, InMemoryCooldownStore } from "./client/cooldown.ts";
export type { AttemptInfo } from "./client/dropin-fetch.ts";
export * from "./client/factory/index.ts";
export type { SwitchyardOpenAIOptions } from "./client/openai-dropin.ts";
export { SwitchyardOpenAI } from "./client/openai-dropin.ts";
export type { CapabilityPoolName, Pools } from "./client/pools.ts";
export type { ProviderClientConfig, RegistrableClient } from "./client/register.ts";
export { providerConfigOf } from "./client/register.ts";
export { Router } from "./client/router.ts";
export type {
  CountTokensResult,
  IncompleteDetails,
  RetryOptions,
  RouterCreateParams,
  RouterOptions,
  RouterResponse,
} from "./client/router-types.ts";
export { createGateway } from "./core/gateway.ts";
export type { Gateway, GatewayConfig, GatewayRequest, GatewayResult } from "./core/gateway-types.ts";
export {
  decodeStream,
  encodeStream,
  type Framing,
  NativeEventReader,
  StreamTranslator,
} from "./core/stream-translator.ts";
export { FORMATS } from "./formats/registry.ts";
export type {
  EncodedError,
  RequestContext,
  ResponseContext,
  StreamDecoder,
  StreamEncoder,
  WireFormat,
} from "./formats/wire-format.ts";
export * from "./ir/index.ts";
export { startSimulator } from "./simulator/index.ts";
