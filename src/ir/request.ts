import type { Interop, WithInterop } from "./interop.ts";
import type {
  Reasoning,
  ResponseCreateParamsBase,
  ResponseInputItem,
  ResponseOutputItem,
  Tool,
} from "./openai-types.ts";

/** An input item (message, function call, function call output, reasoning, …) with interop. */
export type IRInputItem = WithInterop<ResponseInputItem>;

/** Reasoning config: the Responses `reasoning` object plus an exact token budget. */
export interface IRReasoning extends Reasoning {
  /**
   * An exact thinking budget (Anthropic `budget_tokens`, Gemini `thinkingBudget`) when the
   * caller gave one; `effort` then holds the nearest bucket from `reasoning-effort.ts`.
   * `-1` means "dynamic" (Gemini) — the provider decides.
   */
  budget_tokens?: number;
}

/**
 * A request in the IR: the Responses create params, with `input` as given (string or
 * items), plus the sampling fields the Responses API has no slot for. Every codec decodes
 * into this and encodes from it; the Responses codec reports the extras as dropped.
 */
export interface IRRequest
  extends Omit<ResponseCreateParamsBase, "input" | "stream" | "tools" | "reasoning" | "model"> {
  model?: string;
  input?: string | IRInputItem[];
  stream?: boolean;
  tools?: Array<WithInterop<Tool>>;
  reasoning?: IRReasoning | null;
  /** Stop sequences (Chat `stop`, Anthropic `stop_sequences`, Gemini `stopSequences`). */
  stop?: string[];
  top_k?: number;
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  /** End-user id (Chat `user`, Anthropic `metadata.user_id`). */
  user?: string;
  /** Number of candidates (Chat `n`, Gemini `candidateCount`). */
  n?: number;
  /** Request-level provider state (system-block cache_control, safety settings, …). */
  interop?: Interop;
}

/** Output items as they come back from a model; they are valid input items too. */
export type IROutputItem = WithInterop<ResponseOutputItem>;

/** The items of `input`, whatever form it was given in. */
export function inputItems(req: IRRequest): IRInputItem[] {
  const input = req.input;
  if (input === undefined) return [];
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  return input;
}
