import { totalTokens, type Usage } from "../../ir/usage.ts";
import { isObject, type JsonObject } from "../validate.ts";
import { mergeResidue, type Residue } from "./residue.ts";
import type { CompletionUsage } from "./types.ts";

/**
 * Chat `usage` → IR usage. Chat already counts the way the IR does (`prompt_tokens` includes
 * cached tokens, `completion_tokens` includes reasoning tokens), so counts copy over; the
 * details the IR has no slot for (audio, prediction, text/image splits) stay in the residue,
 * as do the detail objects themselves so their presence survives a round trip.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function decodeUsage(native: unknown): { usage: Usage; residue: Residue | undefined } {
  const usage: Usage = {};
  const residue: Residue = {};
  if (!isObject(native)) return { usage, residue: undefined };
  for (const [key, v] of Object.entries(native)) {
    switch (key) {
      case "prompt_tokens":
        if (typeof v === "number") usage.input_tokens = v;
        else residue[key] = v;
        break;
      case "completion_tokens":
        if (typeof v === "number") usage.output_tokens = v;
        else residue[key] = v;
        break;
      case "total_tokens":
        if (typeof v === "number") usage.total_tokens = v;
        else residue[key] = v;
        break;
      case "prompt_tokens_details":
        residue[key] = takeDetails(
          v,
          { cached_tokens: "cached_input_tokens", cache_write_tokens: "cache_write_tokens" },
          usage,
        );
        break;
      case "completion_tokens_details":
        residue[key] = takeDetails(v, { reasoning_tokens: "reasoning_tokens" }, usage);
        break;
      default:
        residue[key] = v;
    }
  }
  return { usage, residue: Object.keys(residue).length > 0 ? residue : undefined };
}

type DetailSlot = "cached_input_tokens" | "cache_write_tokens" | "reasoning_tokens";

/** Moves the mapped counts of a details object into `usage`; returns what is left. */
function takeDetails(v: unknown, slots: Record<string, DetailSlot>, usage: Usage): unknown {
  if (!isObject(v)) return v;
  const rest: JsonObject = {};
  for (const [k, n] of Object.entries(v)) {
    const slot = slots[k];
    if (slot !== undefined && typeof n === "number") usage[slot] = n;
    else rest[k] = n;
  }
  return rest;
}

/**
 * IR usage → Chat `usage`. The three counts are required on the wire; an unknown count is
 * written as 0 only because the schema demands a number (the IR never invents one).
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function encodeUsage(usage: Usage, residue: Residue | undefined): CompletionUsage {
  const out: JsonObject = {
    prompt_tokens: usage.input_tokens ?? 0,
    completion_tokens: usage.output_tokens ?? 0,
    total_tokens: totalTokens(usage) ?? (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0),
  };
  if (usage.cached_input_tokens !== undefined || usage.cache_write_tokens !== undefined) {
    const d: JsonObject = {};
    if (usage.cached_input_tokens !== undefined) d.cached_tokens = usage.cached_input_tokens;
    if (usage.cache_write_tokens !== undefined) d.cache_write_tokens = usage.cache_write_tokens;
    out.prompt_tokens_details = d;
  }
  if (usage.reasoning_tokens !== undefined) {
    out.completion_tokens_details = { reasoning_tokens: usage.reasoning_tokens };
  }
  return mergeResidue(out, residue) as unknown as CompletionUsage;
}
