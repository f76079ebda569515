import type { Usage } from "../../ir/usage.ts";
import { minus, plus } from "../../ir/usage.ts";
import { isObject } from "../validate.ts";
import type { AnthropicUsage } from "./types.ts";

function count(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * Anthropic `usage` → IR usage. Anthropic counts cache reads and cache writes apart from
 * `input_tokens`; the IR input is their sum ("Total input tokens in a request is the summation
 * of input_tokens, cache_creation_input_tokens, and cache_read_input_tokens"). Thinking tokens
 * are already inside `output_tokens` (`output_tokens_details.thinking_tokens` is a subset).
 * The native object itself travels in `interop.anthropic.raw.usage` for exact re-encoding
 * (`cache_creation` TTL split, `server_tool_use`, `service_tier`, `iterations`, …).
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 */
export function decodeUsage(native: unknown): Usage {
  const u = isObject(native) ? native : {};
  const read = count(u.cache_read_input_tokens);
  const write = count(u.cache_creation_input_tokens);
  const out: Usage = {};
  const input = count(u.input_tokens) === undefined ? undefined : plus(count(u.input_tokens), read, write);
  if (input !== undefined) out.input_tokens = input;
  const output = count(u.output_tokens);
  if (output !== undefined) out.output_tokens = output;
  if (read !== undefined) out.cached_input_tokens = read;
  if (write !== undefined) out.cache_write_tokens = write;
  const details = isObject(u.output_tokens_details) ? u.output_tokens_details : undefined;
  const thinking = count(details?.thinking_tokens);
  if (thinking !== undefined) out.reasoning_tokens = thinking;
  return out;
}

const SAME_KEYS = [
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
] as const;

function sameCounts(a: Usage, b: Usage): boolean {
  return SAME_KEYS.every((k) => a[k] === b[k]);
}

/**
 * IR usage → Anthropic `usage`. When the IR still holds the native object it decoded from
 * (and nobody changed the counts since), that object goes back verbatim. Otherwise the counts
 * are split back apart: `input_tokens` is the uncached remainder; unknown cache counts are
 * `null` (the SDK's "not reported"); `input_tokens`/`output_tokens` are required, so an
 * unknown count is sent as 0.
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 */
export function encodeUsage(
  usage: Usage | undefined,
  raw: unknown,
  serviceTier?: string | null,
): AnthropicUsage {
  const u = usage ?? {};
  if (isObject(raw) && sameCounts(decodeUsage(raw), u)) return raw as unknown as AnthropicUsage;
  const out: AnthropicUsage = {
    input_tokens: minus(u.input_tokens, u.cached_input_tokens, u.cache_write_tokens) ?? 0,
    output_tokens: u.output_tokens ?? 0,
    cache_creation_input_tokens: u.cache_write_tokens ?? null,
    cache_read_input_tokens: u.cached_input_tokens ?? null,
  };
  if (u.reasoning_tokens !== undefined) out.output_tokens_details = { thinking_tokens: u.reasoning_tokens };
  const tier = encodeResponseServiceTier(serviceTier);
  if (tier !== undefined) out.service_tier = tier;
  return out;
}

/**
 * Anthropic `usage.service_tier` (which capacity served the answer) → IR `service_tier`,
 * spelled the OpenAI way where OpenAI has the same tier.
 * @see https://docs.anthropic.com/en/api/service-tiers
 */
export function decodeResponseServiceTier(native: unknown): string | undefined {
  switch (native) {
    case "standard":
      return "default";
    case "priority":
    case "batch":
      return native;
    default:
      return undefined;
  }
}

function encodeResponseServiceTier(
  tier: string | null | undefined,
): AnthropicUsage["service_tier"] | undefined {
  if (tier === undefined || tier === null) return undefined;
  if (tier === "priority" || tier === "batch") return tier;
  return "standard";
}
