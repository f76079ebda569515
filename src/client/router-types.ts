import type { GatewayHooks } from "../core/record.ts";
import type { Dropped } from "../ir/dropped.ts";
import type { SwitchyardError } from "../ir/error.ts";
import type { ResponseCreateParamsBase, ResponseIncludable } from "../ir/openai-types.ts";
import type { IRInputItem, IRReasoning, IRRequest } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";
import type { StopReason } from "../ir/stop-reason.ts";
import type { Usage } from "../ir/usage.ts";
import type { CooldownOptions } from "../routing/cooldown.ts";
import type { StrategyName } from "../routing/route.ts";
import type { ChatMessage, JsonValue } from "./chat-message.ts";

/** The Responses create parameters `Router.create` takes (plus a few the IR carries). */
export interface RouterCreateParams {
  /**
   * `name/model` for a registered client by name, a bare model name (`claude-haiku-4-5`), a
   * pool name (`RouterOptions.pools`), an array of models (fallback in order) or
   * `{ strategy, models }` (src/routing/route.ts: `fallback`, `round_robin`, `weighted`,
   * `cost_optimized`, `latency_optimized`, `performance_based`).
   */
  model: string | ReadonlyArray<string | RouteCandidate> | RouteObject;
  /** A user message as a string, Responses input items, ChatMessages — or items and ChatMessages mixed. */
  input: string | ReadonlyArray<IRInputItem | ChatMessage>;
  instructions?: string | null;
  reasoning?: IRReasoning | null;
  include?: ResponseIncludable[] | null;
  max_output_tokens?: number | null;
  tools?: IRRequest["tools"];
  tool_choice?: ResponseCreateParamsBase["tool_choice"];
  text?: ResponseCreateParamsBase["text"];
  temperature?: number | null;
  top_p?: number | null;
  parallel_tool_calls?: boolean | null;
  stream?: boolean;
  /** Sampling fields the Responses API lacks; dropped (and reported) where a provider lacks them. */
  stop?: string[];
  top_k?: number;
  seed?: number;
  /**
   * Provider-specific body fields for whichever provider serves the call, merged into the
   * encoded request body as the last step: they win over what Switchyard wrote, and an
   * object merges one level deep into an object already there (so `{ generationConfig:
   * { topK: 3 } }` adds to Gemini's generation config). E.g. `{ top_k: 5 }` for Anthropic,
   * `{ safetySettings: [...] }` for Gemini, `{ service_tier: "flex" }` for OpenAI.
   */
  provider_kwargs?: Record<string, JsonValue>;
  /** Cancels the call (and its retries). */
  signal?: AbortSignal;
}

/** One model of a route, with the object form's per-candidate knobs. */
export interface RouteCandidate {
  model: string;
  weight?: number;
  max_cost_per_1k_tokens?: number;
  min_performance_score?: number;
  quality_score?: number;
}

/** The object form of a route. */
export interface RouteObject {
  strategy?: StrategyName;
  models: ReadonlyArray<string | RouteCandidate>;
  max_cost_per_1k_tokens?: number;
  min_performance_score?: number;
  /** With `strategy: "best_of"`: how many answer in parallel, and who picks. */
  best_of?: BestOfOptions;
}

/**
 * `best_of`: the first `n` candidates (default 2) answer at once; one answer is returned.
 * Picked by `select` when given, else by the `judge` model, else the longest answer. Every
 * call is made and reported (`hooks.onRecord`; `RouterResponse.bestOf`).
 */
export interface BestOfOptions {
  n?: number;
  /** A model (any registered client) asked which answer is best. */
  judge?: string;
  /** Your own pick: the index of the answer to keep (it must be one without `error`). */
  select?: (answers: readonly RouterResponse[]) => number | Promise<number>;
}

/** Why a response stopped short, in Responses terms. */
export interface IncompleteDetails {
  reason: "max_output_tokens" | "content_filter";
}

/** What `create` returns (and what a stream returns as its last step). */
export interface RouterResponse {
  /** The answer's items (reasoning, messages, function calls), ready to push onto the conversation. */
  output: ChatMessage[];
  /** Token usage, normalised (DESIGN.md: unknown counts are absent, never -1). */
  usage: Usage | undefined;
  /** The provider's error, when the call failed (after retries). */
  error: SwitchyardError | undefined;
  incompleteDetails: IncompleteDetails | undefined;
  /** Why the model stopped (`end_turn`, `max_tokens`, `tool_use`, `refusal`, …) with the native value. */
  stopReason: StopReason | undefined;
  /** Responses status: `completed`, `incomplete`, `failed`, … */
  status: IRResponse["status"] | "failed";
  durationMs: number;
  /** The registered client's name that served, and the model id it was sent. */
  provider: string;
  model: string;
  /** What could not cross into the provider's format or back (e.g. another family's reasoning signature). */
  dropped: Dropped[];
  /** Calls made, retries and failovers included. */
  attempts: number;
  /** Time spent in Switchyard itself: `durationMs` less the upstream calls and backoff waits. */
  overheadMs: number;
  /** The whole IR answer (undefined when the call failed before one came). */
  response: IRResponse | undefined;
  /** A `best_of` route: every answer (this one among them), which was picked, and the judge's call. */
  bestOf?: { answers: RouterResponse[]; picked: number; judge?: RouterResponse };
}

export interface RetryOptions {
  /** Retries after the first call, for retryable errors (429, 5xx, 529, timeouts). Default 2. */
  maxRetries?: number;
  /** First backoff when the provider sends no `retry-after`; doubles each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Upper bound on a backoff, and the longest `retry-after` waited for (a longer one fails over). Default 30 s. */
  maxDelayMs?: number;
  /** Calls across all of a route's candidates. Default 6. */
  maxAttempts?: number;
  /** No new call starts this long after the first, ms. Default 60 000. */
  maxTotalMs?: number;
}

export interface RouterOptions {
  retry?: RetryOptions;
  /**
   * Named routes a `model` may name: `{ name: [models] }` (fallback in order) or
   * `{ name: { strategy, models } }`, as the gateway's `pools`.
   */
  pools?: Record<string, ReadonlyArray<string | RouteCandidate> | RouteObject>;
  /** When a failing deployment is skipped, and for how long (src/routing/cooldown.ts). */
  cooldown?: CooldownOptions;
  /** Timeouts for upstream calls (connect, first byte, idle, total). */
  timeouts?: { connectMs?: number; firstByteMs?: number; idleMs?: number; totalMs?: number };
  /** Where provider configs registered without `apiKey` find their key (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Called once per upstream call with what happened (usage, duration, errors — never keys). */
  hooks?: GatewayHooks;
}

export interface CountTokensResult {
  inputTokens: number;
  /** `provider` (Anthropic `count_tokens`, Gemini `countTokens`) or `estimate` (OpenAI-format providers: ⌈chars/4⌉). */
  method: "provider" | "estimate";
  provider: string;
  model: string;
}
