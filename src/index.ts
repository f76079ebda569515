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
