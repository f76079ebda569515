import type { HeaderGetter } from "../formats/wire-format.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { Env, ProviderOverrides } from "../providers/credentials.ts";
import type { Capability, Pricing } from "../providers/index.ts";
import type { Attempt } from "../routing/attempts.ts";
import type { CooldownOptions } from "../routing/cooldown.ts";
import type { RetryPolicy } from "../routing/retry.ts";

/**
 * The contract between the HTTP server (`src/server/`, the only code that knows HTTP) and the
 * core that runs a request (`src/core/`). The server parses the route, the body and the auth;
 * the core decodes, resolves, calls the provider and encodes — and never throws: every failure
 * comes back as a `json` result in the surface's own error format and status.
 */
export interface GatewayRequest {
  /** The wire format the client speaks (decided by the endpoint). */
  surface: FormatId;
  /** The parsed JSON body. */
  body: unknown;
  /** Gemini: the model and streaming come from the URL. */
  model?: string;
  stream?: boolean;
  /** Gemini streaming: `alt=sse` (default) or the JSON-array form. */
  framing?: "sse" | "json-array";
  /** Request headers (lower-case names), for `x-switchyard-*` controls. */
  headers: HeaderGetter;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** Called after each attempt of this request, in order (the library faces report them). */
  onAttempt?: (a: Attempt) => void;
  /** The body's size on the wire, when known: the token estimate then need not re-serialise it. */
  bodyBytes?: number;
  /**
   * The exact bytes `body` was parsed from, when the server has them: a passthrough whose
   * body needs no change (same model id, nothing to add) forwards them as they are.
   */
  rawBody?: Uint8Array;
}

export interface JsonResult {
  kind: "json";
  status: number;
  headers: Record<string, string>;
  /** The JSON value, or (passthrough) the upstream's JSON bytes, to be sent verbatim. */
  body: unknown;
  /** Every attempt the routing made (also counted in `x-switchyard-attempts`). */
  attempts?: readonly Attempt[];
}

export interface StreamResult {
  kind: "stream";
  status: number;
  /** Includes content-type (`text/event-stream`, or `application/json` for Gemini's array form). */
  headers: Record<string, string>;
  /** Wire text (or bytes, on the passthrough path), in order; ends when the answer does. */
  chunks: AsyncIterable<string | Uint8Array>;
  /** Every attempt the routing made (also counted in `x-switchyard-attempts`). */
  attempts?: readonly Attempt[];
}

export type GatewayResult = JsonResult | StreamResult;

/** One row of `GET /v1/models` (OpenAI list shape plus Switchyard's fields). */
export interface ModelListing {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
  capabilities: Capability[];
  pricing?: Pricing;
  limits?: { context_window: number; max_output_tokens: number };
  /** For aliases and pools: what the name resolves to. */
  targets?: string[];
  /** Pools: the strategy their candidates are ordered by. */
  strategy?: string;
  /** Observed latency (EWMA of total latency, else of time to first token); absent before any traffic. */
  estimated_latency_ms?: number;
}

export interface ProviderConfig extends ProviderOverrides {
  /** Leave a provider out even when its key is set. */
  enabled?: boolean;
  /**
   * For a provider entry under a new name: the known provider it is an instance of
   * (`openai`, `anthropic`, `gemini`, `groq`, …). Several instances of one provider (two
   * OpenAI accounts, a second Anthropic region) are addressed as `<name>/<model>`.
   */
  type?: string;
}

export interface Timeouts {
  /** Until the upstream accepts the connection. */
  connectMs?: number;
  /** Until the upstream's response headers (and, when streaming, its first event). */
  firstByteMs?: number;
  /** Between two chunks of a streamed answer. */
  idleMs?: number;
  /** The whole exchange. */
  totalMs?: number;
}

export interface GatewayConfig {
  /** Per provider id: key, base URL, headers, enabled. Providers with no key (and not key-optional) are off. */
  providers?: Record<string, ProviderConfig>;
  /** Aliases and pools: virtual name → model names, tried in order. */
  aliases?: Record<string, string | string[]>;
  /**
   * Pools: virtual name → `{ strategy, models }` (or a bare list, meaning fallback), the
   * route a request naming it runs (src/routing/route.ts `parsePools`).
   */
  pools?: Record<string, unknown>;
  /** Retry policy (src/routing/retry.ts); the gateway retries a deployment only when `maxAttemptsPerCandidate` > 1. */
  retry?: Partial<RetryPolicy>;
  /** When a failing deployment is skipped, and for how long. */
  cooldown?: CooldownOptions;
  timeouts?: Timeouts;
  /** The environment credentials are read from (defaults to process.env). */
  env?: Env;
}

/** The OpenAI-shaped endpoints that are not generation: routed to a provider that offers them. */
export type AuxEndpoint = "embeddings" | "images.generations" | "audio.speech" | "audio.transcriptions";

export interface AuxRequest {
  endpoint: AuxEndpoint;
  /** Parsed JSON, or the raw bytes of a multipart body (`audio.transcriptions`). */
  body: unknown;
  contentType?: string;
  headers: HeaderGetter;
  signal?: AbortSignal;
  /** Called after each attempt of this request, in order. */
  onAttempt?: (a: Attempt) => void;
}

export interface Gateway {
  handle(req: GatewayRequest): Promise<GatewayResult>;
  /** Embeddings, images, speech, transcriptions, in OpenAI's shapes (errors too). */
  handleAux(req: AuxRequest): Promise<GatewayResult>;
  /** Models of the configured providers, and the aliases. */
  models(): ModelListing[];
  /** Closes upstream connection pools. */
  close(): Promise<void>;
}
