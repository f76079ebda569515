import type { Dropped } from "../../ir/dropped.ts";
import { invalidRequest } from "../../ir/error.ts";
import type { IRReasoning } from "../../ir/request.ts";
import {
  EFFORT_TABLE,
  type Effort,
  effortFromGeminiBudget,
  effortFromGeminiLevel,
  type GeminiThinkingLevel,
  isEffort,
} from "../reasoning-effort.ts";
import { expectBoolean, expectInteger, expectString, type JsonObject } from "../validate.ts";
import { field, keyOf } from "./proto-json.ts";
import type { GeminiThinkingConfig } from "./types.ts";

/**
 * The Gemini version a model id names (`gemini-2.5-flash` → 2.5, `gemini-3-pro-preview` → 3),
 * or undefined for aliases such as `gemini-flash-latest` whose target moves.
 */
export function geminiVersion(model: string | undefined): number | undefined {
  if (model === undefined) return undefined;
  const m = /(?:^|\/)gemini-(\d+)(?:\.(\d+))?(?:[.-]|$)/.exec(model);
  return m ? Number(`${m[1]}.${m[2] ?? "0"}`) : undefined;
}

/**
 * Whether the model takes the JSON Schema fields (`parametersJsonSchema`,
 * `responseJsonSchema`), added for Gemini 2.5; aliases are assumed current.
 * @see https://ai.google.dev/api/caching#FunctionDeclaration
 */
export function acceptsJsonSchema(model: string | undefined): boolean {
  const v = geminiVersion(model);
  return v === undefined || v >= 2.5;
}

/**
 * THE place that decides which thinking dial a model takes: Gemini 3 models take
 * `thinkingLevel` (their `thinkingBudget` is only kept for backward compatibility and may
 * perform worse); 2.5 models only know `thinkingBudget`. Unknown models (aliases) get the
 * budget, which every thinking model accepts, whereas a level sent to 2.5 is a 400.
 * @see https://ai.google.dev/gemini-api/docs/thinking#thinking-levels
 * @see https://ai.google.dev/gemini-api/docs/thinking#set-budget
 */
export function thinkingDial(model: string | undefined): "level" | "budget" {
  const v = geminiVersion(model);
  return v !== undefined && v >= 3 ? "level" : "budget";
}

/**
 * Gemini 3 rejects (400) a function call in history without its thought signature. History that
 * came from another provider has none, so the first `functionCall` of each model turn gets the
 * documented dummy that skips validation. Older generations do not validate; unknown models
 * (aliases) may be Gemini 3, and the dummy is harmless where it is not needed.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
 */
export const SKIP_SIGNATURE = "skip_thought_signature_validator";

export function needsThoughtSignatures(model: string | undefined): boolean {
  const v = geminiVersion(model);
  return v === undefined || v >= 3;
}

const LEVELS: readonly GeminiThinkingLevel[] = ["minimal", "low", "medium", "high"];

/**
 * The level a model takes for the table's level: Pro models have no `minimal` (it rounds up to
 * `low`), and Gemini 3.0 Pro has only `low` and `high` (`medium` rounds up to `high`), so a
 * caller's small effort never becomes a 400.
 * @see https://ai.google.dev/gemini-api/docs/thinking#thinking-levels
 */
export function levelFor(model: string | undefined, level: GeminiThinkingLevel): GeminiThinkingLevel {
  if (model === undefined || !/-pro\b/.test(model)) return level;
  if (level === "minimal") return "low";
  if (level === "medium" && geminiVersion(model) === 3) return "high";
  return level;
}

/** `generationConfig.thinkingConfig` into IR reasoning (undefined when it says nothing we map). */
export function decodeThinkingConfig(tc: JsonObject, path: string): IRReasoning | undefined {
  const out: IRReasoning = {};
  const include = field(tc, "includeThoughts");
  if (include !== undefined && include !== null) {
    out.summary = expectBoolean(include, `${path}.${keyOf(tc, "includeThoughts")}`) ? "auto" : null;
  }
  const budget = field(tc, "thinkingBudget");
  const level = field(tc, "thinkingLevel");
  if (budget !== undefined && budget !== null) {
    const n = expectInteger(budget, `${path}.${keyOf(tc, "thinkingBudget")}`);
    out.budget_tokens = n;
    out.effort = effortFromGeminiBudget(n);
  } else if (level !== undefined && level !== null) {
    const p = `${path}.${keyOf(tc, "thinkingLevel")}`;
    const l = expectString(level, p).toLowerCase();
    if (!(LEVELS as readonly string[]).includes(l)) {
      throw invalidRequest(
        p,
        `one of ${LEVELS.map((x) => JSON.stringify(x)).join(", ")}, got ${JSON.stringify(level)}`,
      );
    }
    out.effort = effortFromGeminiLevel(l as GeminiThinkingLevel);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * IR reasoning into `thinkingConfig` for `model`, through the one effort table. An exact
 * budget (`budget_tokens`) goes through as `thinkingBudget` on a budget model; on a level model
 * the nearest level is sent instead (one dial per request: both is a 400).
 * @see https://ai.google.dev/gemini-api/docs/thinking
 */
export function encodeThinkingConfig(
  reasoning: IRReasoning,
  model: string | undefined,
  dropped: Dropped[],
): GeminiThinkingConfig | undefined {
  const out: GeminiThinkingConfig = {};
  if (reasoning.summary === "auto" || reasoning.summary === "concise" || reasoning.summary === "detailed") {
    out.includeThoughts = true;
    if (reasoning.summary !== "auto") {
      dropped.push({
        path: "reasoning.summary",
        reason: `Gemini thought summaries have no "${reasoning.summary}" setting; sent includeThoughts: true`,
      });
    }
  } else if (reasoning.summary === null) {
    out.includeThoughts = false;
  }
  const effort: Effort | undefined = isEffort(reasoning.effort)
    ? reasoning.effort
    : reasoning.budget_tokens !== undefined
      ? effortFromGeminiBudget(reasoning.budget_tokens)
      : undefined;
  if (thinkingDial(model) === "budget") {
    if (reasoning.budget_tokens !== undefined) out.thinkingBudget = reasoning.budget_tokens;
    else if (effort !== undefined) out.thinkingBudget = EFFORT_TABLE[effort].geminiBudget;
  } else if (effort !== undefined) {
    out.thinkingLevel = levelFor(model, EFFORT_TABLE[effort].geminiLevel);
  }
  if (reasoning.effort != null && !isEffort(reasoning.effort)) {
    dropped.push({ path: "reasoning.effort", reason: `unknown effort ${JSON.stringify(reasoning.effort)}` });
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
