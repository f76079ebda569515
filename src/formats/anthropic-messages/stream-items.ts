/**
 * The block half of the Anthropic stream decoder: content blocks (start, deltas, stop) → IR
 * item events. Blocks arrive strictly one after another, so one open block is all it holds,
 * plus the assistant message its text blocks share and a web search waiting for its result.
 * Finished items come from the non-streamed decoder (`decodeAssistantBlocks`), fed the block
 * as a `Message` would hold it, so both paths give the same IR.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#content-block-delta-types
 */
import type {
  ResponseFunctionToolCall,
  ResponseOutputMessage,
  ResponseOutputText,
  ResponseReasoningItem,
} from "../../ir/openai-types.ts";
import type { IROutputItem } from "../../ir/request.ts";
import type { IRStreamEvent } from "../../ir/stream.ts";
import { isObject, type JsonObject } from "../validate.ts";
import { decodeAssistantBlocks, type IdScheme, responseIds } from "./assistant.ts";
import {
  type Block,
  idsAt,
  newBlock,
  type OpenMessage,
  type PendingSearch,
  parsedInput,
  type Unsequenced,
} from "./stream-block.ts";

export class StreamItems {
  #seq = 0;
  #next = 0;
  #ids: IdScheme = responseIds("");
  #block: Block | undefined;
  #message: OpenMessage | undefined;
  #search: PendingSearch | undefined;

  /** The next `sequence_number`. */
  seq(): number {
    return this.#seq++;
  }

  #emit(out: IRStreamEvent[], ev: Unsequenced): void {
    out.push({ ...ev, sequence_number: this.#seq++ } as IRStreamEvent);
  }

  /** Ids for the blocks of the message that starts now. */
  begin(ids: IdScheme): void {
    this.#ids = ids;
  }

  startBlock(index: number, block: JsonObject, out: IRStreamEvent[]): void {
    if (this.#block !== undefined) this.#closeBlock(out, true);
    const type = block.type;
    const search = this.#search;
    if (search !== undefined && !(type === "web_search_tool_result" && block.tool_use_id === search.id)) {
      this.#closeSearch(out);
    }
    if (type !== "text") this.#closeMessage(out, false);
    const b = newBlock(index, block);
    switch (type) {
      case "text": {
        const m = this.#message ?? this.#openMessage(index, out);
        b.kind = "text";
        b.output = m.output;
        b.itemId = m.id;
        b.part = m.parts.length;
        if (Array.isArray(block.citations)) b.citations = [...block.citations];
        const part: ResponseOutputText = { type: "output_text", text: "", annotations: [] };
        this.#emit(out, {
          type: "response.content_part.added",
          item_id: m.id,
          output_index: m.output,
          content_index: b.part,
          part,
        });
        if (typeof block.text === "string") this.#text(b, block.text, out);
        break;
      }
      case "thinking":
        b.kind = "thinking";
        this.#added(b, { type: "reasoning", id: this.#ids.reasoning(index), summary: [] }, out);
        if (typeof block.thinking === "string") this.#thinking(b, block.thinking, out);
        break;
      case "redacted_thinking":
        b.item = this.#decode([block], index);
        b.kind = "redacted";
        this.#added(b, b.item, out);
        break;
      case "tool_use":
        b.item = this.#decode([{ ...block, input: isObject(block.input) ? block.input : {} }], index);
        b.kind = "tool";
        this.#added(b, { ...b.item, arguments: "", status: "in_progress" } as IROutputItem, out);
        break;
      case "server_tool_use":
        if (block.name === "web_search" && typeof block.id === "string") {
          b.kind = "search";
          const item: IROutputItem = {
            type: "web_search_call",
            id: block.id,
            status: "in_progress",
            action: { type: "search" },
          };
          this.#added(b, item, out);
          this.#searchEvent(out, "in_progress", b.itemId, b.output);
        }
        break;
      case "web_search_tool_result":
        if (search !== undefined && block.tool_use_id === search.id) {
          b.kind = "result";
          b.output = search.output;
          b.itemId = search.id;
        }
        break;
      default:
        // Blocks with no IR equivalent: one opaque item, emitted whole at the stop.
        break;
    }
    // Registered only now: a block whose start fails to decode leaves nothing open.
    this.#block = b;
  }

  delta(index: number, delta: JsonObject, out: IRStreamEvent[]): void {
    const b = this.#block;
    if (b === undefined || b.index !== index) return;
    switch (delta.type) {
      case "text_delta":
        if (b.kind === "text" && typeof delta.text === "string") this.#text(b, delta.text, out);
        return;
      case "input_json_delta": {
        const json = delta.partial_json;
        if (typeof json !== "string" || json === "") return;
        b.chunks.push(json);
        if (b.kind !== "tool") return;
        b.open = true;
        this.#emit(out, {
          type: "response.function_call_arguments.delta",
          item_id: b.itemId,
          output_index: b.output,
          delta: json,
        });
        return;
      }
      case "thinking_delta":
        if (b.kind === "thinking" && typeof delta.thinking === "string")
          this.#thinking(b, delta.thinking, out);
        return;
      case "signature_delta":
        // Kept for the reasoning item's done event (encrypted_content).
        if (b.kind === "thinking" && typeof delta.signature === "string")
          b.native.signature = delta.signature;
        return;
      case "citations_delta":
        if (b.kind !== "text" || delta.citation === undefined) return;
        if (b.citations === undefined) b.citations = [delta.citation];
        else b.citations.push(delta.citation);
        return;
      default:
        // `compaction_delta` and newer deltas carry the block's final field values.
        if (b.kind === "opaque")
          for (const [k, v] of Object.entries(delta)) if (k !== "type") b.native[k] = v;
        return;
    }
  }

  stopBlock(index: number, out: IRStreamEvent[]): void {
    if (this.#block !== undefined && this.#block.index === index) this.#closeBlock(out, false);
  }

  /**
   * Closes whatever is open: at `message_delta`/`message_stop` (a block left without its stop
   * is incomplete), and, with `cut`, when the stream fails or a new message starts.
   */
  closeAll(out: IRStreamEvent[], cut: boolean): void {
    if (this.#block !== undefined) this.#closeBlock(out, true);
    this.#closeSearch(out);
    this.#closeMessage(out, cut);
  }

  #decode(blocks: JsonObject[], index: number): IROutputItem {
    const items = decodeAssistantBlocks(blocks, `content[${index}]`, idsAt(this.#ids, index));
    return items[0] as IROutputItem;
  }

  #openMessage(index: number, out: IRStreamEvent[]): OpenMessage {
    const m: OpenMessage = {
      output: this.#next++,
      id: this.#ids.message(index) ?? "",
      parts: [],
      incomplete: false,
    };
    this.#message = m;
    const item = { type: "message", id: m.id, role: "assistant", status: "in_progress", content: [] };
    this.#emit(out, {
      type: "response.output_item.added",
      item: item as ResponseOutputMessage,
      output_index: m.output,
    });
    return m;
  }

  #added(b: Block, item: IROutputItem, out: IRStreamEvent[]): void {
    b.output = this.#next++;
    b.itemId = (item as { id?: string }).id ?? "";
    this.#emit(out, {
      type: "response.output_item.added",
      item,
      output_index: b.output,
    });
  }

  #done(item: IROutputItem, output: number, out: IRStreamEvent[]): void {
    this.#emit(out, { type: "response.output_item.done", item, output_index: output });
  }

  #searchEvent(
    out: IRStreamEvent[],
    step: "in_progress" | "searching" | "completed",
    id: string,
    output: number,
  ): void {
    this.#emit(out, { type: `response.web_search_call.${step}`, item_id: id, output_index: output });
  }

  #text(b: Block, text: string, out: IRStreamEvent[]): void {
    if (text === "") return;
    b.chunks.push(text);
    this.#emit(out, {
      type: "response.output_text.delta",
      item_id: b.itemId,
      output_index: b.output,
      content_index: b.part,
      delta: text,
      logprobs: [],
    });
  }

  #thinking(b: Block, text: string, out: IRStreamEvent[]): void {
    if (text === "") return;
    if (!b.open) {
      b.open = true;
      this.#emit(out, {
        type: "response.reasoning_summary_part.added",
        item_id: b.itemId,
        output_index: b.output,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      });
    }
    b.chunks.push(text);
    this.#emit(out, {
      type: "response.reasoning_summary_text.delta",
      item_id: b.itemId,
      output_index: b.output,
      summary_index: 0,
      delta: text,
    });
  }

  #closeBlock(out: IRStreamEvent[], cut: boolean): void {
    const b = this.#block as Block;
    this.#block = undefined;
    switch (b.kind) {
      case "text":
        this.#closeText(b, cut, out);
        return;
      case "thinking": {
        const text = b.chunks.join("");
        const item = this.#decode([{ ...b.native, thinking: text }], b.index) as ResponseReasoningItem;
        if (b.open) {
          const ref = { item_id: b.itemId, output_index: b.output, summary_index: 0 };
          this.#emit(out, {
            type: "response.reasoning_summary_text.done",
            ...ref,
            text,
          });
          this.#emit(out, {
            type: "response.reasoning_summary_part.done",
            ...ref,
            part: { type: "summary_text", text },
          });
        }
        if (cut) item.status = "incomplete";
        this.#done(item, b.output, out);
        return;
      }
      case "redacted":
        this.#done(b.item as IROutputItem, b.output, out);
        return;
      case "tool": {
        const item = b.item as ResponseFunctionToolCall;
        const args = b.chunks.length > 0 ? b.chunks.join("") : item.arguments;
        const ref = { item_id: b.itemId, output_index: b.output };
        if (!b.open && args !== "") {
          this.#emit(out, {
            type: "response.function_call_arguments.delta",
            ...ref,
            delta: args,
          });
        }
        this.#emit(out, {
          type: "response.function_call_arguments.done",
          ...ref,
          arguments: args,
        });
        this.#done({ ...item, arguments: args, status: cut ? "incomplete" : "completed" }, b.output, out);
        return;
      }
      case "search":
        b.native.input = parsedInput(b);
        this.#search = { output: b.output, id: b.itemId, use: b.native, index: b.index };
        this.#searchEvent(out, "searching", b.itemId, b.output);
        return;
      case "result": {
        const s = this.#search as PendingSearch;
        this.#search = undefined;
        const item = this.#decode([s.use, b.native], s.index);
        if ((item as { status?: string }).status === "completed") {
          this.#searchEvent(out, "completed", s.id, s.output);
        }
        this.#done(item, s.output, out);
        return;
      }
      case "opaque": {
        if (b.chunks.length > 0) b.native.input = parsedInput(b);
        const item = this.#decode([b.native], b.index);
        const output = this.#next++;
        this.#emit(out, {
          type: "response.output_item.added",
          item,
          output_index: output,
        });
        this.#done(item, output, out);
        return;
      }
      default: {
        const never: never = b.kind;
        throw new Error(`unknown block kind ${String(never)}`);
      }
    }
  }

  #closeText(b: Block, cut: boolean, out: IRStreamEvent[]): void {
    const m = this.#message as OpenMessage;
    const text = b.chunks.join("");
    const native: JsonObject = { ...b.native, text };
    if (b.citations !== undefined) native.citations = b.citations;
    const part = (this.#decode([native], b.index) as ResponseOutputMessage).content[0] as ResponseOutputText;
    const ref = { item_id: b.itemId, output_index: b.output, content_index: b.part };
    part.annotations.forEach((annotation, i) => {
      this.#emit(out, {
        type: "response.output_text.annotation.added",
        ...ref,
        annotation_index: i,
        annotation,
      });
    });
    this.#emit(out, { type: "response.output_text.done", ...ref, text, logprobs: [] });
    this.#emit(out, { type: "response.content_part.done", ...ref, part });
    m.parts.push(part);
    if (cut) m.incomplete = true;
  }

  #closeSearch(out: IRStreamEvent[]): void {
    const s = this.#search;
    if (s === undefined) return;
    this.#search = undefined;
    this.#done(this.#decode([s.use], s.index), s.output, out);
  }

  #closeMessage(out: IRStreamEvent[], cut: boolean): void {
    const m = this.#message;
    if (m === undefined) return;
    this.#message = undefined;
    const status = cut || m.incomplete ? "incomplete" : "completed";
    const item = { type: "message", id: m.id, role: "assistant", status, content: m.parts };
    this.#done(item as ResponseOutputMessage, m.output, out);
  }
}
