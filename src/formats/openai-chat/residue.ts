import type { Dropped } from "../../ir/dropped.ts";
import { INTEROP_KEYS, type Interop } from "../../ir/interop.ts";
import { isObject, type JsonObject } from "../validate.ts";
import { FORMAT } from "./types.ts";

/**
 * What a Chat body holds beyond the IR travels in `interop.chat.raw`, shaped like the native
 * body it came from ("the native minus what the IR carries"), so the encoder can put it back
 * and a same-format round trip is exact.
 *
 * On items, parts, tools and responses (never on the request top level, which other formats
 * report as dropped field by field) the residue may also hold codec hints, keys starting
 * with `$`, that are not native fields:
 * - `$absent`: native keys that were absent where the IR needs a value or the encoder emits
 *   a default (image `detail`, tool `strict`, assistant `content`, choice `logprobs`, …);
 * - `$content: "parts"`: assistant content came as an array of parts, not a string;
 * - `$function_call` / `$role: "function"` / `$legacy`: the deprecated `function_call`,
 *   `function` role and `functions` forms, re-emitted as such;
 * - on the first IR item of an assistant message, `message` holds that message's residue and
 *   marks where one native assistant message ends and the next begins.
 */
export type Residue = Record<string, unknown>;

/** `interop.chat.raw` of any IR value. */
export function chatRaw(value: unknown): Residue | undefined {
  if (!isObject(value)) return undefined;
  const io = value.interop;
  if (!isObject(io)) return undefined;
  const chat = io.chat;
  if (!isObject(chat)) return undefined;
  return isObject(chat.raw) ? chat.raw : undefined;
}

/** The native keys a residue says were absent. */
export function absentKeys(raw: Residue | undefined): ReadonlySet<string> {
  const a = raw?.$absent;
  return new Set(Array.isArray(a) ? a.filter((k): k is string => typeof k === "string") : []);
}

/** Whether the residue says the native lacked `key`. */
export function wasAbsent(raw: Residue | undefined, key: string): boolean {
  return absentKeys(raw).has(key);
}

/**
 * Puts residue fields back into an encoded native object: keys the encoder did not set are
 * copied; nested objects are merged the same way; hint keys (`$…`) are skipped.
 */
export function mergeResidue(target: JsonObject, residue: Residue | undefined): JsonObject {
  if (residue === undefined) return target;
  for (const key of Object.keys(residue)) {
    if (key.startsWith("$")) continue;
    const r = residue[key];
    const t = target[key];
    if (t === undefined) {
      target[key] = stripHints(r);
    } else if (isObject(t) && isObject(r)) {
      target[key] = mergeResidue({ ...t }, r);
    }
  }
  return target;
}

/** A deep copy of `v` without hint keys, for re-emitting a stored native value. */
function stripHints(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripHints);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) if (!k.startsWith("$")) out[k] = stripHints(v[k]);
  return out;
}

/** Builds a residue from the given entries, leaving out undefined values; undefined if empty. */
export function residueOf(entries: Record<string, unknown>, absent: string[] = []): Residue | undefined {
  const out: Residue = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  if (absent.length > 0) out.$absent = absent;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `interop` carrying `raw` under `chat` (nothing when there is no residue). */
export function chatInterop(raw: Residue | undefined): { interop?: Interop } {
  return raw === undefined ? {} : { interop: { chat: { raw } } };
}

/**
 * Other formats' interop on an item, part or tool (Gemini thought signatures, Anthropic
 * cache_control and citations, …) cannot reach Chat; it is reported, never lost in silence.
 * At the request top level pass `skipRaw` (its raw fields are reported one by one by
 * `reportForeignRaw`).
 */
export function reportForeignInterop(
  value: unknown,
  path: string,
  dropped: Dropped[],
  skipRaw = false,
): void {
  if (!isObject(value) || !isObject(value.interop)) return;
  const io = value.interop;
  for (const key of INTEROP_KEYS) {
    if (key === "chat") continue;
    const v = io[key];
    if (!isObject(v)) continue;
    for (const field of Object.keys(v)) {
      if (skipRaw && field === "raw") continue;
      const p = path === "" ? `interop.${key}.${field}` : `${path}.interop.${key}.${field}`;
      dropped.push({ path: p, reason: `no equivalent in ${FORMAT}` });
    }
  }
}
