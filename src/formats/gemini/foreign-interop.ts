import type { Dropped } from "../../ir/dropped.ts";
import { type InteropKey, interopOf } from "../../ir/interop.ts";

const FOREIGN: readonly InteropKey[] = ["openai", "chat", "anthropic"];

/**
 * Provider state another format left on an IR value (an Anthropic `cache_control` breakpoint
 * or `citations`, an OpenAI raw field) cannot reach Gemini: it is reported, never lost quietly.
 * Anthropic's `origin`/`redacted` marks only qualify `encrypted_content`, reported on its own.
 */
export function reportForeignInterop(value: object, path: string, dropped: Dropped[]): void {
  const io = interopOf(value);
  if (io === undefined) return;
  for (const key of FOREIGN) {
    const state = io[key] as Record<string, unknown> | undefined;
    if (state === undefined) continue;
    for (const [field, v] of Object.entries(state)) {
      if (v === undefined || (key === "anthropic" && (field === "origin" || field === "redacted"))) continue;
      dropped.push({ path: `${path}.interop.${key}.${field}`, reason: "no equivalent in gemini" });
    }
  }
}
