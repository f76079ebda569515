/**
 * The state the Anthropic stream decoder keeps between events: the one open content block
 * (its fragments until its stop), the assistant message its text blocks share, and a web
 * search waiting for its result block.
 */
import type { ResponseOutputText } from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import type { JsonObject } from "../validate.ts";
import type { IdScheme } from "./assistant.ts";

/** An IR event before its `sequence_number` is given. */
export type Unsequenced = IRStreamEvent extends infer E
  ? E extends IRStreamEvent
    ? Omit<E, "sequence_number">
    : never
  : never;

export type Kind = "text" | "tool" | "thinking" | "redacted" | "search" | "result" | "opaque";

export interface Block {
  index: number;
  kind: Kind;
  /** The `content_block` of `content_block_start`, completed by the deltas at its stop. */
  native: JsonObject;
  /** Text, thinking or `partial_json` fragments, joined once at the stop. */
  chunks: string[];
  output: number;
  itemId: string;
  /** Tool: an arguments delta went out. Thinking: the summary part is open. */
  open: boolean;
  /** Text: the part's index in its message. */
  part: number;
  citations: unknown[] | undefined;
  /** Tool and redacted thinking: the item, known from the start block. */
  item: IROutputItem | undefined;
}

export interface OpenMessage {
  output: number;
  id: string;
  parts: ResponseOutputText[];
  incomplete: boolean;
}

export interface PendingSearch {
  output: number;
  id: string;
  use: JsonObject;
  index: number;
}

/** Ids of one native block, by its index in the message (as the non-streamed decoder names them). */
export function idsAt(ids: IdScheme, i: number): IdScheme {
  return {
    message: () => ids.message(i),
    reasoning: () => ids.reasoning(i),
    opaque: () => ids.opaque(i),
    toolItemIds: true,
  };
}

/** A block just started: opaque until its type says otherwise. */
export function newBlock(index: number, block: JsonObject): Block {
  return {
    index,
    kind: "opaque",
    native: { ...block },
    chunks: [],
    output: -1,
    itemId: "",
    open: false,
    part: 0,
    citations: undefined,
    item: undefined,
  };
}

/** A tool-like block's `input`: its JSON fragments parsed, or the start block's when unparsable. */
export function parsedInput(b: Block): unknown {
  if (b.chunks.length === 0) return b.native.input ?? {};
  try {
    return JSON.parse(b.chunks.join("")) as unknown;
  } catch {
    return b.native.input ?? {};
  }
}
