import type { IROutputItem } from "./request.ts";
import type { IRResponse } from "./response.ts";
import type { IRStreamEvent } from "./stream.ts";

export interface ReplayOptions {
  /** Characters per text/argument delta (default 16). Tests and the simulator vary it. */
  chunk?: number;
}

/**
 * A finished answer as the stream that would have produced it: `response.created`,
 * `in_progress`, each item opened, filled by deltas and closed, then the terminal event. Lets a
 * non-streamed answer (a cached one, the simulator's, a fallback's) be served to a client that
 * asked to stream, through any format's stream encoder.
 */
export function* replayAsStream(res: IRResponse, opts: ReplayOptions = {}): Generator<IRStreamEvent> {
  const size = Math.max(1, opts.chunk ?? 16);
  let seq = 0;
  const start: IRResponse = { ...res, status: "in_progress", output: [] };
  delete start.stop_reason;
  yield { type: "response.created", response: start, sequence_number: seq++ };
  yield { type: "response.in_progress", response: start, sequence_number: seq++ };
  for (let i = 0; i < res.output.length; i++) {
    const item = res.output[i]!;
    for (const ev of itemEvents(item, i, size)) yield { ...ev, sequence_number: seq++ } as IRStreamEvent;
  }
  const type =
    res.status === "failed"
      ? "response.failed"
      : res.status === "incomplete"
        ? "response.incomplete"
        : "response.completed";
  yield { type, response: res, sequence_number: seq++ };
}

type Unnumbered = Record<string, unknown> & { type: string };

function* pieces(s: string, size: number): Generator<string> {
  if (s.length === 0) return;
  // split on code points so a delta never ends inside a surrogate pair
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i += size) yield chars.slice(i, i + size).join("");
}

function* itemEvents(item: IROutputItem, output_index: number, size: number): Generator<Unnumbered> {
  const id = (item as { id?: string }).id ?? "";
  switch (item.type) {
    case "message": {
      yield {
        type: "response.output_item.added",
        output_index,
        item: { ...item, status: "in_progress", content: [] },
      };
      for (let content_index = 0; content_index < item.content.length; content_index++) {
        const part = item.content[content_index]!;
        if (part.type === "output_text") {
          yield {
            type: "response.content_part.added",
            item_id: id,
            output_index,
            content_index,
            part: { ...part, text: "", annotations: [] },
          };
          for (const delta of pieces(part.text, size)) {
            yield {
              type: "response.output_text.delta",
              item_id: id,
              output_index,
              content_index,
              delta,
              logprobs: [],
            };
          }
          for (
            let annotation_index = 0;
            annotation_index < (part.annotations ?? []).length;
            annotation_index++
          ) {
            yield {
              type: "response.output_text.annotation.added",
              item_id: id,
              output_index,
              content_index,
              annotation_index,
              annotation: part.annotations[annotation_index],
            };
          }
          yield {
            type: "response.output_text.done",
            item_id: id,
            output_index,
            content_index,
            text: part.text,
            logprobs: [],
          };
        } else {
          yield {
            type: "response.content_part.added",
            item_id: id,
            output_index,
            content_index,
            part: { ...part, refusal: "" },
          };
          for (const delta of pieces(part.refusal, size)) {
            yield { type: "response.refusal.delta", item_id: id, output_index, content_index, delta };
          }
          yield {
            type: "response.refusal.done",
            item_id: id,
            output_index,
            content_index,
            refusal: part.refusal,
          };
        }
        yield { type: "response.content_part.done", item_id: id, output_index, content_index, part };
      }
      break;
    }
    case "function_call":
      yield {
        type: "response.output_item.added",
        output_index,
        item: { ...item, arguments: "", status: "in_progress" },
      };
      for (const delta of pieces(item.arguments, size)) {
        yield { type: "response.function_call_arguments.delta", item_id: id, output_index, delta };
      }
      yield {
        type: "response.function_call_arguments.done",
        item_id: id,
        output_index,
        arguments: item.arguments,
        name: item.name,
      };
      break;
    case "reasoning":
      yield { type: "response.output_item.added", output_index, item: { ...item, summary: [] } };
      for (let summary_index = 0; summary_index < item.summary.length; summary_index++) {
        const s = item.summary[summary_index]!;
        yield {
          type: "response.reasoning_summary_part.added",
          item_id: id,
          output_index,
          summary_index,
          part: { type: "summary_text", text: "" },
        };
        for (const delta of pieces(s.text, size)) {
          yield {
            type: "response.reasoning_summary_text.delta",
            item_id: id,
            output_index,
            summary_index,
            delta,
          };
        }
        yield {
          type: "response.reasoning_summary_text.done",
          item_id: id,
          output_index,
          summary_index,
          text: s.text,
        };
        yield {
          type: "response.reasoning_summary_part.done",
          item_id: id,
          output_index,
          summary_index,
          part: s,
        };
      }
      break;
    default:
      yield { type: "response.output_item.added", output_index, item };
  }
  yield { type: "response.output_item.done", output_index, item };
}
