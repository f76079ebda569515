import type { Dropped } from "../../ir/dropped.ts";
import type { Usage } from "../../ir/usage.ts";
import { minus, plus, totalTokens } from "../../ir/usage.ts";
import type { JsonObject } from "../validate.ts";
import { asNumber, knownFields, residual } from "./proto-json.ts";
import type { GeminiUsageMetadata } from "./types.ts";

const MAPPED = knownFields(
  "promptTokenCount",
  "cachedContentTokenCount",
  "candidatesTokenCount",
  "thoughtsTokenCount",
  "totalTokenCount",
  "serviceTier",
);

export interface DecodedUsage {
  usage: Usage;
  serviceTier: string | undefined;
  /** Fields with no IR slot (per-modality details, `toolUsePromptTokenCount`, `trafficType`, …). */
  raw: JsonObject | undefined;
}

/**
 * `usageMetadata` into IR usage. Proto3 JSON omits zero counts, so inside a present
 * `usageMetadata` a missing count is 0, not unknown. `promptTokenCount` already includes
 * `cachedContentTokenCount`; `thoughtsTokenCount` is NOT part of `candidatesTokenCount`, so IR
 * output = candidates + thoughts; `toolUsePromptTokenCount` (search results fed back to the model)
 * is billed as input, so IR input = prompt + toolUsePrompt. Then
 * total = input + output = `totalTokenCount`.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function decodeUsage(u: JsonObject): DecodedUsage {
  const prompt = asNumber(u.promptTokenCount) ?? 0;
  const toolUse = asNumber(u.toolUsePromptTokenCount) ?? 0;
  const candidates = asNumber(u.candidatesTokenCount) ?? 0;
  const thoughts = asNumber(u.thoughtsTokenCount) ?? 0;
  const usage: Usage = {
    input_tokens: prompt + toolUse,
    output_tokens: candidates + thoughts,
    cached_input_tokens: asNumber(u.cachedContentTokenCount) ?? 0,
    reasoning_tokens: thoughts,
  };
  const total = asNumber(u.totalTokenCount);
  if (total !== undefined) usage.total_tokens = total;
  return {
    usage,
    serviceTier: typeof u.serviceTier === "string" ? u.serviceTier : undefined,
    raw: residual(u, MAPPED),
  };
}

/**
 * IR usage into `usageMetadata`, zero counts omitted as proto3 JSON does. `raw` (from a Gemini
 * answer) restores the details and the tool-use prompt count that IR input includes.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function encodeUsage(
  usage: Usage,
  serviceTier: string | null | undefined,
  raw: JsonObject | undefined,
  dropped: Dropped[],
): GeminiUsageMetadata {
  const out: GeminiUsageMetadata = { ...raw };
  const toolUse = asNumber(raw?.toolUsePromptTokenCount);
  const reasoning = usage.reasoning_tokens;
  set(out, "promptTokenCount", minus(usage.input_tokens, toolUse));
  set(out, "cachedContentTokenCount", usage.cached_input_tokens);
  set(out, "candidatesTokenCount", minus(usage.output_tokens, reasoning));
  set(out, "thoughtsTokenCount", reasoning);
  set(out, "totalTokenCount", totalTokens(usage) ?? plus(usage.input_tokens, usage.output_tokens));
  if (usage.cache_write_tokens !== undefined && usage.cache_write_tokens > 0) {
    // Still counted in promptTokenCount; only the breakdown has no Gemini field.
    dropped.push({
      path: "usage.cache_write_tokens",
      reason: "Gemini usageMetadata has no cache-write count",
    });
  }
  const tier = encodeServiceTier(serviceTier);
  if (tier !== undefined) out.serviceTier = tier;
  return out;
}

function set(out: GeminiUsageMetadata, key: keyof GeminiUsageMetadata, v: number | undefined): void {
  if (v !== undefined && v !== 0) out[key] = v;
}

/**
 * Gemini reports `standard` | `flex` | `priority`; OpenAI's `default`/`auto` are its standard tier.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
function encodeServiceTier(tier: string | null | undefined): string | undefined {
  if (tier === undefined || tier === null) return undefined;
  return tier === "default" || tier === "auto" ? "standard" : tier;
}
