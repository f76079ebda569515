import type { Dropped } from "../../ir/dropped.ts";
import type { ResponseOutputText } from "../../ir/openai-types.ts";
import { isObject, type JsonObject } from "../validate.ts";
import { FORMAT } from "./types.ts";

type IRAnnotation = ResponseOutputText["annotations"][number];
type IRLogprob = ResponseOutputText.Logprob;
type IRTopLogprob = ResponseOutputText.Logprob.TopLogprob;

/**
 * Chat message `annotations` (web search `url_citation`s) → output_text annotations: the same
 * citation, flattened. Undefined when any entry is something else, so the caller keeps the
 * native list as it was rather than a part of it.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 * @see https://platform.openai.com/docs/guides/tools-web-search?api-mode=chat
 */
export function decodeAnnotations(v: unknown[]): IRAnnotation[] | undefined {
  const out: IRAnnotation[] = [];
  for (const a of v) {
    if (!isObject(a) || a.type !== "url_citation" || !isObject(a.url_citation)) return undefined;
    const c = a.url_citation;
    if (typeof c.start_index !== "number" || typeof c.end_index !== "number") return undefined;
    if (typeof c.url !== "string" || typeof c.title !== "string") return undefined;
    if (Object.keys(a).length !== 2 || Object.keys(c).length !== 4) return undefined;
    out.push({
      type: "url_citation",
      start_index: c.start_index,
      end_index: c.end_index,
      title: c.title,
      url: c.url,
    });
  }
  return out;
}

/**
 * Output_text annotations → Chat `annotations`. `offset` shifts the indices when several IR
 * text parts are joined into one Chat content string. Only URL citations exist in Chat; file
 * citations and paths are reported dropped.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function encodeAnnotations(
  annotations: readonly unknown[],
  offset: number,
  path: string,
  dropped: Dropped[],
): JsonObject[] {
  const out: JsonObject[] = [];
  annotations.forEach((a, i) => {
    if (isObject(a) && a.type === "url_citation") {
      out.push({
        type: "url_citation",
        url_citation: {
          start_index: Number(a.start_index) + offset,
          end_index: Number(a.end_index) + offset,
          title: a.title,
          url: typeof a.url === "string" ? escapeUrl(a.url) : a.url,
        },
      });
    } else {
      const type = isObject(a) ? String(a.type) : "annotation";
      dropped.push({ path: `${path}[${i}]`, reason: `${type} has no equivalent in ${FORMAT}` });
    }
  });
  return out;
}

/**
 * Chat documents citation URLs as URIs; some providers hand out URLs with raw spaces (Gemini's
 * search links do). Only characters a URI cannot hold are escaped, so a valid URL is unchanged.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-2
 */
export function escapeUrl(url: string): string {
  return url.replace(/[^\x21-\x7e]|["<>\\^`{|}]/gu, (c) => encodeURIComponent(c));
}

/**
 * Chat `logprobs.content` → output_text `logprobs`. The shapes match except that Chat allows
 * `bytes: null`, which the IR type does not; then the native list stays in the residue.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function decodeLogprobs(v: unknown[]): IRLogprob[] | undefined {
  const out: IRLogprob[] = [];
  for (const t of v) {
    if (!isToken(t) || !Array.isArray(t.top_logprobs) || Object.keys(t).length !== 4) return undefined;
    const top: IRTopLogprob[] = [];
    for (const x of t.top_logprobs) {
      if (!isToken(x) || Object.keys(x).length !== 3) return undefined;
      top.push({ token: x.token, bytes: x.bytes, logprob: x.logprob });
    }
    out.push({ token: t.token, bytes: t.bytes, logprob: t.logprob, top_logprobs: top });
  }
  return out;
}

function isToken(t: unknown): t is JsonObject & { token: string; bytes: number[]; logprob: number } {
  return (
    isObject(t) &&
    typeof t.token === "string" &&
    typeof t.logprob === "number" &&
    Array.isArray(t.bytes) &&
    t.bytes.every((b) => typeof b === "number")
  );
}

/** Output_text `logprobs` → Chat `logprobs.content` entries (same shape). */
export function encodeLogprobs(logprobs: readonly IRLogprob[]): JsonObject[] {
  return logprobs.map((t) => ({
    token: t.token,
    logprob: t.logprob,
    bytes: t.bytes,
    top_logprobs: t.top_logprobs.map((x) => ({ token: x.token, logprob: x.logprob, bytes: x.bytes })),
  }));
}
