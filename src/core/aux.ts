import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import { invalidRequest, SwitchyardError } from "../ir/error.ts";
import type { Usage } from "../ir/usage.ts";
import { catalogModel } from "../providers/catalog.ts";
import { authHeaders, type Capability } from "../providers/index.ts";
import { type AttemptOutcome, tryInTurn } from "../routing/attempt-loop.ts";
import { allFailedError } from "../routing/attempts.ts";
import { parseRoute, parseRouteHeader, type RouteSpec } from "../routing/route.ts";
import type { HttpResponse } from "../transport/http.ts";
import { UpstreamFailure } from "../transport/http.ts";
import { loopCandidates, loopEnv, withRoutingHeaders } from "./attempt-loop.ts";
import { AttemptRefused } from "./attempt-refused.ts";
import { type Deps, retryHeaders, streamFailure } from "./deps.ts";
import { asSwitchyardError, badUpstreamBody, errorResult } from "./errors.ts";
import type { AuxEndpoint, AuxRequest, GatewayResult } from "./gateway-types.ts";
import { decodeEmbedResponse, encodeEmbedRequest } from "./gemini-embeddings.ts";
import { readField, replaceField } from "./multipart.ts";
import type { Providers, Target } from "./providers-in-use.ts";
import { emit } from "./record.ts";
import { newRequestId, resultHeaders } from "./result-headers.ts";
import { orderDeployments, type Routing, targetOf, usableDeployments } from "./route-plan.ts";
import { timedHttp, type UpstreamClock } from "./upstream-clock.ts";
import { FORWARDED_CONTROLS } from "./upstream-request.ts";

/** Aux errors are OpenAI's envelope whatever the provider: these are OpenAI-shaped endpoints. */
const SURFACE = "openai-chat";

const CAPABILITY: Readonly<Record<AuxEndpoint, Capability>> = {
  embeddings: "embeddings",
  "images.generations": "images",
  "audio.speech": "audio",
  "audio.transcriptions": "audio",
};

const PATH: Readonly<Record<AuxEndpoint, string>> = {
  embeddings: "/embeddings",
  "images.generations": "/images/generations",
  "audio.speech": "/audio/speech",
  "audio.transcriptions": "/audio/transcriptions",
};

interface AuxCall {
  req: AuxRequest;
  requestId: string;
  started: number;
  requestedModel: string;
  target: Target;
  /** The multipart body could not be rewritten: it went up with the client's model name. */
  modelNotRewritten?: boolean;
}

/**
 * Embeddings, images, speech and transcriptions in OpenAI's shapes (DESIGN.md §4). The model
 * — a name, a pool, or the `x-switchyard-route` header — decides the candidates; they are
 * tried in turn by the routing layer's attempt loop (retry, failover, cooldown, stats).
 * OpenAI-compatible providers get the request as is with the model id rewritten and their
 * answer piped back; Gemini embeddings are translated; a deployment that cannot serve the
 * endpoint is skipped, and when none can the error says so.
 */
export async function handleAux(
  req: AuxRequest,
  providers: Providers,
  deps: Deps,
  r: Routing,
): Promise<GatewayResult> {
  const requestId = newRequestId();
  const started = performance.now();
  let last: AuxCall | undefined;
  try {
    const requestedModel = modelOf(req);
    const header = req.headers("x-switchyard-route");
    const route =
      header != null && header.trim() !== ""
        ? parseRouteHeader(header, { pools: r.pools })
        : parseRoute(requestedModel, { pools: r.pools });
    const targets = await auxTargets(req.endpoint, route, providers, r);
    const clock: UpstreamClock = { upstreamMs: 0 };
    const timed: Deps = { ...deps, http: timedHttp(deps.http, clock) };
    const loop = await tryInTurn(
      loopCandidates(targets),
      loopEnv(r, deps, req.signal, req.onAttempt),
      async (c): Promise<AttemptOutcome<GatewayResult | undefined>> => {
        const call: AuxCall = { req, requestId, started, requestedModel, target: c.target };
        last = call;
        try {
          return { ok: true, value: await serveOne(call, timed) };
        } catch (e) {
          if (e instanceof AttemptRefused) return { ok: false, error: e.error, value: e.result };
          if (!(e instanceof UpstreamFailure)) throw e;
          const err = streamFailure(e, c.provider);
          if (err.kind === "cancelled") throw err;
          return { ok: false, error: err, connection: e.reason === "network", value: undefined };
        }
      },
    );
    clock.upstreamMs += loop.waitedMs;
    const routing = (res: GatewayResult): GatewayResult =>
      withRoutingHeaders(res, loop.attempts, started, clock);
    if (loop.served !== undefined) return routing(loop.served.value!);
    const failed = loop.failed!;
    if (loop.attempts.length === 1 && failed.value !== undefined) return routing(failed.value);
    throw loop.attempts.length === 1 ? failed.error : allFailedError(loop.attempts);
  } catch (e) {
    const call = last;
    const err =
      e instanceof SwitchyardError ? e : streamFailure(e, call?.target.deployment.provider ?? "upstream");
    const headers = call === undefined ? resultHeaders(requestId) : auxHeaders(call);
    const result = errorResult(SURFACE, err, headers, deps.redactor);
    record(deps, call, req, requestId, started, result.status, undefined, err);
    return result;
  }
}

/** One attempt on one deployment; an upstream error status throws `AttemptRefused` with the relayed error. */
function serveOne(call: AuxCall, deps: Deps): Promise<GatewayResult> {
  return call.target.provider.spec.id === "gemini" ? geminiEmbeddings(call, deps) : forward(call, deps);
}

/** The route's deployments that can serve the endpoint, in the strategy's order, those cooling down last. */
async function auxTargets(
  endpoint: AuxEndpoint,
  route: RouteSpec,
  providers: Providers,
  r: Routing,
): Promise<Target[]> {
  const able = usableDeployments(route, providers, (t) => checkCapability(endpoint, t));
  const none = { inputTokens: 0, outputTokens: 0, stream: false };
  const { ordered } = await orderDeployments(route, able, r, none, 0);
  return ordered.map((c) => targetOf(c, providers));
}

function modelOf(req: AuxRequest): string {
  let model: unknown;
  if (req.body instanceof Uint8Array) model = readField(req.body, req.contentType, "model");
  else if (isObject(req.body)) model = req.body.model;
  else throw invalidRequest("", "a JSON object (or multipart/form-data for transcriptions)");
  if (typeof model !== "string" || model === "") throw invalidRequest("model", "a model name");
  return model;
}

function checkCapability(endpoint: AuxEndpoint, t: Target): void {
  const cap = CAPABILITY[endpoint];
  const { spec } = t.provider;
  const compatible = spec.formats.includes("openai-chat") || spec.formats.includes("openai-responses");
  if (
    !compatible &&
    !(spec.id === "gemini" && endpoint === "embeddings") &&
    spec.capabilities.includes(cap)
  ) {
    throw new SwitchyardError({
      kind: "invalid_request",
      message: `${spec.name} models are not served on /v1/${PATH[endpoint].slice(1)} by this gateway`,
      param: "model",
      code: "unsupported_endpoint",
    });
  }
  if (!spec.capabilities.includes(cap)) {
    throw new SwitchyardError({
      kind: "invalid_request",
      message: `${spec.name} does not offer ${cap}; pick a model of a provider that does`,
      param: "model",
      code: "model_capability_missing",
    });
  }
  const known = catalogModel(t.deployment.model);
  if (known !== undefined && known.provider === spec.id && !known.capabilities.includes(cap)) {
    throw new SwitchyardError({
      kind: "invalid_request",
      message: `${spec.id}/${t.deployment.model} is not a model for ${cap} (it offers ${known.capabilities.join(", ")})`,
      param: "model",
      code: "model_capability_missing",
    });
  }
}

function auxHeaders(call: AuxCall): Record<string, string> {
  const h = resultHeaders(call.requestId, {
    provider: call.target.deployment.provider,
    model: call.target.deployment.model,
  });
  if (call.modelNotRewritten === true)
    h["x-switchyard-warning"] = "multipart body forwarded unchanged: model not rewritten";
  return h;
}

function upstreamHeaders(call: AuxCall, contentType: string): Record<string, string> {
  const p = call.target.provider.resolved;
  const h: Record<string, string> = { "content-type": contentType, "user-agent": "switchyard/0.1" };
  for (const [k, v] of Object.entries(p.headers)) h[k.toLowerCase()] = v;
  for (const name of FORWARDED_CONTROLS) {
    const v = call.req.headers(name);
    if (v != null && v !== "") h[name] = v;
  }
  return Object.assign(h, authHeaders(p));
}

/** OpenAI-compatible upstream: same path under its base, model rewritten, answer piped back. */
async function forward(call: AuxCall, deps: Deps): Promise<GatewayResult> {
  const { req, target } = call;
  const model = target.deployment.model;
  let body: string | Uint8Array;
  let contentType = "application/json";
  if (req.body instanceof Uint8Array) {
    contentType = req.contentType ?? "application/octet-stream";
    const rewritten =
      model === call.requestedModel ? req.body : replaceField(req.body, req.contentType, "model", model);
    if (rewritten === undefined) call.modelNotRewritten = true;
    body = rewritten ?? req.body;
  } else {
    body = JSON.stringify({ ...(req.body as Record<string, unknown>), model });
  }
  const res = await deps.http.send({
    url: `${target.provider.resolved.baseURL}${PATH[req.endpoint]}`,
    headers: upstreamHeaders(call, contentType),
    body,
    signal: req.signal,
  });
  if (res.status < 200 || res.status >= 300) return upstreamError(call, deps, res, "openai-chat");
  return {
    kind: "stream",
    status: res.status,
    headers: {
      ...auxHeaders(call),
      "content-type": res.header("content-type") ?? "application/octet-stream",
    },
    chunks: pipe(call, deps, res),
  };
}

async function upstreamError(
  call: AuxCall,
  deps: Deps,
  res: HttpResponse,
  format: "openai-chat" | "gemini",
): Promise<never> {
  const text = await res.text(1024 * 1024);
  const err = FORMATS[format].decodeError(res.status, text, (n) => res.header(n));
  const result = errorResult(
    SURFACE,
    err,
    { ...retryHeaders((n) => res.header(n)), ...auxHeaders(call) },
    deps.redactor,
  );
  record(deps, call, call.req, call.requestId, call.started, result.status, undefined, err);
  throw new AttemptRefused(err, result);
}

async function* pipe(call: AuxCall, deps: Deps, res: HttpResponse): AsyncGenerator<Uint8Array> {
  const keep = call.req.endpoint === "embeddings" && deps.hooks.onRecord !== undefined;
  const kept: Uint8Array[] = [];
  let failure: SwitchyardError | undefined;
  try {
    for await (const chunk of res.body) {
      if (keep) kept.push(chunk);
      yield chunk;
    }
  } catch (e) {
    failure = streamFailure(e, call.target.deployment.provider);
  } finally {
    res.cancel();
    const usage = keep && failure === undefined ? embeddingUsage(kept) : undefined;
    record(deps, call, call.req, call.requestId, call.started, res.status, usage, failure);
  }
}

function embeddingUsage(chunks: Uint8Array[]): Usage | undefined {
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (!isObject(body) || !isObject(body.usage)) return undefined;
    const u = body.usage;
    return {
      ...(typeof u.prompt_tokens === "number" ? { input_tokens: u.prompt_tokens } : {}),
      ...(typeof u.total_tokens === "number" ? { total_tokens: u.total_tokens } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Gemini embeddings: translated both ways (gemini-embeddings.ts). */
async function geminiEmbeddings(call: AuxCall, deps: Deps): Promise<GatewayResult> {
  const model = call.target.deployment.model;
  const plan = encodeEmbedRequest(call.req.body, model);
  const res = await deps.http.send({
    url: `${call.target.provider.resolved.baseURL}/v1beta/models/${encodeURIComponent(model)}:batchEmbedContents`,
    headers: upstreamHeaders(call, "application/json"),
    body: JSON.stringify(plan.body),
    signal: call.req.signal,
  });
  if (res.status < 200 || res.status >= 300) return upstreamError(call, deps, res, "gemini");
  let parsed: unknown;
  try {
    parsed = JSON.parse(await res.text());
  } catch (e) {
    if (e instanceof SyntaxError) throw badUpstreamBody(call.target.deployment.provider, "not JSON");
    throw asSwitchyardError(e);
  }
  const out = decodeEmbedResponse(parsed, model, plan.base64);
  if (out === undefined) throw badUpstreamBody(call.target.deployment.provider, "no `embeddings` list");
  const tokens = out.usage.prompt_tokens;
  // 0 is what the wire shape needs when Gemini reports nothing; the ledger gets "unknown"
  record(
    deps,
    call,
    call.req,
    call.requestId,
    call.started,
    200,
    tokens > 0 ? { input_tokens: tokens, total_tokens: tokens } : undefined,
  );
  return {
    kind: "json",
    status: 200,
    headers: { ...auxHeaders(call), "content-type": "application/json" },
    body: out,
  };
}

function record(
  deps: Deps,
  call: AuxCall | undefined,
  req: AuxRequest,
  requestId: string,
  started: number,
  status: number,
  usage?: Usage,
  error?: SwitchyardError,
): void {
  if (deps.hooks.onRecord === undefined) return;
  emit(deps.hooks, {
    requestId,
    surface: req.endpoint,
    ...(call === undefined
      ? {}
      : {
          requestedModel: call.requestedModel,
          provider: call.target.deployment.provider,
          model: call.target.deployment.model,
        }),
    status,
    stream: false,
    passthrough: call !== undefined && call.target.provider.spec.id !== "gemini",
    ...(usage === undefined ? {} : { usage }),
    durationMs: performance.now() - started,
    ...(error === undefined
      ? {}
      : { error: { kind: error.kind, message: deps.redactor.text(error.message) } }),
  });
}
