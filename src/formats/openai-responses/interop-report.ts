import type { Dropped } from "../../ir/dropped.ts";
import { INTEROP_KEYS, type Interop } from "../../ir/interop.ts";
import { FORMAT } from "./types.ts";

/**
 * Why a piece of another format's provider state cannot reach OpenAI. Keys are
 * `<family>.<field>` under `interop`; anything not listed gets the generic reason.
 */
const REASONS: Readonly<Record<string, string>> = {
  is_error: `${FORMAT} function_call_output has no error flag; the output is sent as is`,
  "anthropic.cache_control": `no equivalent in ${FORMAT}: OpenAI caches prompt prefixes automatically`,
  "anthropic.citations": `no equivalent in ${FORMAT}: Anthropic citations cannot be sent to OpenAI`,
  "gemini.thoughtSignature": "Gemini thought signatures go back only to Gemini (reasoning continuity)",
};

function reasonFor(key: string): string {
  return REASONS[key] ?? `no equivalent in ${FORMAT}`;
}

/**
 * Reports every leaf of `interop` that OpenAI has no field for: the neutral `is_error`
 * flag and every non-`openai` family, field by field (raw fields one by one), so that a
 * translation is lossy but never silent. `path` is the IR path of the value carrying it
 * (`""` for the request itself, `input[3].` for an item, with its trailing dot). Request-level
 * raw fields go through the shared `reportForeignRaw` instead (`includeRaw = false`).
 */
export function reportInterop(
  interop: Interop | undefined,
  path: string,
  dropped: Dropped[],
  includeRaw = true,
): void {
  if (interop === undefined) return;
  if (interop.is_error === true)
    dropped.push({ path: `${path}interop.is_error`, reason: reasonFor("is_error") });
  for (const family of INTEROP_KEYS) {
    if (family === "openai") continue;
    const value = interop[family];
    if (value === undefined) continue;
    for (const [field, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (field === "raw" && typeof v === "object" && v !== null) {
        if (!includeRaw) continue;
        for (const rawField of Object.keys(v)) {
          dropped.push({
            path: `${path}interop.${family}.raw.${rawField}`,
            reason: reasonFor(`${family}.raw`),
          });
        }
        continue;
      }
      dropped.push({ path: `${path}interop.${family}.${field}`, reason: reasonFor(`${family}.${field}`) });
    }
  }
}

/** Whether `interop` carries state of a family other than OpenAI's own. */
export function hasForeignInterop(interop: Interop | undefined): boolean {
  if (interop === undefined) return false;
  return INTEROP_KEYS.some((k) => k !== "openai" && interop[k] !== undefined);
}

/** A shallow copy of `value` without its `interop` field. */
export function withoutInterop<T extends object>(value: T): Omit<T, "interop"> {
  if (!("interop" in value)) return value;
  const { interop: _drop, ...rest } = value as T & { interop?: unknown };
  return rest;
}
