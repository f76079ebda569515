/**
 * Reasoning both ways: the request's `thinking` + `output_config.effort` ↔ IR `reasoning`, and
 * `thinking` / `redacted_thinking` blocks ↔ IR reasoning items (DESIGN.md §2 continuity:
 * signatures go back only to Anthropic).
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { WithInterop } from "../../ir/interop.ts";
import type { ResponseReasoningItem } from "../../ir/openai-types.ts";
import type { IRReasoning } from "../../ir/request.ts";
import {
  type AnthropicEffort,
  clampAnthropicBudget,
  EFFORT_TABLE,
  type Effort,
  effortFromAnthropicBudget,
  effortFromAnthropicEffort,
  isEffort,
} from "../reasoning-effort.ts";
import { seal, unseal } from "../sealed-state.ts";
import {
  at,
  expectInteger,
  expectObject,
  expectString,
  isObject,
  type JsonObject,
  unknownKeys,
} from "../validate.ts";
import { attach, interopWith, nativeExtras, splitNative, stateOf } from "./carry.ts";
import { type ModelTraits, NONSTREAMING_MAX_TOKENS } from "./models.ts";
import type { ThinkingConfigParam } from "./types.ts";
import { FORMAT } from "./types.ts";

/** Anthropic's smallest thinking budget (budget_tokens ≥ 1024, < max_tokens). */
const MIN_BUDGET = 1024;

const ANTHROPIC_EFFORTS: readonly string[] = ["low", "medium", "high", "xhigh", "max"];

export interface DecodedReasoning {
  reasoning?: IRReasoning;
  /**
   * `thinking` fields with no IR slot (e.g. `display`), the whole object when its type has no
   * IR meaning, or `null` when the request set an effort without any `thinking` (which on
   * Anthropic means "effort, but no extended thinking").
   */
  thinkingRaw?: JsonObject | null;
  /** `output_config.effort` when the budget, not the effort, is what the IR carries. */
  effortRaw?: string;
}

/**
 * `thinking` {enabled + budget_tokens | adaptive | disabled} and `output_config.effort` → IR
 * reasoning: a budget keeps its exact value in `budget_tokens` and its bucket in `effort`;
 * adaptive thinking takes the native effort (or none: the model decides); disabled is `none`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 * @see https://docs.anthropic.com/en/docs/build-with-claude/effort
 */
export function decodeReasoning(thinking: unknown, effort: unknown, path: string): DecodedReasoning {
  const nativeEffort = decodeEffort(effort, at(at(path, "output_config"), "effort"));
  if (thinking === undefined || thinking === null) {
    return nativeEffort === undefined ? {} : { reasoning: { effort: nativeEffort }, thinkingRaw: null };
  }
  const p = at(path, "thinking");
  const t = expectObject(thinking, p);
  const type = expectString(t.type, at(p, "type"));
  const rest = (known: string[]): JsonObject | undefined => unknownKeys(t, new Set(known));
  switch (type) {
    case "enabled": {
      const budget = expectInteger(t.budget_tokens, at(p, "budget_tokens"));
      const out: DecodedReasoning = {
        reasoning: { effort: effortFromAnthropicBudget(budget), budget_tokens: budget },
      };
      const raw = rest(["type", "budget_tokens"]);
      if (raw !== undefined) out.thinkingRaw = raw;
      if (typeof effort === "string") out.effortRaw = effort;
      return out;
    }
    case "adaptive": {
      const out: DecodedReasoning = { reasoning: nativeEffort === undefined ? {} : { effort: nativeEffort } };
      const raw = rest(["type"]);
      if (raw !== undefined) out.thinkingRaw = raw;
      return out;
    }
    case "disabled": {
      const out: DecodedReasoning = { reasoning: { effort: "none" } };
      const raw = rest(["type"]);
      if (raw !== undefined) out.thinkingRaw = raw;
      if (typeof effort === "string") out.effortRaw = effort;
      return out;
    }
    default:
      // `between_tools` and anything newer: no IR meaning, kept whole.
      return {
        ...(nativeEffort === undefined ? {} : { reasoning: { effort: nativeEffort } }),
        thinkingRaw: t,
      };
  }
}

function decodeEffort(v: unknown, path: string): Effort | undefined {
  if (v === undefined || v === null) return undefined;
  const s = expectString(v, path);
  return ANTHROPIC_EFFORTS.includes(s) ? effortFromAnthropicEffort(s as AnthropicEffort) : undefined;
}

export interface EncodedReasoning {
  thinking?: ThinkingConfigParam;
  effort?: AnthropicEffort;
  maxTokens: number;
}

/**
 * IR reasoning → `thinking` + `output_config.effort` + `max_tokens`, in the style the model
 * takes (models.ts): budget models get `enabled` + `budget_tokens` (the exact budget when the
 * IR has one, else the effort table's), adaptive models get `adaptive` + effort. `max_tokens`
 * is the caller's, else the model's default raised to leave room for the budget (but, without
 * streaming, no higher than the 10-minute mark); the budget is clamped below it as Anthropic
 * requires.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 * @see https://docs.anthropic.com/en/docs/build-with-claude/effort
 */
export function encodeReasoning(
  reasoning: IRReasoning | null | undefined,
  traits: ModelTraits,
  callerMax: number | undefined,
  raw: JsonObject | undefined,
  dropped: Dropped[],
  stream = false,
): EncodedReasoning {
  const rawThinking = raw?.thinking;
  const partial = isObject(rawThinking) ? rawThinking : undefined;
  const defaultMax = (budget?: number): number =>
    callerMax ??
    Math.min(
      traits.maxOutputTokens,
      traits.defaultMaxTokens + (budget === undefined ? 0 : budget),
      stream ? Number.POSITIVE_INFINITY : NONSTREAMING_MAX_TOKENS,
    );
  if (reasoning === undefined || reasoning === null) {
    if (partial !== undefined && typeof partial.type === "string") {
      return { thinking: partial as unknown as ThinkingConfigParam, maxTokens: defaultMax() };
    }
    return { maxTokens: defaultMax() };
  }
  const effort = isEffort(reasoning.effort) ? reasoning.effort : undefined;
  // A native thinking type with no IR meaning (`between_tools`, …) goes back whole.
  if (partial !== undefined && typeof partial.type === "string") {
    const e = effort === undefined ? undefined : anthropicEffort(effort, traits, dropped);
    const thinking = partial as unknown as ThinkingConfigParam;
    return { thinking, ...(e === undefined ? {} : { effort: e }), maxTokens: defaultMax() };
  }
  // A native effort without `thinking`: effort only (see DecodedReasoning.thinkingRaw).
  if (rawThinking === null) {
    const e = effort === undefined ? undefined : anthropicEffort(effort, traits, dropped);
    return { ...(e === undefined ? {} : { effort: e }), maxTokens: defaultMax() };
  }
  if (effort === "none") {
    return { thinking: { type: "disabled", ...partial } as ThinkingConfigParam, maxTokens: defaultMax() };
  }
  const useBudget =
    traits.thinking === "budget" || (traits.thinking === "adaptive" && reasoning.budget_tokens !== undefined);
  if (useBudget) {
    const wanted = reasoning.budget_tokens ?? EFFORT_TABLE[effort ?? "medium"].anthropicBudget;
    const maxTokens = defaultMax(wanted);
    if (maxTokens <= MIN_BUDGET) {
      dropped.push({
        path: "reasoning",
        reason: `thinking needs max_output_tokens above ${MIN_BUDGET} on ${FORMAT}; sent without thinking`,
      });
      return { maxTokens };
    }
    const budget = clampAnthropicBudget(wanted, maxTokens);
    const thinking = { type: "enabled", budget_tokens: budget, ...partial } as ThinkingConfigParam;
    return { thinking, maxTokens };
  }
  const e =
    effort ??
    (reasoning.budget_tokens === undefined ? undefined : effortFromAnthropicBudget(reasoning.budget_tokens));
  const thinking: JsonObject = { type: "adaptive" };
  // Opus 4.7+ omit thinking text unless asked; a Responses caller asking for a summary wants it.
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (traits.thinking === "adaptive_only" && summary != null) thinking.display = "summarized";
  Object.assign(thinking, partial);
  const out: EncodedReasoning = {
    thinking: thinking as unknown as ThinkingConfigParam,
    maxTokens: defaultMax(),
  };
  const native = e === undefined ? undefined : anthropicEffort(e, traits, dropped);
  if (native !== undefined) out.effort = native;
  if (reasoning.budget_tokens !== undefined && traits.thinking === "adaptive_only") {
    dropped.push({
      path: "reasoning.budget_tokens",
      reason: `this model takes an effort level, not a thinking budget (sent effort ${native ?? "default"})`,
    });
  }
  return out;
}

/**
 * The effort table's Anthropic column; `xhigh` becomes `high` (reported) where the model lacks
 * it, since the API rejects it there rather than rounding.
 */
function anthropicEffort(e: Effort, traits: ModelTraits, dropped: Dropped[]): AnthropicEffort | undefined {
  const a = EFFORT_TABLE[e].anthropicEffort;
  if (a !== "xhigh" || traits.xhigh) return a;
  dropped.push({ path: "reasoning.effort", reason: "xhigh is not supported by this model; sent high" });
  return "high";
}

// ---- thinking blocks ------------------------------------------------------------------------

export type IRReasoningItem = WithInterop<ResponseReasoningItem>;

/**
 * `thinking` block → reasoning item: the text is the summary, the signature the
 * `encrypted_content`, marked as Anthropic's so it only ever goes back to Anthropic. A
 * signature this codec sealed (another family's state shown to an Anthropic client, see
 * sealed-state.ts) opens back into that family's state. A block without a signature carries
 * no verifiable state and is not marked.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#thinking-encryption
 */
export function decodeThinkingBlock(block: JsonObject, id: string, path: string): IRReasoningItem {
  const text = expectString(block.thinking, at(path, "thinking"));
  const signature =
    block.signature === undefined ? undefined : expectString(block.signature, at(path, "signature"));
  const item: ResponseReasoningItem = {
    type: "reasoning",
    id,
    summary: text === "" ? [] : [{ type: "summary_text", text }],
  };
  const state = splitNative(block, new Set(["type", "thinking", "signature"]));
  const sealed = unseal(signature);
  if (sealed?.origin === "openai") {
    item.encrypted_content = sealed.payload;
    if (sealed.id !== undefined) item.id = sealed.id;
    return attach(item, interopWith(state));
  }
  if (sealed?.origin === "gemini") {
    return attach(item, interopWith(state, { gemini: { thoughtSignature: sealed.payload } }));
  }
  if (sealed?.origin === "chat") return attach(item, interopWith(state));
  if (signature) {
    item.encrypted_content = sealed?.payload ?? signature;
    state.origin = true;
  } else if (signature === "") {
    state.raw = { ...state.raw, signature: "" };
  }
  return attach(item, interopWith(state));
}

/**
 * `redacted_thinking` block → reasoning item with no summary; `data` is the encrypted content
 * and `interop.anthropic.redacted` says it must go back as `redacted_thinking`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#thinking-redaction
 */
export function decodeRedactedBlock(block: JsonObject, id: string, path: string): IRReasoningItem {
  const data = expectString(block.data, at(path, "data"));
  const state = splitNative(block, new Set(["type", "data"]));
  state.origin = true;
  state.redacted = true;
  return attach({ type: "reasoning", id, summary: [], encrypted_content: data }, interopWith(state));
}

function reasoningText(item: ResponseReasoningItem): string {
  const summary = item.summary.map((s) => s.text);
  const parts = summary.length > 0 ? summary : (item.content ?? []).map((c) => c.text);
  return parts.join("\n\n");
}

/**
 * Reasoning item → `thinking` / `redacted_thinking`. Only Anthropic's own state goes back
 * into a request; another family's reasoning (OpenAI encrypted content, Gemini thoughts)
 * would fail signature checks, so it is dropped and reported. In an answer to an Anthropic
 * client, another family's reasoning is shown as thinking whose signature is that family's
 * state, sealed with its origin (sealed-state.ts), so that when the client sends it back it
 * returns to where it came from — and never to Anthropic.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */
export function encodeReasoningItem(
  item: IRReasoningItem,
  mode: "request" | "response",
  path: string,
  dropped: Dropped[],
): JsonObject | undefined {
  const a = stateOf(item);
  const sealed = unseal(item.encrypted_content);
  if (a?.origin || sealed?.origin === "anthropic") {
    const payload = sealed?.payload ?? item.encrypted_content ?? "";
    if (a?.redacted || sealed?.redacted)
      return { type: "redacted_thinking", data: payload, ...nativeExtras(item) };
    return { type: "thinking", thinking: reasoningText(item), signature: payload, ...nativeExtras(item) };
  }
  if (mode === "request") {
    dropped.push({
      path,
      reason: "reasoning from another provider cannot be sent to Anthropic (no valid signature)",
    });
    return undefined;
  }
  const signature = foreignSignature(item);
  const text = reasoningText(item);
  if (signature === "" && text === "" && a?.raw?.signature !== "") return undefined;
  return { type: "thinking", thinking: text, signature, ...nativeExtras(item) };
}

/** Another family's reasoning state, sealed for an Anthropic client's `signature` slot. */
function foreignSignature(item: IRReasoningItem): string {
  const thought = item.interop?.gemini?.thoughtSignature;
  if (thought !== undefined) return seal({ origin: "gemini", payload: thought });
  const encrypted = item.encrypted_content;
  if (typeof encrypted !== "string" || encrypted === "") return "";
  // Already sealed by another surface: it keeps its origin.
  if (unseal(encrypted) !== undefined) return encrypted;
  return seal({ origin: "openai", payload: encrypted, id: item.id });
}
