/**
 * Output items and content parts as a Responses stream sends them, from IR items that any
 * format's decoder produced. The non-streaming item encoder (output-items.ts) does the real
 * work — `interop` stripped, another family's reasoning state sealed into
 * `encrypted_content`, other formats' opaque elements left out — and this adds what a stream
 * needs besides: every item has an id (the official SDK matches each event's `item_id` to
 * it and rejects an item without one), and the fields the schema requires are there even on
 * a half-built `output_item.added` item.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming/response/output_item/added
 * @see https://github.com/openai/openai-node/blob/master/src/internal/responses/response-accumulator.ts
 */
import type { Dropped } from "../../ir/dropped.ts";
import type { Interop } from "../../ir/interop.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { JsonObject } from "../validate.ts";
import { reportInterop, withoutInterop } from "./interop-report.ts";
import { encodeOutputItems } from "./output-items.ts";

/** OpenAI's id prefix per item type; other types use their type name. */
const ID_PREFIX: Readonly<Record<string, string>> = {
  message: "msg",
  reasoning: "rs",
  function_call: "fc",
  custom_tool_call: "ctc",
  web_search_call: "ws",
};

/** A deterministic id for an item its source format gave none (never random: replayable). */
export function derivedItemId(type: string, responseId: string, index: number): string {
  return `${ID_PREFIX[type] ?? type}_${responseId}_${index}`;
}

/** Required fields a half-built item may lack, filled with what "nothing yet" means. */
function completeItem(item: JsonObject, status: "in_progress" | "completed"): JsonObject {
  switch (item.type) {
    case "message":
      if (item.status !== undefined && Array.isArray(item.content) && item.role !== undefined) return item;
      return { role: "assistant", content: [], ...item, status: item.status ?? status };
    case "reasoning":
      return Array.isArray(item.summary) ? item : { ...item, summary: [] };
    case "function_call":
      return typeof item.arguments === "string" ? item : { ...item, arguments: "" };
    default:
      return item;
  }
}

export interface WireItem {
  item: IROutputItem | undefined;
  dropped: Dropped[];
}

/**
 * IR item → the item a Responses stream sends at `wireIndex`, with the id `id` (the one its
 * `output_item.added` carried; derived when the source gave none). `item` is undefined when
 * the item has no Responses form (another format's opaque element): its events are skipped.
 */
export function wireItem(
  ir: IROutputItem,
  id: string,
  wireIndex: number,
  responseId: string,
  status: "in_progress" | "completed",
): WireItem {
  let item = completeItem(ir as unknown as JsonObject, status);
  if (item.id !== id) item = { ...item, id };
  const dropped: Dropped[] = [];
  // An in-progress web search has no `action` yet, which output-items.ts assumes it has.
  const [wire] =
    item.type === "web_search_call" && item.action === undefined
      ? [bare(item, dropped)]
      : encodeOutputItems([item as unknown as IROutputItem], responseId, dropped);
  if (wireIndex !== 0) {
    for (const d of dropped) d.path = d.path.replace(/^output\[0\]/, `output[${wireIndex}]`);
  }
  return { item: wire, dropped };
}

/** `item` without `interop`, its foreign state reported. */
function bare(item: JsonObject, dropped: Dropped[]): IROutputItem {
  reportInterop(item.interop as Interop | undefined, "output[0].", dropped);
  return withoutInterop(item) as unknown as IROutputItem;
}

/** A content part (`content_part.added` / `.done`) as sent: no `interop`, required lists present. */
export function wirePart<P extends object>(part: P, path: string, dropped: Dropped[]): P {
  const io = (part as { interop?: Interop }).interop;
  let out = part;
  if (io !== undefined) {
    reportInterop(io, `${path}.`, dropped);
    out = withoutInterop(part) as P;
  }
  const p = out as JsonObject;
  if (p.type === "output_text" && (!Array.isArray(p.annotations) || !Array.isArray(p.logprobs)))
    out = { ...p, annotations: p.annotations ?? [], logprobs: p.logprobs ?? [] } as P;
  return out;
}
