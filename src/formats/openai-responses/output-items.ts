/**
 * Output items of a Response, for a Responses client (the Responses surface). Items are
 * IR-native and go as they are, with three exceptions: `interop` never leaves Switchyard,
 * another family's reasoning state is sealed into `encrypted_content`, and fields the
 * schema requires are filled when another format left them out.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-output
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { Interop } from "../../ir/interop.ts";
import { isOpaque, opaqueNative } from "../../ir/opaque.ts";
import type { IROutputItem } from "../../ir/request.ts";
import { isObject } from "../validate.ts";
import { reportInterop, withoutInterop } from "./interop-report.ts";
import { opaqueFamilies, withOwnRaw } from "./items.ts";
import { sealReasoning } from "./reasoning.ts";
import { FORMAT } from "./types.ts";

/**
 * A URL as the schema's `uri` format wants it: characters a URI cannot hold (Gemini's
 * grounding links carry raw spaces) percent-encoded; nothing else touched.
 */
function uri(url: unknown): unknown {
  return typeof url === "string"
    ? url.replace(/[^\x21-\x7e]|["<>\\^`{|}]/gu, (c) => encodeURIComponent(c))
    : url;
}

/** Web-search and citation URLs made valid URIs (see `uri`). */
function withValidUrls(item: IROutputItem): IROutputItem {
  if (item.type === "web_search_call") {
    // an in-progress call (stream `output_item.added`) has no action yet
    const action = item.action as { url?: unknown; sources?: Array<{ url?: unknown }> } | undefined;
    if (action === undefined || action === null) return item;
    return {
      ...item,
      action: {
        ...action,
        ...(action.url === undefined ? {} : { url: uri(action.url) }),
        ...(action.sources === undefined
          ? {}
          : { sources: action.sources.map((src) => ({ ...src, url: uri(src.url) })) }),
      } as typeof item.action,
    };
  }
  if (item.type !== "message") return item;
  return {
    ...item,
    content: item.content.map((part) =>
      part.type !== "output_text"
        ? part
        : {
            ...part,
            annotations: part.annotations?.map((a) =>
              a.type === "url_citation" ? { ...a, url: uri(a.url) as string } : a,
            ),
          },
    ),
  };
}

/** A message's parts without `interop`, its foreign state reported. */
function stripParts(content: readonly object[], path: string, dropped: Dropped[]): object[] {
  return content.map((part, j) => {
    const io = (part as { interop?: Interop }).interop;
    if (io === undefined) return part;
    reportInterop(io, `${path}.content[${j}].`, dropped);
    return withoutInterop(part);
  });
}

/**
 * IR output items → a Response's `output`, for a Responses client. `interop` does not
 * leave Switchyard: a client may replay the output to OpenAI itself, which rejects unknown
 * fields. Another family's reasoning state travels sealed in `encrypted_content`
 * (reasoning.ts); other provider state and other formats' opaque elements are reported.
 * Fields the schema requires are filled when another format left them out: message `id`
 * (derived, deterministic) and `status`, output_text `annotations` and `logprobs`.
 */
export function encodeOutputItems(
  items: readonly IROutputItem[],
  responseId: string,
  dropped: Dropped[],
): IROutputItem[] {
  const out: IROutputItem[] = [];
  items.forEach((item, i) => {
    const path = `output[${i}]`;
    if (isOpaque(item)) {
      const native = opaqueNative(item, "openai");
      if (isObject(native)) out.push(native as unknown as IROutputItem);
      else dropped.push({ path, reason: `${opaqueFamilies(item)} element with no equivalent in ${FORMAT}` });
      return;
    }
    let own = withOwnRaw(item);
    if (own.type === "reasoning") own = sealReasoning(own);
    reportInterop((own as { interop?: Interop }).interop, `${path}.`, dropped);
    own = withValidUrls(withoutInterop(own) as IROutputItem);
    if (own.type !== "message") {
      out.push(own);
      return;
    }
    const content = stripParts(own.content, path, dropped).map((p) => {
      const part = p as (typeof own.content)[number];
      return part.type === "output_text"
        ? { ...part, annotations: part.annotations ?? [], logprobs: part.logprobs ?? [] }
        : part;
    });
    out.push({ ...own, id: own.id ?? `msg_${responseId}_${i}`, status: own.status ?? "completed", content });
  });
  return out;
}
