import type { Dropped, Translated } from "../../ir/dropped.ts";
import { SwitchyardError } from "../../ir/error.ts";
import type { GeminiInterop, Interop, WithInterop } from "../../ir/interop.ts";
import { isOpaque } from "../../ir/opaque.ts";
import type { ResponseOutputMessage } from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import { nativeStop } from "../../ir/stop-reason.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { ResponseContext } from "../wire-format.ts";
import {
  annotateFromGrounding,
  type CitedText,
  groundingFromCitations,
  webSearchCallFrom,
} from "./citations.ts";
import { BLOCK_REASONS, decodeBlockReason, decodeFinishReason, encodeFinishReason } from "./finish-reason.ts";
import { reportForeignInterop } from "./foreign-interop.ts";
import { deriveCallId } from "./function-calls.ts";
import { decodeModelParts, encodeModelItem, type ModelSideItem } from "./model-turn.ts";
import { asArray, asObject, asString, knownFields, residual } from "./proto-json.ts";
import type { Content, GeminiCandidate, GeminiResponseBody, GroundingMetadata, Part } from "./types.ts";
import { decodeUsage, encodeUsage } from "./usage.ts";

const TOP_FIELDS = knownFields("candidates", "usageMetadata", "modelVersion", "responseId", "createTime");
const CANDIDATE_FIELDS = knownFields("content", "finishReason", "groundingMetadata", "safetyRatings");
const CONTENT_FIELDS = knownFields("parts");

/**
 * A generateContent answer into the IR: `candidates[0]` is the answer (further candidates stay
 * raw), its parts in order become output items, `groundingMetadata` becomes URL citations and
 * a `web_search_call` (and is kept whole, with `safetyRatings`, on the first message item),
 * everything else without an IR slot goes to `interop.gemini.raw`.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function decodeResponse(body: unknown): Translated<IRResponse> {
  if (!isObject(body)) {
    throw new SwitchyardError({
      kind: "server",
      status: 502,
      message: "Gemini answer is not a JSON object",
      source: "gemini",
      raw: body,
    });
  }
  const responseId = asString(body.responseId) ?? "";
  const raw: JsonObject = { ...residual(body, TOP_FIELDS) };
  const res: IRResponse = {
    id: responseId,
    model: asString(body.modelVersion) ?? "",
    status: "completed",
    output: [],
  };
  const createTime = asString(body.createTime);
  if (createTime !== undefined) {
    const ms = Date.parse(createTime);
    if (!Number.isNaN(ms)) res.created_at = Math.floor(ms / 1000);
    // Vertex writes sub-second precision the IR's Unix seconds cannot hold.
    if (res.created_at === undefined || isoSeconds(res.created_at) !== createTime)
      raw.createTime = createTime;
  }
  const candidates = asArray(body.candidates) ?? [];
  const cand = asObject(candidates[0]);
  const responseInterop: GeminiInterop = {};
  if (cand !== undefined) {
    const content = asObject(cand.content);
    let ordinal = 0;
    const turn = decodeModelParts(
      asArray(content?.parts) ?? [],
      "candidates[0].content.parts",
      {
        item: (prefix, i) => `${prefix}_${responseId}_${i}`,
        callId: (name) => deriveCallId(name, ordinal++, responseId),
      },
      false,
    );
    res.output = turn.items;
    const finish = asString(cand.finishReason);
    if (finish !== undefined) res.stop_reason = decodeFinishReason(finish, turn.hasFunctionCalls);
    const firstMessage = turn.items.find(isMessage);
    const carrier: GeminiInterop = firstMessage === undefined ? responseInterop : {};
    const gm = asObject(cand.groundingMetadata);
    if (gm !== undefined) {
      carrier.groundingMetadata = gm;
      annotateFromGrounding(gm, turn.textAt);
      const search = webSearchCallFrom(gm, `ws_${responseId}_0`);
      if (search !== undefined) res.output.unshift(search);
    }
    const ratings = asArray(cand.safetyRatings);
    if (ratings !== undefined) carrier.safetyRatings = ratings;
    if (firstMessage !== undefined && Object.keys(carrier).length > 0) {
      const io: Interop = firstMessage.interop ?? {};
      firstMessage.interop = { ...io, gemini: { ...io.gemini, ...carrier } };
    }
    const candRest: JsonObject = { ...residual(cand, CANDIDATE_FIELDS) };
    if (content === undefined) candRest.content = null;
    else {
      const contentRest = residual(content, CONTENT_FIELDS);
      if (contentRest?.role !== "model" || Object.keys(contentRest).length !== 1)
        candRest.content = contentRest ?? {};
    }
    if (Object.keys(candRest).length > 0) raw.candidate = candRest;
    if (candidates.length > 1) raw.extraCandidates = candidates.slice(1);
  }
  const feedback = asObject(body.promptFeedback);
  const block = asString(feedback?.blockReason);
  if (cand === undefined && block !== undefined) res.stop_reason = decodeBlockReason(block);
  const kind = res.stop_reason?.kind;
  if (kind === "max_tokens" || kind === "content_filter" || kind === "pause_turn") res.status = "incomplete";
  const usage = asObject(body.usageMetadata);
  if (usage !== undefined) {
    const u = decodeUsage(usage);
    res.usage = u.usage;
    if (u.serviceTier !== undefined) res.service_tier = u.serviceTier;
    if (u.raw !== undefined) raw.usageMetadata = u.raw;
  }
  if (Object.keys(raw).length > 0) responseInterop.raw = raw;
  if (Object.keys(responseInterop).length > 0) res.interop = { gemini: responseInterop };
  return { value: res, dropped: [] };
}

function isMessage(item: IROutputItem): item is WithInterop<ResponseOutputMessage> {
  return item.type === "message" && item.content.length > 0;
}

/**
 * The IR answer as a generateContent body. Grounding kept from a Gemini answer goes back as
 * it was; citations and web searches from elsewhere become grounding metadata.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function encodeResponse(res: IRResponse, _ctx?: ResponseContext): Translated<GeminiResponseBody> {
  const dropped: Dropped[] = [];
  const gemini = res.interop?.gemini;
  const {
    candidate: candRaw,
    extraCandidates,
    usageMetadata: usageRaw,
    createTime,
    ...top
  } = gemini?.raw ?? {};
  const parts: Part[] = [];
  const cited: CitedText[] = [];
  const queries: string[] = [];
  let grounding = gemini?.groundingMetadata as GroundingMetadata | undefined;
  let ratings = gemini?.safetyRatings;
  res.output.forEach((item, i) => {
    const path = `output[${i}]`;
    if (item.type === "web_search_call") {
      const action = item.action;
      if (action.type === "search") queries.push(...(action.queries ?? (action.query ? [action.query] : [])));
      else
        dropped.push({
          path: `${path}.action`,
          reason: `Gemini grounding records searches only, not ${action.type}`,
        });
      return;
    }
    const io = item.interop?.gemini;
    if (item.type === "message") {
      grounding ??= io?.groundingMetadata as GroundingMetadata | undefined;
      ratings ??= io?.safetyRatings;
      let k = parts.length;
      for (const [j, c] of item.content.entries()) {
        if (c.type === "output_text" && c.annotations.length > 0) {
          cited.push({
            partIndex: k,
            text: c.text,
            annotations: c.annotations,
            path: `${path}.content[${j}]`,
          });
        }
        k++;
      }
    }
    if (!isOpaque(item)) reportForeignInterop(item, path, dropped);
    parts.push(...encodeModelItem(item as unknown as ModelSideItem, path, dropped, "response"));
  });
  if (grounding === undefined) grounding = groundingFromCitations(cited, queries, dropped);
  const body: GeminiResponseBody = { ...top };
  const blocked = nativeStop(res.stop_reason, "gemini");
  const promptBlocked =
    res.output.length === 0 &&
    blocked !== undefined &&
    (BLOCK_REASONS as readonly string[]).includes(blocked) &&
    asString(asObject(top.promptFeedback)?.blockReason) === blocked;
  if (!promptBlocked) {
    const cand: GeminiCandidate = { ...(isObject(candRaw) ? candRaw : {}) };
    const content = contentOf(cand.content, parts);
    if (content === undefined) delete cand.content;
    else cand.content = content;
    // A finished Gemini answer always says why it stopped; an IR answer without a reason is read
    // from its status.
    cand.finishReason = encodeFinishReason(
      res.stop_reason ?? (res.status === "incomplete" ? { kind: "max_tokens" } : undefined),
    );
    if (grounding !== undefined) cand.groundingMetadata = grounding;
    if (ratings !== undefined) cand.safetyRatings = ratings;
    body.candidates = [
      cand,
      ...(Array.isArray(extraCandidates) ? (extraCandidates as GeminiCandidate[]) : []),
    ];
  }
  if (res.usage !== undefined) {
    body.usageMetadata = encodeUsage(res.usage, res.service_tier, asObject(usageRaw), dropped);
  }
  if (res.model !== "") body.modelVersion = res.model;
  if (res.id !== "") body.responseId = res.id;
  if (typeof createTime === "string") body.createTime = createTime;
  else if (res.created_at !== undefined) body.createTime = isoSeconds(res.created_at);
  if (res.error != null) dropped.push({ path: "error", reason: "a Gemini answer body has no error field" });
  return { value: body, dropped };
}

function isoSeconds(s: number): string {
  return new Date(s * 1000).toISOString();
}

/** The candidate content: the kept shape (role, or none at all) around the parts. */
function contentOf(kept: unknown, parts: Part[]): Content | undefined {
  if (kept === null) return parts.length > 0 ? { role: "model", parts } : undefined;
  const base: Content = isObject(kept) ? { ...kept } : { role: "model" };
  if (parts.length > 0) base.parts = parts;
  return base;
}
