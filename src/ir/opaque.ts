import { INTEROP_KEYS, type InteropKey, type WithInterop } from "./interop.ts";
import type { ResponseOutputMessage } from "./openai-types.ts";

/**
 * A native output element with no IR equivalent (an Anthropic `container_upload` block, a
 * Gemini `executableCode` part, …) travels as an *opaque item*: an assistant message with
 * no content whose `interop.<format>.raw.item` holds the native element verbatim. The codec
 * of that format re-emits it in place, so round trips stay exact and order is kept; every
 * other encoder skips it and reports it as dropped.
 */
export type OpaqueItem = WithInterop<ResponseOutputMessage>;

export function opaqueItem(key: InteropKey, id: string, native: unknown): OpaqueItem {
  return {
    type: "message",
    id,
    role: "assistant",
    status: "completed",
    content: [],
    interop: { [key]: { raw: { item: native } } },
  };
}

/** The native element if `item` is an opaque item of format `key`, else undefined. */
export function opaqueNative(item: object, key: InteropKey): unknown {
  const it = item as WithInterop<{ type?: string; content?: unknown }>;
  if (it.type !== "message" || !Array.isArray(it.content) || it.content.length > 0) return undefined;
  return it.interop?.[key]?.raw?.item;
}

/** Whether `item` is an opaque item of any format (what other encoders skip and report). */
export function isOpaque(item: object): boolean {
  const it = item as WithInterop<{ type?: string; content?: unknown }>;
  if (it.type !== "message" || !Array.isArray(it.content) || it.content.length > 0) return false;
  const io = it.interop;
  return io !== undefined && INTEROP_KEYS.some((k) => io[k]?.raw?.item !== undefined);
}
