import type { IRRunOutcome } from "../core/ir-run.ts";
import { encodeStopReason } from "../formats/openai-responses/finish-reason.ts";
import { invalidRequest } from "../ir/error.ts";
import type { IRInputItem, IRRequest } from "../ir/request.ts";
import { ChatMessage, type JsonValue } from "./chat-message.ts";
import type { IncompleteDetails, RouterCreateParams, RouterResponse } from "./router-types.ts";

/** `input` in any accepted form → IR input (ChatMessages unwrapped, their interop kept). */
export function inputOf(input: RouterCreateParams["input"]): string | IRInputItem[] {
  if (typeof input === "string") return input;
  if (!Array.isArray(input)) throw invalidRequest("input", "a string, input items or ChatMessages");
  return input.map((m, i) => {
    if (m instanceof ChatMessage) return m.message;
    if (typeof m !== "object" || m === null)
      throw invalidRequest(`input[${i}]`, "an input item or a ChatMessage");
    return m;
  });
}

/**
 * Router params → the IR request the core runs (`model`: the routed name). Provider kwargs
 * are not part of it: the core merges them into the encoded body (`IRRunOptions.extraBody`).
 */
export function irRequestOf(params: RouterCreateParams, model: string): IRRequest {
  const ir: IRRequest = { model, input: inputOf(params.input) };
  if (params.instructions != null) ir.instructions = params.instructions;
  if (params.reasoning != null) ir.reasoning = params.reasoning;
  if (params.include != null) ir.include = params.include;
  if (params.max_output_tokens != null) ir.max_output_tokens = params.max_output_tokens;
  if (params.tools !== undefined) ir.tools = params.tools;
  if (params.tool_choice !== undefined) ir.tool_choice = params.tool_choice;
  if (params.text !== undefined) ir.text = params.text;
  if (params.temperature != null) ir.temperature = params.temperature;
  if (params.top_p != null) ir.top_p = params.top_p;
  if (params.parallel_tool_calls != null) ir.parallel_tool_calls = params.parallel_tool_calls;
  if (params.stop !== undefined) ir.stop = params.stop;
  if (params.top_k !== undefined) ir.top_k = params.top_k;
  if (params.seed !== undefined) ir.seed = params.seed;
  if (params.stream === true) ir.stream = true;
  return ir;
}

export interface Outcome extends IRRunOutcome {
  attempts: number;
  started: number;
  /** Time spent on upstream calls and backoff waits, ms. */
  upstreamMs?: number;
}

/** The core's outcome → the library's response (output items become ChatMessages). */
export function routerResponseOf(o: Outcome, kwargs: Record<string, JsonValue> | undefined): RouterResponse {
  const res = o.response;
  const createdBy = `${o.provider}/${o.model}`;
  const timestamp = new Date().toISOString();
  const output =
    o.error !== undefined || res === undefined
      ? []
      : res.output.map(
          (item) =>
            new ChatMessage(item as IRInputItem, {
              createdBy,
              timestamp,
              originalResponse: res,
              ...(kwargs === undefined ? {} : { providerKwargs: kwargs }),
            }),
        );
  let incompleteDetails: IncompleteDetails | undefined;
  let status: RouterResponse["status"] = o.error !== undefined ? "failed" : (res?.status ?? "failed");
  if (res !== undefined && o.error === undefined) {
    const enc = encodeStopReason(res.status, res.stop_reason);
    status = enc.status;
    if (enc.incomplete_details?.reason !== undefined) {
      incompleteDetails = { reason: enc.incomplete_details.reason };
    }
  }
  const durationMs = performance.now() - o.started;
  return {
    output,
    usage: res?.usage,
    error: o.error,
    incompleteDetails,
    stopReason: res?.stop_reason,
    status,
    durationMs,
    overheadMs: Math.max(0, durationMs - (o.upstreamMs ?? durationMs)),
    provider: o.provider,
    model: o.model,
    dropped: o.dropped,
    attempts: o.attempts,
    response: res,
  };
}
