/**
 * How Anthropic-only state rides on IR values (DESIGN.md §2): `cache_control` and `citations`
 * have their own `interop.anthropic` slots; every other native field with no IR slot is kept
 * verbatim in `interop.anthropic.raw` and spread back when the same value is re-encoded.
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { AnthropicCacheControl, AnthropicInterop, Interop } from "../../ir/interop.ts";
import { INTEROP_KEYS, interopOf } from "../../ir/interop.ts";
import { isObject, type JsonObject, unknownKeys } from "../validate.ts";

export interface AnthropicState {
  cache_control?: AnthropicCacheControl;
  citations?: unknown[];
  raw?: JsonObject;
  origin?: true;
  redacted?: true;
}

/** `{ anthropic: state }`, or undefined when there is nothing to carry. */
export function interopWith(state: AnthropicState, extra?: Interop): Interop | undefined {
  const a: AnthropicInterop = {};
  if (state.origin) a.origin = true;
  if (state.redacted) a.redacted = true;
  if (state.cache_control !== undefined) a.cache_control = state.cache_control;
  if (state.citations !== undefined) a.citations = state.citations;
  if (state.raw !== undefined && Object.keys(state.raw).length > 0) a.raw = state.raw;
  const hasA = Object.keys(a).length > 0;
  if (!hasA && extra === undefined) return undefined;
  return { ...extra, ...(hasA ? { anthropic: a } : {}) };
}

/** Attaches `interop` to `value` when there is any. */
export function attach<T extends object>(value: T, interop: Interop | undefined): T {
  if (interop !== undefined) (value as T & { interop?: Interop }).interop = interop;
  return value;
}

/** This codec's state on an IR value. */
export function stateOf(value: object): AnthropicInterop | undefined {
  return interopOf(value)?.anthropic;
}

/** The native fields this codec kept in raw for `value`. */
export function rawOf(value: object): JsonObject | undefined {
  return stateOf(value)?.raw;
}

/**
 * Splits a native object into what `known` covers and the rest (kept raw). A `cache_control`
 * object goes to its own slot; an explicit `cache_control: null` stays raw so it round-trips.
 */
export function splitNative(native: JsonObject, known: ReadonlySet<string>): AnthropicState {
  const state: AnthropicState = {};
  const cc = native.cache_control;
  if (isObject(cc) && cc.type === "ephemeral") state.cache_control = cc as unknown as AnthropicCacheControl;
  const rest = unknownKeys(native, new Set([...known, ...(state.cache_control ? ["cache_control"] : [])]));
  if (rest !== undefined) state.raw = rest;
  return state;
}

/**
 * Raw keys this codec uses as markers rather than native block fields: `new_message` (this
 * item opened a new native message of the same role), `in_messages` (a system message that sat
 * inside `messages`), `block` (a native block with no IR part), `item` (opaque item, see
 * ir/opaque.ts), `server_tool_use` / `result` (the native web search blocks of a
 * `web_search_call`), `no_content` (a `tool_result` without `content`).
 */
export const MARKERS: ReadonlySet<string> = new Set([
  "new_message",
  "in_messages",
  "block",
  "item",
  "server_tool_use",
  "result",
  "no_content",
]);

/** `cache_control` and raw extras of an IR value, ready to spread into a native block. */
export function nativeExtras(value: object): JsonObject {
  const a = stateOf(value);
  const out: JsonObject = {};
  if (a?.cache_control !== undefined) out.cache_control = a.cache_control;
  for (const [k, v] of Object.entries(a?.raw ?? {})) if (!MARKERS.has(k)) out[k] = v;
  return out;
}

/**
 * Another provider's state on an IR item (a Gemini `thoughtSignature` on a function call, a
 * format's raw fields) cannot reach Anthropic; it is reported rather than lost in silence.
 */
export function reportForeignState(item: object, path: string, dropped: Dropped[]): void {
  const io = interopOf(item);
  if (io === undefined) return;
  for (const key of INTEROP_KEYS) {
    const state = io[key];
    if (key === "anthropic" || state === undefined) continue;
    for (const [field, value] of Object.entries(state)) {
      const fields = field === "raw" && isObject(value) ? Object.keys(value).map((k) => `raw.${k}`) : [field];
      for (const f of fields) {
        dropped.push({
          path: `${path}.interop.${key}.${f}`,
          reason: `${key} state has no equivalent in anthropic-messages`,
        });
      }
    }
  }
}
