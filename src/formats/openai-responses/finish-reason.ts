/**
 * The Responses API has no single finish reason: a response ends with a `status`, and an
 * `incomplete` one says why in `incomplete_details.reason`. Tool calls and refusals show
 * up only in `output`. This table reads those into one `StopReason` and writes it back.
 *
 * | Responses wire                                  | IR kind          | native value                     |
 * |-------------------------------------------------|------------------|----------------------------------|
 * | completed, pending client tool call in output   | tool_use         | completed                        |
 * | completed, refusal part in the last message     | refusal          | completed                        |
 * | completed                                       | end_turn         | completed                        |
 * | incomplete, reason max_output_tokens            | max_tokens       | incomplete:max_output_tokens     |
 * | incomplete, reason content_filter               | content_filter   | incomplete:content_filter        |
 * | incomplete, no reason                           | other            | incomplete                       |
 * | failed                                          | error            | failed                           |
 * | cancelled                                       | other            | cancelled                        |
 * | queued / in_progress (background, not finished) | (no stop reason) |                                  |
 *
 * Encoding from another format: max_tokens and context_window_exceeded → incomplete
 * (max_output_tokens), content_filter → incomplete (content_filter), error and
 * malformed_tool_call (the model produced nothing usable) → failed; every other kind keeps
 * the IR status (normally completed). pause_turn has no Responses equivalent.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-status
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-incomplete_details
 */
import type { IROutputItem } from "../../ir/request.ts";
import type { IRResponse } from "../../ir/response.ts";
import { nativeStop, type StopKind, type StopReason } from "../../ir/stop-reason.ts";
import { FORMAT } from "./types.ts";

export type ResponseStatus = IRResponse["status"];
export type IncompleteReason = "max_output_tokens" | "content_filter";

/** Calls the client must run (and answer with the matching `*_output` item). */
const CLIENT_CALLS: Readonly<Record<string, string>> = {
  function_call: "function_call_output",
  custom_tool_call: "custom_tool_call_output",
  computer_call: "computer_call_output",
  local_shell_call: "local_shell_call_output",
  shell_call: "shell_call_output",
  apply_patch_call: "apply_patch_call_output",
};

/**
 * Whether the answer ends waiting on the client: a client-side call without its output in
 * the same response (hosted shells answer their own calls), or an MCP approval request.
 */
export function awaitsClient(output: readonly IROutputItem[]): boolean {
  const answered = new Set<string>();
  for (const item of output) {
    const it = item as { type: string; call_id?: unknown };
    if (typeof it.call_id === "string" && Object.values(CLIENT_CALLS).includes(it.type))
      answered.add(it.call_id);
  }
  return output.some((item) => {
    const it = item as { type: string; call_id?: unknown };
    if (it.type === "mcp_approval_request") return true;
    return it.type in CLIENT_CALLS && !(typeof it.call_id === "string" && answered.has(it.call_id));
  });
}

/** Whether the last assistant message of the answer is a refusal. */
export function endsInRefusal(output: readonly IROutputItem[]): boolean {
  for (let i = output.length - 1; i >= 0; i--) {
    const item = output[i];
    if (item?.type !== "message") continue;
    return item.content.some((part) => part.type === "refusal");
  }
  return false;
}

function stop(kind: StopKind, value: string): StopReason {
  return { kind, native: { format: FORMAT, value } };
}

/** Wire status (+ incomplete reason + output) → IR stop reason; undefined while unfinished. */
export function decodeStopReason(
  status: ResponseStatus,
  incomplete: IncompleteReason | null | undefined,
  output: readonly IROutputItem[],
): StopReason | undefined {
  switch (status) {
    case "completed":
      if (awaitsClient(output)) return stop("tool_use", "completed");
      if (endsInRefusal(output)) return stop("refusal", "completed");
      return stop("end_turn", "completed");
    case "incomplete":
      if (incomplete === "max_output_tokens") return stop("max_tokens", "incomplete:max_output_tokens");
      if (incomplete === "content_filter") return stop("content_filter", "incomplete:content_filter");
      return stop("other", "incomplete");
    case "failed":
      return stop("error", "failed");
    case "cancelled":
      return stop("other", "cancelled");
    case "queued":
    case "in_progress":
      return undefined;
    default: {
      const never: never = status;
      return stop("other", String(never));
    }
  }
}

export interface EncodedStop {
  status: ResponseStatus;
  incomplete_details: { reason: IncompleteReason } | null;
}

function incompleteFor(kind: StopKind): IncompleteReason | undefined {
  switch (kind) {
    case "max_tokens":
    case "context_window_exceeded":
      return "max_output_tokens";
    case "content_filter":
      return "content_filter";
    case "end_turn":
    case "stop_sequence":
    case "tool_use":
    case "pause_turn":
    case "refusal":
    case "malformed_tool_call":
    case "error":
    case "other":
      return undefined;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** IR status + stop reason → wire `status` and `incomplete_details`. */
export function encodeStopReason(status: ResponseStatus, stopReason: StopReason | undefined): EncodedStop {
  const native = nativeStop(stopReason, FORMAT);
  if (native !== undefined) {
    const [head, reason] = native.split(":");
    if (head === "incomplete" && (reason === "max_output_tokens" || reason === "content_filter")) {
      return { status: "incomplete", incomplete_details: { reason } };
    }
    return { status, incomplete_details: null };
  }
  if (stopReason === undefined) return { status, incomplete_details: null };
  const reason = incompleteFor(stopReason.kind);
  if (reason !== undefined && (status === "completed" || status === "incomplete")) {
    // A truncated or filtered answer is `incomplete` in Responses terms, whatever the
    // source format called its status.
    return { status: "incomplete", incomplete_details: { reason } };
  }
  if ((stopReason.kind === "error" || stopReason.kind === "malformed_tool_call") && status === "completed") {
    return { status: "failed", incomplete_details: null };
  }
  return { status, incomplete_details: null };
}

/** Stop kinds whose meaning a Responses client cannot see (reported as dropped). */
export function unrepresentableStop(stopReason: StopReason | undefined): boolean {
  if (stopReason === undefined || stopReason.native?.format === FORMAT) return false;
  return stopReason.kind === "pause_turn";
}
