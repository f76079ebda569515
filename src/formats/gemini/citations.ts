import type { Dropped } from "../../ir/dropped.ts";
import type { ResponseFunctionWebSearch, ResponseOutputText } from "../../ir/openai-types.ts";
import type { JsonObject } from "../validate.ts";
import type { OutputText } from "./model-turn.ts";
import { asArray, asNumber, asObject, asString } from "./proto-json.ts";
import type { GroundingMetadata } from "./types.ts";

/**
 * Google Search grounding and IR citations, both ways. `groundingSupports[].segment` marks a
 * span of one part's text in UTF-8 *bytes*; IR annotations count UTF-16 code units, so the
 * offsets are converted (and checked against `segment.text`).
 * @see https://ai.google.dev/gemini-api/docs/google-search#attributing_sources_with_inline_citations
 * @see https://ai.google.dev/api/generate-content#GroundingMetadata
 */

const encoder = new TextEncoder();

/** UTF-16 index of the character that starts at UTF-8 byte `byte` of `s` (clamped). */
export function charIndexAtByte(s: string, byte: number): number {
  let bytes = 0;
  let i = 0;
  while (i < s.length && bytes < byte) {
    const cp = s.codePointAt(i)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** UTF-8 byte offset of UTF-16 index `index` of `s`. */
export function byteIndexAtChar(s: string, index: number): number {
  return encoder.encode(s.slice(0, index)).length;
}

type Citation = ResponseOutputText.URLCitation;

function chunkSource(chunk: unknown): { url: string; title: string } | undefined {
  const c = asObject(chunk);
  const src = asObject(c?.web) ?? asObject(c?.retrievedContext) ?? asObject(c?.maps);
  const url = asString(src?.uri);
  return url === undefined ? undefined : { url, title: asString(src?.title) ?? "" };
}

/**
 * Adds `url_citation` annotations to the IR text parts that `groundingSupports` point into.
 * A segment without `partIndex` points into the first text part.
 */
export function annotateFromGrounding(gm: JsonObject, textAt: ReadonlyMap<number, OutputText>): void {
  const chunks = asArray(gm.groundingChunks) ?? [];
  const firstText = [...textAt.keys()].sort((a, b) => a - b)[0];
  for (const support of asArray(gm.groundingSupports) ?? []) {
    const s = asObject(support);
    const seg = asObject(s?.segment);
    if (s === undefined || seg === undefined) continue;
    const partIndex = asNumber(seg.partIndex) ?? firstText;
    const target = partIndex === undefined ? undefined : textAt.get(partIndex);
    if (target === undefined) continue;
    const span = charSpan(target.text, seg);
    if (span === undefined) continue;
    for (const idx of asArray(s.groundingChunkIndices) ?? []) {
      const src = typeof idx === "number" ? chunkSource(chunks[idx]) : undefined;
      if (src === undefined) continue;
      const c: Citation = { type: "url_citation", start_index: span[0], end_index: span[1], ...src };
      target.annotations.push(c);
    }
  }
}

function charSpan(text: string, seg: JsonObject): [number, number] | undefined {
  const startByte = asNumber(seg.startIndex) ?? 0;
  const endByte = asNumber(seg.endIndex);
  const quoted = asString(seg.text);
  if (endByte !== undefined) {
    const start = charIndexAtByte(text, startByte);
    const end = charIndexAtByte(text, endByte);
    if (quoted === undefined || text.slice(start, end) === quoted) return [start, end];
  }
  if (quoted === undefined || quoted === "") return undefined;
  const found = text.indexOf(quoted);
  return found < 0 ? undefined : [found, found + quoted.length];
}

/** The searches behind grounding as an IR `web_search_call`, when Gemini reports any. */
export function webSearchCallFrom(gm: JsonObject, id: string): ResponseFunctionWebSearch | undefined {
  const queries = (asArray(gm.webSearchQueries) ?? []).filter((q): q is string => typeof q === "string");
  if (queries.length === 0) return undefined;
  const sources = (asArray(gm.groundingChunks) ?? [])
    .map(chunkSource)
    .filter((s) => s !== undefined)
    .map((s) => ({ type: "url" as const, url: s.url }));
  return {
    type: "web_search_call",
    id,
    status: "completed",
    action: { type: "search", query: queries[0], queries, ...(sources.length > 0 ? { sources } : {}) },
  };
}

export interface CitedText {
  partIndex: number;
  text: string;
  annotations: ResponseOutputText["annotations"];
  path: string;
}

/**
 * Grounding metadata for an answer from elsewhere: URL citations become chunks and supports,
 * web searches become `webSearchQueries`. Other annotation kinds are reported.
 */
export function groundingFromCitations(
  texts: readonly CitedText[],
  queries: readonly string[],
  dropped: Dropped[],
): GroundingMetadata | undefined {
  const chunks: Array<{ web: { uri: string; title?: string } }> = [];
  const chunkIndex = new Map<string, number>();
  const supports = new Map<string, { segment: JsonObject; groundingChunkIndices: number[] }>();
  for (const t of texts) {
    t.annotations.forEach((a, j) => {
      if (a.type !== "url_citation") {
        dropped.push({ path: `${t.path}.annotations[${j}]`, reason: `${a.type} has no Gemini equivalent` });
        return;
      }
      let ci = chunkIndex.get(a.url);
      if (ci === undefined) {
        ci = chunks.length;
        chunkIndex.set(a.url, ci);
        chunks.push({ web: { uri: a.url, ...(a.title === "" ? {} : { title: a.title }) } });
      }
      const key = `${t.partIndex}:${a.start_index}:${a.end_index}`;
      let support = supports.get(key);
      if (support === undefined) {
        const segment: JsonObject = {
          startIndex: byteIndexAtChar(t.text, a.start_index),
          endIndex: byteIndexAtChar(t.text, a.end_index),
          text: t.text.slice(a.start_index, a.end_index),
        };
        if (t.partIndex > 0) segment.partIndex = t.partIndex;
        support = { segment, groundingChunkIndices: [] };
        supports.set(key, support);
      }
      if (!support.groundingChunkIndices.includes(ci)) support.groundingChunkIndices.push(ci);
    });
  }
  if (chunks.length === 0 && queries.length === 0) return undefined;
  const gm: GroundingMetadata = {};
  if (queries.length > 0) gm.webSearchQueries = [...queries];
  if (chunks.length > 0) gm.groundingChunks = chunks;
  if (supports.size > 0) gm.groundingSupports = [...supports.values()];
  return gm;
}
