import type { IRRequest } from "../../ir/request.ts";

/** Item structure, ids and opaque provider state: not prompt text. */
const NOT_TEXT: ReadonlySet<string> = new Set([
  "type",
  "role",
  "status",
  "id",
  "call_id",
  "interop",
  "encrypted_content",
  "detail",
]);

/** An inline image or file counts as a typical image (~1,500 tokens), not as its base64 length. */
const INLINE_MEDIA_CHARS = 6000;

/**
 * A token estimate without calling a provider: about four characters per token over the
 * text of the decoded request (instructions, input, tools). Good enough to budget a prompt;
 * not a tokenizer.
 */
export function estimateTokens(req: IRRequest): number {
  let chars = 0;
  const visit = (v: unknown): void => {
    if (typeof v === "string") chars += v.startsWith("data:") ? INLINE_MEDIA_CHARS : v.length;
    else if (Array.isArray(v)) for (const x of v) visit(x);
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) if (!NOT_TEXT.has(k)) visit(x);
    }
  };
  visit(req.instructions);
  visit(req.input);
  // a tool's schema is sent as JSON text: count it as such
  if (req.tools !== undefined) chars += JSON.stringify(req.tools).length;
  return Math.max(1, Math.ceil(chars / 4));
}
