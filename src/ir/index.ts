export { accumulate, StreamAccumulator } from "./accumulate.ts";
export type { Dropped, Translated } from "./dropped.ts";
export type { ErrorKind, SwitchyardErrorInit } from "./error.ts";
export { DEFAULT_STATUS, invalidRequest, kindForStatus, parseRetryAfter, SwitchyardError } from "./error.ts";
export { kindFromCode } from "./error-codes.ts";
export type {
  AnthropicCacheControl,
  AnthropicInterop,
  ChatInterop,
  GeminiInterop,
  Interop,
  InteropBase,
  InteropKey,
  OpenAIInterop,
  WithInterop,
} from "./interop.ts";
export { INTEROP_KEYS, interopOf } from "./interop.ts";
export type { OpaqueItem } from "./opaque.ts";
export { isOpaque, opaqueItem, opaqueNative } from "./opaque.ts";
export type * from "./openai-types.ts";
export type { ReplayOptions } from "./replay.ts";
export { replayAsStream } from "./replay.ts";
export type { IRInputItem, IROutputItem, IRReasoning, IRRequest } from "./request.ts";
export { inputItems } from "./request.ts";
export type { IRResponse } from "./response.ts";
export type { FormatId, StopKind, StopReason } from "./stop-reason.ts";
export { nativeStop } from "./stop-reason.ts";
export type { IRLifecycleEvent, IRLifecycleType, IRStreamEvent } from "./stream.ts";
export { isTerminal } from "./stream.ts";
export type { Usage } from "./usage.ts";
export { minus, plus, totalTokens } from "./usage.ts";
