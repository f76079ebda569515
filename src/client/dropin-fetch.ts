import type { AuxEndpoint, Gateway, GatewayResult, ModelListing } from "../core/gateway-types.ts";
import type { CooldownStore } from "./cooldown.ts";
import {
  drainText,
  jsonResponse,
  openAIError,
  type PeekedStream,
  peek,
  rawResponse,
  startsWithError,
  streamResponse,
} from "./dropin-http.ts";
import { isRetryableStatus, type Pools, poolMembers } from "./pools.ts";

/**
 * The OpenAI SDK's `fetch`, served in-process by the gateway core (no HTTP, no sockets): the
 * path picks the core entry (`handle` on the Chat or Responses surface, `handleAux` for
 * embeddings, images and audio), the model picks the candidates (a pool's members, or the
 * model itself), and the candidates are tried in order — skipping those in cooldown, moving
 * on after a retryable failure, stopping at a non-retryable one.
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
  /** The status the model answered with (200 for a stream that failed before its first byte is reported as 502). */
  status: number;
  ok: boolean;
  /** A failure that moved on to the next model. */
  retryable: boolean;
  durationMs: number;
}

export interface InProcessFetchOptions {
  gateway: Gateway;
  pools: Pools;
  cooldown: CooldownStore;
  now: () => number;
  onAttempt?: ((a: AttemptInfo) => void) | undefined;
}

type Route =
  | { kind: "generate"; surface: "openai-chat" | "openai-responses" }
  | { kind: "aux"; endpoint: AuxEndpoint }
  | { kind: "models"; id?: string };

/** A request body, kept so it can be sent again with another model. */
type Body = { kind: "json"; value: Record<string, unknown> } | { kind: "form"; value: FormData };

/** What one attempt came to: a response ready to return, or a retryable failure. */
interface Outcome {
  status: number;
  ok: boolean;
  retryable: boolean;
  /** The model's provider has no credentials (or is disabled): skipped, like the core skips it in an alias. */
  unconfigured?: boolean;
  respond: (extra: Record<string, string>) => Response;
}

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

async function serve(
  opts: InProcessFetchOptions,
  route: Route & { kind: "generate" | "aux" },
  body: Body,
  requested: string,
  request: Request,
): Promise<Response> {
  const { pool, members } = poolMembers(opts.pools, requested);
  const active: string[] = [];
  const now = opts.now();
  for (const m of members) {
    // a shared store that cannot answer does not stop requests: the model counts as active
    if (!(await safely(() => opts.cooldown.isCoolingDown(m, now), false))) active.push(m);
  }
  // every member cooling down: trying them beats failing without a try
  const candidates = active.length > 0 ? active : members;
  const failed: string[] = [];
  let last: Outcome | undefined;
  let attempt = 0;
  for (const model of candidates) {
    attempt++;
    const started = performance.now();
    const outcome = await tryModel(opts.gateway, route, body, model, request);
    const info: AttemptInfo = {
      pool,
      model,
      attempt,
      status: outcome.status,
      ok: outcome.ok,
      retryable: outcome.retryable,
      durationMs: performance.now() - started,
    };
    await safely(() => opts.onAttempt?.(info), undefined);
    const extra: Record<string, string> = {
      "x-switchyard-attempts": String(attempt),
      "x-switchyard-served-by": model,
      ...(pool === undefined ? {} : { "x-switchyard-pool": pool }),
      ...(failed.length === 0 ? {} : { "x-switchyard-failed-over": failed.join(",") }),
    };
    if (outcome.ok) {
      await safely(() => opts.cooldown.recordSuccess(model, opts.now()), undefined);
      return outcome.respond(extra);
    }
    if (!outcome.retryable) return outcome.respond(extra);
    // a provider with no key is skipped, not cooled down: no request was made
    if (outcome.unconfigured !== true) {
      await safely(() => opts.cooldown.recordFailure(model, opts.now()), undefined);
    }
    failed.push(model);
    last = outcome;
    if (request.signal.aborted) break;
  }
  const extra = {
    "x-switchyard-attempts": String(attempt),
    ...(pool === undefined ? {} : { "x-switchyard-pool": pool }),
    "x-switchyard-failed-over": failed.join(","),
  };
  // `last` is set: there is at least one candidate, and every one that failed set it
  return (last as Outcome).respond(extra);
}

async function tryModel(
  gateway: Gateway,
  route: Route & { kind: "generate" | "aux" },
  body: Body,
  model: string,
  request: Request,
): Promise<Outcome> {
  const headers = (name: string): string | null => request.headers.get(name);
  let result: GatewayResult;
  if (route.kind === "generate") {
    result = await gateway.handle({
      surface: route.surface,
      body: { ...(body as Body & { kind: "json" }).value, model },
      headers,
      signal: request.signal,
    });
  } else if (body.kind === "form") {
    const form = new FormData();
    for (const [k, v] of body.value) form.append(k, v);
    form.set("model", model);
    const encoded = new Response(form);
    result = await gateway.handleAux({
      endpoint: route.endpoint,
      body: new Uint8Array(await encoded.arrayBuffer()),
      contentType: encoded.headers.get("content-type") ?? "multipart/form-data",
      headers,
      signal: request.signal,
    });
  } else {
    result = await gateway.handleAux({
      endpoint: route.endpoint,
      body: { ...body.value, model },
      headers,
      signal: request.signal,
    });
  }
  return settle(result);
}

/** A core result → an outcome; a stream is started to see that it does not fail at once. */
async function settle(result: GatewayResult): Promise<Outcome> {
  const status = result.status;
  const ok = status >= 200 && status < 300;
  const retryable = !ok && isRetryableStatus(status);
  if (result.kind === "json") {
    const unconfigured = errorCode(result.body) === "provider_not_configured";
    return {
      status,
      ok,
      retryable: retryable || unconfigured,
      unconfigured,
      respond: (extra) => jsonResponse(status, result.headers, result.body, extra),
    };
  }
  let started: PeekedStream;
  try {
    started = await peek(result);
  } catch (e) {
    const message = `the upstream failed before its first byte: ${e instanceof Error ? e.message : String(e)}`;
    return {
      status: 502,
      ok: false,
      retryable: true,
      respond: (extra) =>
        jsonResponse(
          502,
          {},
          { error: { message, type: "server_error", param: null, code: "upstream_error" } },
          extra,
        ),
    };
  }
  if (!ok) {
    // an error body (relayed as the upstream sent it): read now, so nothing stays open
    const text = await drainText(started);
    return { status, ok, retryable, respond: (extra) => rawResponse(status, started.headers, text, extra) };
  }
  const isEventStream = /event-stream/i.test(started.headers["content-type"] ?? "");
  if (isEventStream && startsWithError(started.first)) {
    // the stream's first event is its error: another model may do better; if none does, the
    // client gets this stream (its SDK raises the error it carries)
    const text = await drainText(started);
    return {
      status: 502,
      ok: false,
      retryable: true,
      respond: (extra) => rawResponse(status, started.headers, text, extra),
    };
  }
  return { status, ok, retryable, respond: (extra) => streamResponse(started, extra) };
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

function errorCode(body: unknown): unknown {
  if (typeof body !== "object" || body === null) return undefined;
  const error: unknown = (body as { error?: unknown }).error;
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
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
