import type { ResponseOutputText } from "../../ir/openai-types.ts";
import { isObject } from "../validate.ts";

type Annotation = ResponseOutputText["annotations"][number];

/**
 * Anthropic text-block `citations` → Responses annotations. A citation covers the whole text
 * block it sits on, so the annotation spans the whole `output_text` part. Web search and
 * search-result citations that name a URL become `url_citation`s; document citations
 * (`char_location`, `page_location`, `content_block_location`) point into documents the
 * Responses API cannot name, so they live only in `interop.anthropic.citations`, which
 * keeps every native citation for exact re-encoding.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/citations
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-output
 */
export function annotationsFor(citations: unknown[] | undefined, text: string): Annotation[] {
  const out: Annotation[] = [];
  for (const c of citations ?? []) {
    if (!isObject(c)) continue;
    const url =
      c.type === "web_search_result_location"
        ? c.url
        : c.type === "search_result_location" && typeof c.source === "string" && /^https?:\/\//.test(c.source)
          ? c.source
          : undefined;
    if (typeof url !== "string") continue;
    out.push({
      type: "url_citation",
      url,
      title: typeof c.title === "string" ? c.title : url,
      start_index: 0,
      end_index: text.length,
    });
  }
  return out;
}
