import type { AuxEndpoint, Gateway, GatewayResult, ModelListing } from "../core/gateway-types.ts";
import type { Attempt } from "../routing/attempts.ts";
import { failureOf, isFailoverable } from "../routing/retry.ts";
import type { CooldownStore } from "./cooldown.ts";
import { jsonResponse, openAIError, streamResponse } from "./dropin-http.ts";
import type { Pools } from "./pools.ts";

/**
 * The OpenAI SDK's `fetch`, served in-process by the gateway core (no HTTP, no sockets): the
 * path picks the core entry (`handle` on the Chat or Responses surface, `handleAux` for
 * embeddings, images and audio). The model may name a pool: the core's routing layer — the
 * same attempt loop as the server's — tries its members in order, skipping those in
 * cooldown, moving on after a retryable failure, stopping at a non-retryable one.
 */

/** The base URL the SDK is given: never reached over the network. */
export const IN_PROCESS_BASE_URL = "http://switchyard.in-process/v1";

/** One try of one model, reported to `onAttempt`. */
export interface AttemptInfo {
  /** The pool asked for, when the model named one. */
  pool: string | undefined;
  /** The model tried, as listed in the pool. */
  model: string;
  /** 1 for the first model tried. */
  attempt: number;
  /** The status the model answered with (a stream that failed before its first content: the core's 502). */
  status: number;
  ok: boolean;
  /** A failure worth another model (connection, 408, 409, 429, 5xx, 401/403/404 of this deployment). */
  retryable: boolean;
  durationMs: number;
}

export interface InProcessFetchOptions {
  /** The core, built with the pools as routes and the cooldown store as its routing state. */
  gateway: Gateway;
  pools: Pools;
  cooldown: CooldownStore;
  onAttempt?: ((a: AttemptInfo) => void) | undefined;
}

type Route =
  | { kind: "generate"; surface: "openai-chat" | "openai-responses" }
  | { kind: "aux"; endpoint: AuxEndpoint }
  | { kind: "models"; id?: string };

/** A request body: JSON, or the multipart form of a transcription. */
type Body = { kind: "json"; value: Record<string, unknown> } | { kind: "form"; value: FormData };

export type InProcessFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  /** The SDK's FormData probe reads this instead of fetching `data:,`. */
  Response: typeof Response;
  /** What the fetch serves with: a client cloned by `withOptions` shares it. */
  switchyard: InProcessFetchOptions;
};

export function isInProcessFetch(v: unknown): v is InProcessFetch {
  return typeof v === "function" && typeof (v as Partial<InProcessFetch>).switchyard === "object";
}

export function createInProcessFetch(opts: InProcessFetchOptions): InProcessFetch {
  const basePath = new URL(IN_PROCESS_BASE_URL).pathname;

  async function inProcessFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request =
      init?.body instanceof ReadableStream
        ? new Request(input, { ...init, duplex: "half" } as RequestInit)
        : new Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    const route = routeOf(request.method, path);
    if (route === undefined) {
      return openAIError(404, `${request.method} ${path} is not served by SwitchyardOpenAI`, "unknown_url");
    }
    if (route.kind === "models") return listModels(opts, route.id);
    let body: Body;
    try {
      body = await readBody(route, request);
    } catch (e) {
      return openAIError(400, e instanceof Error ? e.message : "unreadable request body", "invalid_body");
    }
    const model = body.kind === "json" ? body.value.model : body.value.get("model");
    if (typeof model !== "string" || model === "") {
      return openAIError(
        400,
        "`model` is required: a model name or a pool name",
        "missing_model",
        undefined,
        "model",
      );
    }
    const response = await serve(opts, route, body, model, request);
    // as fetch does: an aborted request rejects (the SDK tells its timeout from the caller's abort)
    if (request.signal.aborted) {
      await response.body?.cancel().catch(() => {});
      throw abortError(request.signal);
    }
    return response;
  }

  return Object.assign(inProcessFetch, { Response, switchyard: opts });
}

function routeOf(method: string, path: string): Route | undefined {
  if (method === "GET") {
    if (path === "/models") return { kind: "models" };
    if (path.startsWith("/models/")) return { kind: "models", id: decodeURIComponent(path.slice(8)) };
    return undefined;
  }
  if (method !== "POST") return undefined;
  switch (path) {
    case "/chat/completions":
      return { kind: "generate", surface: "openai-chat" };
    case "/responses":
      return { kind: "generate", surface: "openai-responses" };
    case "/embeddings":
      return { kind: "aux", endpoint: "embeddings" };
    case "/images/generations":
      return { kind: "aux", endpoint: "images.generations" };
    case "/audio/speech":
      return { kind: "aux", endpoint: "audio.speech" };
    case "/audio/transcriptions":
      return { kind: "aux", endpoint: "audio.transcriptions" };
    default:
      return undefined;
  }
}

async function readBody(route: Route, request: Request): Promise<Body> {
  if (route.kind === "aux" && route.endpoint === "audio.transcriptions") {
    return { kind: "form", value: await request.formData() };
  }
  const value: unknown = JSON.parse(await request.text());
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError("the request body must be a JSON object");
  }
  return { kind: "json", value: value as Record<string, unknown> };
}

/**
 * One core call: the gateway's routing (configured with the pools) tries the pool's members
 * in turn — cooldown, failover, retries as configured — and reports each attempt; the
 * drop-in adds the headers that name the pool member that served and those that failed.
 */
async function serve(
  opts: InProcessFetchOptions,
  route: Route & { kind: "generate" | "aux" },
  body: Body,
  requested: string,
  request: Request,
): Promise<Response> {
  const pool = Object.hasOwn(opts.pools, requested) ? requested : undefined;
  const onAttempt = (a: Attempt): void => {
    const index = seen.push(a);
    const ok = a.kind === "ok";
    void safely(
      () =>
        opts.onAttempt?.({
          pool,
          model: a.name ?? a.model,
          attempt: index,
          status: a.status,
          ok,
          retryable: !ok && isFailoverable(failureOf({ kind: a.kind, status: a.status })),
          durationMs: a.durationMs,
        }),
      undefined,
    );
  };
  const seen: Attempt[] = [];
  const headers = (name: string): string | null => request.headers.get(name);
  let result: GatewayResult;
  if (route.kind === "generate") {
    result = await opts.gateway.handle({
      surface: route.surface,
      body: (body as Body & { kind: "json" }).value,
      headers,
      signal: request.signal,
      onAttempt,
    });
  } else if (body.kind === "form") {
    const encoded = new Response(body.value);
    result = await opts.gateway.handleAux({
      endpoint: route.endpoint,
      body: new Uint8Array(await encoded.arrayBuffer()),
      contentType: encoded.headers.get("content-type") ?? "multipart/form-data",
      headers,
      signal: request.signal,
      onAttempt,
    });
  } else {
    result = await opts.gateway.handleAux({
      endpoint: route.endpoint,
      body: body.value,
      headers,
      signal: request.signal,
      onAttempt,
    });
  }
  const attempts = result.attempts ?? seen;
  const served = attempts.find((a) => a.kind === "ok");
  const failed = attempts.filter((a) => a.kind !== "ok").map((a) => a.name ?? a.model);
  const extra: Record<string, string> = {
    "x-switchyard-attempts": String(attempts.length),
    ...(served === undefined ? {} : { "x-switchyard-served-by": served.name ?? served.model }),
    ...(pool === undefined ? {} : { "x-switchyard-pool": pool }),
    ...(failed.length === 0 ? {} : { "x-switchyard-failed-over": [...new Set(failed)].join(",") }),
  };
  return result.kind === "json"
    ? jsonResponse(result.status, result.headers, result.body, extra)
    : streamResponse(result, extra);
}

/** `GET /models`: the configured providers' models and the pools (with their members). */
function listModels(opts: InProcessFetchOptions, id: string | undefined): Response {
  const created = Math.floor(Date.now() / 1000);
  const rows: ModelListing[] = [
    ...Object.entries(opts.pools).map(
      ([name, members]): ModelListing => ({
        id: name,
        object: "model",
        created,
        owned_by: "switchyard",
        capabilities: [],
        targets: [...members],
      }),
    ),
    ...opts.gateway.models(),
  ];
  if (id === undefined) return jsonResponse(200, {}, { object: "list", data: rows });
  const row = rows.find((r) => r.id === id);
  if (row === undefined) return openAIError(404, `unknown model ${JSON.stringify(id)}`, "model_not_found");
  return jsonResponse(200, {}, row);
}

function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === "AbortError"
    ? reason
    : new DOMException("This operation was aborted", "AbortError");
}

/** A hook or a store that throws (a shared backend down) must not fail the request. */
async function safely<T>(f: () => T | Promise<T>, fallback: T): Promise<T> {
  try {
    return await f();
  } catch {
    return fallback;
  }
}
