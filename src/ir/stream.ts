import type { ResponseStreamEvent } from "./openai-types.ts";
import type { IRResponse } from "./response.ts";

/**
 * A streamed answer in the IR: the OpenAI Responses stream events (DESIGN.md §2), except that
 * the lifecycle events (`response.created`, `.in_progress`, `.queued`, `.completed`,
 * `.incomplete`, `.failed`) carry an `IRResponse` — with the IR's `Usage` and `StopReason` —
 * instead of a Responses `Response`. Output items in `output_item.added/done` may carry
 * `interop` (signatures, cache state) like any IR item.
 *
 * A lifecycle event's `response.output` may be empty: decoders never hold the whole answer
 * (constant memory per event); an encoder whose format needs the full output at the end (the
 * Responses `response.completed`) collects the `output_item.done` items itself.
 */
export type IRLifecycleType =
  | "response.created"
  | "response.in_progress"
  | "response.queued"
  | "response.completed"
  | "response.incomplete"
  | "response.failed";

export interface IRLifecycleEvent {
  type: IRLifecycleType;
  response: IRResponse;
  sequence_number: number;
}

export type IRStreamEvent = Exclude<ResponseStreamEvent, { type: IRLifecycleType }> | IRLifecycleEvent;

/** Events that end a stream: after one of these nothing more may follow. */
export function isTerminal(ev: IRStreamEvent): boolean {
  return (
    ev.type === "response.completed" || ev.type === "response.incomplete" || ev.type === "response.failed"
  );
}
