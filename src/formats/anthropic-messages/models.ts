/**
 * What the encoder must know about a Claude model, decided in one place from its id.
 *
 * | generation                                   | thinking                      | effort levels        | temperature/top_p/top_k | mid-conversation system |
 * |----------------------------------------------|-------------------------------|----------------------|-------------------------|-------------------------|
 * | ≤ 4.5 (3.x, 3.7, 4, 4.1, 4.5), unknown ids   | `enabled` + `budget_tokens`   | (not sent)           | yes                     | no                      |
 * | 4.6 (opus-4-6, sonnet-4-6)                   | `adaptive` (budget deprecated) | low…high, max        | yes                     | no                      |
 * | opus ≥ 4.7, any ≥ 5, fable, mythos           | `adaptive` only               | low…xhigh, max       | no (400)                | from opus-4-8 / 5       |
 *
 * Evidence: the recordings send adaptive thinking to opus-4-6 and claude-opus-5 and budgets
 * to haiku/sonnet-4-5; `claude-opus-4-6` answers `xhigh` with "Supported levels: high, low,
 * max, medium" (pydantic-ai `test_anthropic_explicit_effort_xhigh_unsupported_model_errors`).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 * @see https://docs.anthropic.com/en/docs/build-with-claude/effort
 * @see https://docs.anthropic.com/en/docs/about-claude/models/overview
 */
/**
 * The most output a non-streamed request may ask for: the Anthropic SDKs refuse more (at
 * 128k tokens an hour it would outlast the 10-minute request timeout), so a default never
 * goes past it. A caller's own `max_tokens` is left alone.
 * @see https://docs.anthropic.com/en/api/errors#long-requests
 */
export const NONSTREAMING_MAX_TOKENS = 21_333;

export type ThinkingStyle = "budget" | "adaptive" | "adaptive_only";

export interface ModelTraits {
  thinking: ThinkingStyle;
  /** Accepts `output_config.effort: "xhigh"`. */
  xhigh: boolean;
  /** Accepts temperature / top_p / top_k. */
  sampling: boolean;
  /** Accepts `role: "system"` messages inside `messages`. */
  midConversationSystem: boolean;
  /** Default `max_tokens` when the caller gave none, and the model's output ceiling. */
  defaultMaxTokens: number;
  maxOutputTokens: number;
}

interface Version {
  family: string;
  major: number;
  minor: number;
}

/** `claude-sonnet-4-5-20250929` → sonnet 4.5; `claude-3-7-sonnet-latest` → sonnet 3.7. */
export function parseClaudeVersion(model: string): Version | undefined {
  const id = model.toLowerCase().split("/").pop() ?? "";
  const modern = /claude-([a-z]+)-(\d+)(?:-(\d{1,2}))?(?![\d])/.exec(id);
  if (modern) {
    // "claude-3-7-sonnet" does not match here: its family comes after the version.
    return { family: modern[1]!, major: Number(modern[2]), minor: Number(modern[3] ?? 0) };
  }
  const legacy = /claude-(\d+)(?:-(\d))?-([a-z]+)/.exec(id);
  if (legacy) return { family: legacy[3]!, major: Number(legacy[1]), minor: Number(legacy[2] ?? 0) };
  const named = /claude-(fable|mythos)/.exec(id);
  if (named) return { family: named[1]!, major: 5, minor: 0 };
  return undefined;
}

/** Documented output ceilings: Claude 3 4096, 3.5 8192, Opus 4/4.1 32000, later 64000+. */
function outputCeiling(v: Version | undefined): number {
  if (v === undefined) return 8192;
  if (v.major === 3 && v.minor < 7) return v.minor >= 5 ? 8192 : 4096;
  if (v.family === "opus" && v.major === 4 && v.minor < 5) return 32000;
  return 64000;
}

/**
 * The traits of `model` (table above); ids this codec cannot parse (proxies, fine-tunes) get
 * the most widely accepted settings: budget thinking, sampling allowed, 4096 max tokens.
 * @see https://docs.anthropic.com/en/docs/about-claude/models/overview
 */
export function modelTraits(model: string | undefined): ModelTraits {
  const v = model === undefined ? undefined : parseClaudeVersion(model);
  const newer = (major: number, minor: number): boolean =>
    v !== undefined && (v.major > major || (v.major === major && v.minor >= minor));
  const adaptiveOnly =
    v !== undefined &&
    (v.major >= 5 || v.family === "fable" || v.family === "mythos" || (v.family === "opus" && newer(4, 7)));
  const adaptive = adaptiveOnly || newer(4, 6);
  const maxOutputTokens = outputCeiling(v);
  return {
    thinking: adaptiveOnly ? "adaptive_only" : adaptive ? "adaptive" : "budget",
    xhigh: adaptiveOnly,
    sampling: !adaptiveOnly,
    midConversationSystem: adaptiveOnly && (v.major >= 5 || v.family !== "opus" || newer(4, 8)),
    // 16384 fits every current model and stays under the SDK's 10-minute non-streaming guard;
    // an id that is not Claude (an Anthropic-compatible third party) gets a modest 4096.
    defaultMaxTokens: v === undefined ? 4096 : Math.min(maxOutputTokens, 16384),
    maxOutputTokens,
  };
}
