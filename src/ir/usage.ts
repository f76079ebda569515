/**
 * Token usage, normalised to OpenAI semantics so every provider means the same thing:
 * - `input_tokens` counts every prompt token, including cache reads and cache writes
 *   (Anthropic reports these three separately; its codec adds them up);
 * - `output_tokens` counts every generated token, including reasoning
 *   (Gemini reports `thoughtsTokenCount` apart from `candidatesTokenCount`).
 * A count the provider did not report is `undefined`, never `-1` or a made-up zero.
 */
export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  /** Prompt tokens served from the provider's cache (subset of `input_tokens`). */
  cached_input_tokens?: number;
  /** Prompt tokens written to the provider's cache (subset of `input_tokens`). */
  cache_write_tokens?: number;
  /** Reasoning tokens (subset of `output_tokens`). */
  reasoning_tokens?: number;
  total_tokens?: number;
}

/** `total_tokens` when the provider gave it, else input + output when both are known. */
export function totalTokens(u: Usage): number | undefined {
  if (u.total_tokens !== undefined) return u.total_tokens;
  if (u.input_tokens === undefined || u.output_tokens === undefined) return undefined;
  return u.input_tokens + u.output_tokens;
}

/** Subtracts, keeping `undefined` when the minuend is unknown and never going below zero. */
export function minus(a: number | undefined, ...rest: Array<number | undefined>): number | undefined {
  if (a === undefined) return undefined;
  let v = a;
  for (const b of rest) v -= b ?? 0;
  return Math.max(0, v);
}

/** Adds, `undefined` only when every term is unknown. */
export function plus(...terms: Array<number | undefined>): number | undefined {
  let seen = false;
  let v = 0;
  for (const t of terms) {
    if (t === undefined) continue;
    seen = true;
    v += t;
  }
  return seen ? v : undefined;
}
