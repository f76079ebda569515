/**
 * Anthropic stream frames: one SSE event per native stream event, `event:` equal to the
 * payload's `type` (as the API sends them), and whole native blocks replayed as
 * start / delta / stop the way the API streams each block type.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
import { encodeSSE } from "../../transport/sse-encoder.ts";
import { isObject, type JsonObject } from "../validate.ts";

export function frame(type: string, payload: JsonObject): string {
  return encodeSSE({ event: type, data: JSON.stringify({ type, ...payload }) });
}

/** Anthropic writes `ping` with a space after the colon; copied so the bytes match. */
export const PING = 'event: ping\ndata: {"type": "ping"}\n\n';

export function blockStart(index: number, block: JsonObject): string {
  return frame("content_block_start", { index, content_block: block });
}

export function blockDelta(index: number, delta: JsonObject): string {
  return frame("content_block_delta", { index, delta });
}

export function blockStop(index: number): string {
  return frame("content_block_stop", { index });
}

export function textDelta(index: number, text: string): string {
  return blockDelta(index, { type: "text_delta", text });
}

export function citationDeltas(index: number, citations: unknown): string {
  let out = "";
  if (Array.isArray(citations))
    for (const c of citations) out += blockDelta(index, { type: "citations_delta", citation: c });
  return out;
}

/**
 * Blocks whose `input` goes as an `input_json_delta`, as the API sends it. Only these two: the
 * GA SDK's MessageStream reads JSON deltas for no other block (a beta `mcp_tool_use` sent so
 * would reach a GA client without its input), so other blocks come whole in their start.
 */
const JSON_INPUT = new Set(["tool_use", "server_tool_use"]);

/**
 * A finished native block (an opaque item, a web search, a reasoning or text block that came
 * whole) as the API streams it: text and thinking by deltas, tool input as one JSON delta,
 * everything else (tool results, …) complete in its start event.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#content-block-delta-types
 */
export function wholeBlock(index: number, block: JsonObject): string {
  switch (block.type) {
    case "text": {
      const start: JsonObject = { ...block, text: "" };
      if (Array.isArray(block.citations)) start.citations = [];
      let out = blockStart(index, start) + citationDeltas(index, block.citations);
      if (typeof block.text === "string" && block.text !== "") out += textDelta(index, block.text);
      return out + blockStop(index);
    }
    case "thinking": {
      let out = blockStart(index, { ...block, thinking: "", signature: "" });
      if (typeof block.thinking === "string" && block.thinking !== "")
        out += blockDelta(index, { type: "thinking_delta", thinking: block.thinking });
      if (typeof block.signature === "string" && block.signature !== "")
        out += blockDelta(index, { type: "signature_delta", signature: block.signature });
      return out + blockStop(index);
    }
    default: {
      if (typeof block.type === "string" && JSON_INPUT.has(block.type) && isObject(block.input)) {
        let out = blockStart(index, { ...block, input: {} });
        const json = JSON.stringify(block.input);
        if (json !== "{}") out += blockDelta(index, { type: "input_json_delta", partial_json: json });
        return out + blockStop(index);
      }
      return blockStart(index, block) + blockStop(index);
    }
  }
}
