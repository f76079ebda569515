/**
 * The one reasoning-effort table. A caller states effort once (Responses `reasoning.effort`,
 * Chat `reasoning_effort`, Anthropic `output_config.effort` or a thinking budget, Gemini
 * `thinkingLevel` or `thinkingBudget`) and every provider gets its own dial set to match.
 *
 * | effort  | Anthropic budget_tokens | Anthropic effort | Gemini 2.5 thinkingBudget | Gemini 3 thinkingLevel | OpenAI effort |
 * |---------|-------------------------|------------------|---------------------------|------------------------|---------------|
 * | none    | thinking disabled       | (not sent)       | 0                         | minimal                | none          |
 * | minimal | 1024                    | low              | 512                       | minimal                | minimal       |
 * | low     | 4096                    | low              | 2048                      | low                    | low           |
 * | medium  | 8192                    | medium           | 8192                      | medium                 | medium        |
 * | high    | 16384                   | high             | 16384                     | high                   | high          |
 * | xhigh   | 32768                   | xhigh            | 24576                     | high                   | xhigh         |
 * | max     | 64000                   | max              | 32768                     | high                   | max           |
 *
 * Budgets map back to the effort of the smallest row whose budget is at least the given one.
 * Anthropic needs 1024 ≤ budget_tokens < max_tokens, so encoders clamp with `clampAnthropicBudget`.
 * Gemini's `-1` (dynamic) has no effort of its own; it reads as `medium`.
 *
 * @see https://platform.openai.com/docs/guides/reasoning
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 * @see https://docs.anthropic.com/en/docs/build-with-claude/effort
 * @see https://ai.google.dev/gemini-api/docs/thinking
 */
export type Effort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max";
export type AnthropicEffort = "low" | "medium" | "high" | "xhigh" | "max";
export type GeminiThinkingLevel = "minimal" | "low" | "medium" | "high";

export interface EffortRow {
  anthropicBudget: number;
  anthropicEffort: AnthropicEffort | undefined;
  geminiBudget: number;
  geminiLevel: GeminiThinkingLevel;
}

export const EFFORTS: readonly Effort[] = ["none", "minimal", "low", "medium", "high", "xhigh", "max"];

export const EFFORT_TABLE: Readonly<Record<Effort, EffortRow>> = {
  none: { anthropicBudget: 0, anthropicEffort: undefined, geminiBudget: 0, geminiLevel: "minimal" },
  minimal: { anthropicBudget: 1024, anthropicEffort: "low", geminiBudget: 512, geminiLevel: "minimal" },
  low: { anthropicBudget: 4096, anthropicEffort: "low", geminiBudget: 2048, geminiLevel: "low" },
  medium: { anthropicBudget: 8192, anthropicEffort: "medium", geminiBudget: 8192, geminiLevel: "medium" },
  high: { anthropicBudget: 16384, anthropicEffort: "high", geminiBudget: 16384, geminiLevel: "high" },
  xhigh: { anthropicBudget: 32768, anthropicEffort: "xhigh", geminiBudget: 24576, geminiLevel: "high" },
  max: { anthropicBudget: 64000, anthropicEffort: "max", geminiBudget: 32768, geminiLevel: "high" },
};

export function isEffort(v: unknown): v is Effort {
  return typeof v === "string" && (EFFORTS as readonly string[]).includes(v);
}

function fromBudget(budget: number, column: "anthropicBudget" | "geminiBudget"): Effort {
  if (budget < 0) return "medium";
  for (const e of EFFORTS) if (budget <= EFFORT_TABLE[e][column]) return e;
  return "max";
}

/** Anthropic `thinking.budget_tokens` → effort. */
export function effortFromAnthropicBudget(budget: number): Effort {
  return fromBudget(budget, "anthropicBudget");
}

/** Gemini `thinkingBudget` → effort (`-1`, dynamic, reads as medium). */
export function effortFromGeminiBudget(budget: number): Effort {
  return fromBudget(budget, "geminiBudget");
}

/** Anthropic `output_config.effort` → effort (the scales share their names). */
export function effortFromAnthropicEffort(e: AnthropicEffort): Effort {
  return e;
}

/** Gemini `thinkingLevel` → effort. */
export function effortFromGeminiLevel(level: GeminiThinkingLevel): Effort {
  return level;
}

/** Anthropic requires 1024 ≤ budget_tokens < max_tokens. */
export function clampAnthropicBudget(budget: number, maxTokens: number | undefined): number {
  const upper = maxTokens === undefined ? budget : Math.min(budget, maxTokens - 1);
  return Math.max(1024, upper);
}
