/**
 * Reasoning: the request's `reasoning` config and the continuity rules for `reasoning`
 * items in history.
 *
 * Config: the IR adds `budget_tokens` (an exact Anthropic/Gemini thinking budget) beside
 * `effort`. OpenAI takes only `effort`; when the IR has one, it carries the meaning and the
 * budget goes silently; when only a budget is given, it becomes the nearest effort through
 * the shared table (reasoning-effort.ts), reported because the exact number is lost.
 *
 * Items: OpenAI accepts only reasoning items it produced itself (its `rs_<hex>` ids, its
 * `encrypted_content`). Anthropic thinking (signature as `encrypted_content`), redacted
 * thinking, Gemini thoughts and any summary-only item of another provider are left out
 * and reported — DESIGN §2: opaque reasoning goes back only to the family that made it.
 *
 * Surface: a Responses client receiving another family's reasoning gets its state sealed
 * in `encrypted_content` (sealed-state.ts), the one field it reliably sends back; decoding
 * opens it again, so the state returns to its family and never reaches OpenAI.
 *
 * @see https://platform.openai.com/docs/guides/reasoning
 * @see https://platform.openai.com/docs/guides/reasoning#keeping-reasoning-items-in-context
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { Interop, WithInterop } from "../../ir/interop.ts";
import type { Reasoning, ResponseReasoningItem } from "../../ir/openai-types.ts";
import type { IRReasoning } from "../../ir/request.ts";
import { EFFORTS, effortFromAnthropicBudget } from "../reasoning-effort.ts";
import { seal, unseal } from "../sealed-state.ts";
import { at, expectArray, expectObject, expectOneOf, expectString, optional } from "../validate.ts";
import { hasForeignInterop } from "./interop-report.ts";
import { FORMAT } from "./types.ts";

const SUMMARY = ["auto", "concise", "detailed"] as const;

/** `reasoning` of a request: null, or an object whose known fields have known values. */
export function checkReasoningConfig(v: unknown, path: string): void {
  if (v === null) return;
  const r = expectObject(v, path);
  if (r.effort !== null) optional(r, "effort", path, (x, p) => expectOneOf(x, EFFORTS, p));
  if (r.summary !== null) optional(r, "summary", path, (x, p) => expectOneOf(x, SUMMARY, p));
  if (r.generate_summary !== null)
    optional(r, "generate_summary", path, (x, p) => expectOneOf(x, SUMMARY, p));
}

/**
 * IR reasoning config → OpenAI's. `budget_tokens` -1 means "the provider decides", which is
 * what leaving effort unset means to OpenAI: nothing is lost.
 */
export function encodeReasoningConfig(
  reasoning: IRReasoning | null | undefined,
  dropped: Dropped[],
): Reasoning | null | undefined {
  if (reasoning === null || reasoning === undefined) return reasoning;
  const { budget_tokens: budget, ...rest } = reasoning;
  if (budget === undefined || (rest.effort !== undefined && rest.effort !== null) || budget < 0) return rest;
  const effort = effortFromAnthropicBudget(budget);
  dropped.push({
    path: "reasoning.budget_tokens",
    reason: `${FORMAT} takes no exact thinking budget; sent as effort "${effort}"`,
  });
  return { ...rest, effort };
}

/** A reasoning item in history (validated loosely: OpenAI checks its own encrypted state). */
export function checkReasoningItem(item: Record<string, unknown>, path: string): void {
  optional(item, "id", path, expectString);
  expectArray(item.summary, at(path, "summary")).forEach((s, i) => {
    const p = at(at(path, "summary"), i);
    const part = expectObject(s, p);
    expectOneOf(part.type, ["summary_text"], at(p, "type"));
    expectString(part.text, at(p, "text"));
  });
  optional(item, "encrypted_content", path, expectString);
  optional(item, "content", path, expectArray)?.forEach((c, i) => {
    const p = at(at(path, "content"), i);
    const part = expectObject(c, p);
    expectOneOf(part.type, ["reasoning_text"], at(p, "type"));
    expectString(part.text, at(p, "text"));
  });
}

/** OpenAI item ids are the type prefix followed by a long hex string. */
const OPENAI_REASONING_ID = /^rs_[0-9a-f]{16,}$/i;

/** Why a reasoning item cannot go to OpenAI, or undefined when it is OpenAI's own. */
export function foreignReasoning(item: {
  id?: unknown;
  encrypted_content?: unknown;
  interop?: Interop;
}): string | undefined {
  const io = item.interop;
  const sealed = typeof item.encrypted_content === "string" ? unseal(item.encrypted_content) : undefined;
  if (sealed !== undefined && sealed.origin !== "openai") {
    return `${sealed.origin} reasoning state goes back only to ${sealed.origin} (reasoning continuity)`;
  }
  if (io?.anthropic !== undefined) {
    return io.anthropic.redacted === true
      ? "Anthropic redacted thinking goes back only to Anthropic (reasoning continuity)"
      : "Anthropic thinking and its signature go back only to Anthropic (reasoning continuity)";
  }
  if (io?.gemini !== undefined) return "Gemini thoughts go back only to Gemini (reasoning continuity)";
  if (hasForeignInterop(io) || typeof item.id !== "string" || !OPENAI_REASONING_ID.test(item.id)) {
    return "OpenAI accepts only reasoning items it produced (reasoning continuity)";
  }
  return undefined;
}

type ReasoningItem = WithInterop<ResponseReasoningItem>;

/**
 * Another family's opaque reasoning state, for a Responses client: its only slot is
 * `encrypted_content`, so the value is sealed with its origin (sealed-state.ts) — an
 * Anthropic signature or redacted-thinking data, a Gemini thought signature — and the
 * provenance markers it replaces leave `interop`. The client sends it back untouched and
 * `unsealReasoning` restores it. OpenAI's own state is written as it is.
 */
export function sealReasoning(item: ReasoningItem): ReasoningItem {
  const io = item.interop;
  if (io?.anthropic?.origin === true && typeof item.encrypted_content === "string") {
    const { origin: _o, redacted, ...anthropic } = io.anthropic;
    const payload = seal({
      origin: "anthropic",
      payload: item.encrypted_content,
      ...(redacted === true ? { redacted: true } : {}),
    });
    return withInterop({ ...item, encrypted_content: payload }, { ...io, anthropic });
  }
  const signature = io?.gemini?.thoughtSignature;
  if (signature !== undefined && (item.encrypted_content === undefined || item.encrypted_content === null)) {
    const { thoughtSignature: _s, ...gemini } = io?.gemini ?? {};
    return withInterop(
      { ...item, encrypted_content: seal({ origin: "gemini", payload: signature }) },
      { ...io, gemini },
    );
  }
  return item;
}

/** The reverse of `sealReasoning` (and of other surfaces sealing OpenAI state). */
export function unsealReasoning<T extends { type?: unknown; encrypted_content?: unknown; interop?: Interop }>(
  item: T,
): T {
  if (item.type !== "reasoning" || typeof item.encrypted_content !== "string") return item;
  const s = unseal(item.encrypted_content);
  if (s === undefined) return item;
  const io = item.interop;
  switch (s.origin) {
    case "anthropic":
      return {
        ...item,
        encrypted_content: s.payload,
        interop: {
          ...io,
          anthropic: { ...io?.anthropic, origin: true, ...(s.redacted === true ? { redacted: true } : {}) },
        },
      };
    case "gemini": {
      const { encrypted_content: _e, ...rest } = item;
      return { ...rest, interop: { ...io, gemini: { ...io?.gemini, thoughtSignature: s.payload } } } as T;
    }
    case "openai":
      return { ...item, encrypted_content: s.payload, ...(s.id === undefined ? {} : { id: s.id }) };
    case "chat":
      return item;
    default: {
      const never: never = s.origin;
      return never;
    }
  }
}

/** `item` with `interop` set to the families that still hold something. */
function withInterop(item: ReasoningItem, io: Interop): ReasoningItem {
  const { interop: _old, ...rest } = item;
  const kept = Object.fromEntries(
    Object.entries(io).filter(
      ([, v]) => v !== undefined && (typeof v !== "object" || Object.keys(v).length > 0),
    ),
  );
  return Object.keys(kept).length === 0 ? rest : { ...rest, interop: kept as Interop };
}
