import { SwitchyardError } from "../ir/error.ts";

/** Whose conventions a request follows for its key (and, for `GET /v1/models`, its answer). */
export type KeyStyle = "openai" | "anthropic" | "gemini";

type Getter = (name: string) => string | undefined;

/**
 * Light auth, as each SDK sends its key: any non-empty key is accepted — the simulator checks
 * that a client *sends* one where its provider expects it, not which. `Authorization: Bearer`
 * is accepted everywhere (Anthropic OAuth tokens, Vertex-style Gemini callers).
 */
export function hasKey(style: KeyStyle, header: Getter, query: URLSearchParams | undefined): boolean {
  const auth = header("authorization");
  if (auth !== undefined && /^Bearer\s+\S/i.test(auth)) return true;
  switch (style) {
    case "openai":
      return false;
    case "anthropic":
      return nonEmpty(header("x-api-key"));
    case "gemini":
      return nonEmpty(header("x-goog-api-key")) || nonEmpty(query?.get("key") ?? undefined);
    default:
      return style satisfies never;
  }
}

function nonEmpty(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== "";
}

/** The provider's own words for a missing key. */
const MESSAGES: Record<KeyStyle, string> = {
  openai:
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  anthropic: "x-api-key header is required",
  gemini:
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
};

export function missingKey(style: KeyStyle): SwitchyardError {
  return new SwitchyardError({ kind: "authentication", message: MESSAGES[style] });
}
