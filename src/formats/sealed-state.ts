import type { InteropKey } from "../ir/interop.ts";

/**
 * Opaque reasoning state that must ride through a *foreign* surface. When a Claude answer is
 * served on the Responses surface, its thinking signature can only travel in the reasoning
 * item's `encrypted_content`; when the client sends the conversation back, the gateway must
 * still know the value is Anthropic's, or it would send it to OpenAI (which rejects it) or
 * lose it (and Anthropic rejects a tool-use turn whose thinking block is missing).
 *
 * So a codec that writes another family's opaque state into its own opaque slot seals it:
 * `swy1.<family>.<flags>.<base64url(payload)>`; its decoder opens it and restores the
 * origin. Same-family values are written as they are (passthrough stays byte-exact).
 * A sealed value is only ever sent back to the family named in it (DESIGN.md §2).
 */
const PREFIX = "swy1.";

export interface SealedState {
  origin: InteropKey;
  payload: string;
  /** Anthropic `redacted_thinking` (its `data`, not a signature). */
  redacted?: boolean;
  /** OpenAI reasoning item id, which must go back with its encrypted_content. */
  id?: string;
}

export function seal(s: SealedState): string {
  const flags = `${s.redacted === true ? "r" : ""}${s.id === undefined ? "" : `i${Buffer.from(s.id).toString("base64url")}`}`;
  return `${PREFIX}${s.origin}.${flags}.${Buffer.from(s.payload).toString("base64url")}`;
}

/** The sealed state inside `value`, or undefined when `value` is not sealed. */
export function unseal(value: string | null | undefined): SealedState | undefined {
  if (value == null || !value.startsWith(PREFIX)) return undefined;
  const [origin, flags, payload] = value.slice(PREFIX.length).split(".");
  if (origin === undefined || flags === undefined || payload === undefined) return undefined;
  if (origin !== "openai" && origin !== "chat" && origin !== "anthropic" && origin !== "gemini")
    return undefined;
  const out: SealedState = { origin, payload: Buffer.from(payload, "base64url").toString() };
  if (flags.startsWith("r")) out.redacted = true;
  const i = flags.indexOf("i");
  if (i !== -1) out.id = Buffer.from(flags.slice(i + 1), "base64url").toString();
  return out;
}
