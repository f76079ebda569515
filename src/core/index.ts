export { createGateway } from "./gateway.ts";
export type {
  AuxEndpoint,
  AuxRequest,
  Gateway,
  GatewayConfig,
  GatewayRequest,
  GatewayResult,
  JsonResult,
  ModelListing,
  ProviderConfig,
  StreamResult,
  Timeouts,
} from "./gateway-types.ts";
export type { GatewayHooks, RequestRecord } from "./record.ts";
export { decodeStream, encodeStream, StreamTranslator } from "./stream-translator.ts";
