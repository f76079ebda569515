import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import { StreamAccumulator } from "../ir/accumulate.ts";
import type { Dropped, Translated } from "../ir/dropped.ts";
import { invalidRequest, SwitchyardError } from "../ir/error.ts";
import { replayAsStream } from "../ir/replay.ts";
import type { IRRequest } from "../ir/request.ts";
import type { IRResponse } from "../ir/response.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { createHttpClient, type HttpResponse } from "../transport/http.ts";
import { checkCapabilities } from "./capabilities.ts";
import { type Deps, recordCall, streamFailure } from "./deps.ts";
import { badUpstreamBody } from "./errors.ts";
import type { GatewayConfig } from "./gateway-types.ts";
import type { Call } from "./plan.ts";
import { type Providers, pickTarget, providersInUse, type Target } from "./providers-in-use.ts";
import type { GatewayHooks } from "./record.ts";
import { createRedactor } from "./redact.ts";
import { newRequestId } from "./result-headers.ts";
import { NativeEventReader } from "./stream-translator.ts";
import { generationURL, upstreamHeaders } from "./upstream-request.ts";

/**
 * The IR-level entry point of the core, for the library faces (Router, …): the same
 * providers, model resolution, codecs and upstream client as `createGateway`, without a wire
 * surface on the caller's side — an `IRRequest` in, an `IRResponse` (or IR stream events) out.
 */
export interface IRCore {
  readonly providers: Providers;
  readonly deps: Deps;
  close(): Promise<void>;
}

export function createIRCore(config: GatewayConfig, hooks: GatewayHooks = {}): IRCore {
  const providers = providersInUse(config);
  const deps: Deps = {
    http: createHttpClient(config.timeouts),
    redactor: createRedactor(providers.secrets),
    hooks,
  };
  return { providers, deps, close: () => deps.http.close() };
}

export interface IRRunOptions {
  signal?: AbortSignal;
  /** Simulator controls (`x-sim-*`) to forward; nothing else from here goes upstream. */
  headers?: Record<string, string>;
  /**
   * Provider-specific fields merged into the encoded body as the last step (they win over
   * what the codec wrote; an object merges one level deep into an object already there).
   */
  extraBody?: Record<string, unknown>;
}

/** A finished exchange: the answer, or the provider's error (never both). */
export interface IRRunOutcome {
  response?: IRResponse;
  error?: SwitchyardError;
  /** What could not cross into the provider's format or back. */
  dropped: Dropped[];
  /** The provider instance that served (its config name) and the model id sent. */
  provider: string;
  model: string;
  format: FormatId;
}

/** A request routed and encoded, not yet sent. Throws for malformed requests and unknown models. */
export interface IRPlan {
  call: Call;
  format: FormatId;
  body: Record<string, unknown>;
}

export function planIR(core: IRCore, ir: IRRequest, opts: IRRunOptions = {}): IRPlan {
  if (typeof ir.model !== "string" || ir.model === "") throw invalidRequest("model", "a model name");
  const target: Target = pickTarget(ir.model, core.providers);
  checkCapabilities(ir, target.deployment);
  const format = target.provider.spec.formats[0]!;
  const stream = ir.stream === true;
  const model = target.deployment.model;
  const encoded = FORMATS[format].encodeRequest({ ...ir, model, stream });
  const body = encoded.value as Record<string, unknown>;
  if (stream && format === "openai-chat") {
    body.stream_options = {
      ...(isObject(body.stream_options) ? body.stream_options : {}),
      include_usage: true,
    };
  }
  if (opts.extraBody !== undefined) mergeBody(body, opts.extraBody);
  const headers = opts.headers ?? {};
  const call: Call = {
    requestId: newRequestId(),
    started: performance.now(),
    surface: "openai-responses",
    upstreamFormat: format,
    passthrough: false,
    target,
    requestedModel: ir.model,
    ir: { ...ir, model },
    body,
    stream,
    framing: "sse",
    includeUsage: false,
    dropped: [...encoded.dropped],
    client: (name) => headers[name.toLowerCase()],
    signal: opts.signal,
  };
  return { call, format, body };
}

function mergeBody(body: Record<string, unknown>, extra: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(extra)) {
    const had = body[k];
    body[k] = isObject(had) && isObject(v) ? { ...had, ...v } : v;
  }
}

function outcomeOf(plan: IRPlan, dropped: Dropped[]): IRRunOutcome {
  const d = plan.call.target.deployment;
  return { dropped, provider: d.provider, model: d.model, format: plan.format };
}

async function send(core: IRCore, plan: IRPlan): Promise<HttpResponse | SwitchyardError> {
  const { call, format } = plan;
  const { resolved } = call.target.provider;
  try {
    return await core.deps.http.send({
      url: generationURL(resolved, format, call.target.deployment.model, call.stream, "sse"),
      headers: upstreamHeaders(resolved, { stream: call.stream, format, client: call.client }),
      body: JSON.stringify(plan.body),
      signal: call.signal,
    });
  } catch (e) {
    return redacted(core, streamFailure(e, call.target.deployment.provider));
  }
}

/** The provider's error, with every configured key scrubbed from what it says. */
function redacted(core: IRCore, err: SwitchyardError): SwitchyardError {
  const r = core.deps.redactor;
  return new SwitchyardError({
    kind: err.kind,
    status: err.status,
    message: r.text(err.message),
    ...(err.code === undefined ? {} : { code: err.code }),
    ...(err.param === undefined ? {} : { param: err.param }),
    ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
    ...(err.source === undefined ? {} : { source: err.source }),
    ...(err.raw === undefined ? {} : { raw: r.value(err.raw) }),
    ...(err.requestId === undefined ? {} : { requestId: err.requestId }),
  });
}

async function upstreamError(core: IRCore, plan: IRPlan, res: HttpResponse): Promise<SwitchyardError> {
  let text = "";
  try {
    text = await res.text(1024 * 1024);
  } catch {
    // the status alone still says what happened
  }
  const err = FORMATS[plan.format].decodeError(res.status, text, (n) => res.header(n));
  recordCall(core.deps, plan.call, { status: res.status, error: err });
  return redacted(core, err);
}

function decodeJson(plan: IRPlan, text: string): Translated<IRResponse> {
  const provider = plan.call.target.deployment.provider;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badUpstreamBody(provider, "not JSON");
  }
  try {
    const decoded = FORMATS[plan.format].decodeResponse(parsed);
    decoded.value.created_at ??= Math.floor(Date.now() / 1000);
    return decoded;
  } catch (err) {
    throw badUpstreamBody(provider, err instanceof SwitchyardError ? err.message : "unexpected shape");
  }
}

/** Sends a planned, non-streamed request; never throws. */
export async function runPlanned(core: IRCore, plan: IRPlan): Promise<IRRunOutcome> {
  const dropped = [...plan.call.dropped];
  const res = await send(core, plan);
  if (res instanceof SwitchyardError) return { ...outcomeOf(plan, dropped), error: res };
  if (res.status < 200 || res.status >= 300) {
    return { ...outcomeOf(plan, dropped), error: await upstreamError(core, plan, res) };
  }
  try {
    const decoded = decodeJson(plan, await res.text());
    dropped.push(...decoded.dropped);
    recordCall(core.deps, plan.call, { status: 200, usage: decoded.value.usage });
    return { ...outcomeOf(plan, dropped), response: decoded.value };
  } catch (e) {
    const err = redacted(core, streamFailure(e, plan.call.target.deployment.provider));
    recordCall(core.deps, plan.call, { status: err.status, error: err });
    return { ...outcomeOf(plan, dropped), error: err };
  }
}

/** Plans and sends an IR request (non-streamed). Throws only for malformed requests / unknown models. */
export function runIR(core: IRCore, ir: IRRequest, opts: IRRunOptions = {}): Promise<IRRunOutcome> {
  return runPlanned(core, planIR(core, { ...ir, stream: false }, opts));
}

/**
 * Sends a planned streamed request and yields IR events as they arrive; returns the outcome
 * (the accumulated answer, or the error). An upstream error before the first event yields
 * nothing; a failure mid-stream ends with the decoder's error events and `error` set.
 */
export async function* streamPlanned(
  core: IRCore,
  plan: IRPlan,
): AsyncGenerator<IRStreamEvent, IRRunOutcome, undefined> {
  const dropped = [...plan.call.dropped];
  const res = await send(core, plan);
  if (res instanceof SwitchyardError) return { ...outcomeOf(plan, dropped), error: res };
  if (res.status < 200 || res.status >= 300) {
    return { ...outcomeOf(plan, dropped), error: await upstreamError(core, plan, res) };
  }
  const acc = new StreamAccumulator();
  const provider = plan.call.target.deployment.provider;
  let failure: SwitchyardError | undefined;
  let streamError: SwitchyardError | undefined;
  const createdAt = Math.floor(Date.now() / 1000);
  const take = (ev: IRStreamEvent): IRStreamEvent => {
    if ("response" in ev && ev.response.created_at === undefined) ev.response.created_at = createdAt;
    if (ev.type === "error") {
      streamError ??= new SwitchyardError({
        kind: "server",
        message: ev.message,
        code: ev.code ?? "stream_error",
      });
    }
    acc.push(ev);
    return ev;
  };
  try {
    const type = res.header("content-type") ?? "";
    if (/json/i.test(type) && !/event-stream/i.test(type)) {
      // a server that ignored `stream`: replay its one answer as events
      const decoded = decodeJson(plan, await res.text());
      dropped.push(...decoded.dropped);
      for (const ev of replayAsStream(decoded.value)) yield take(ev);
    } else {
      const reader = new NativeEventReader("sse");
      const decoder = FORMATS[plan.format].streamDecoder({
        model: plan.call.target.deployment.model,
        request: plan.call.ir,
      });
      try {
        for await (const chunk of res.body) {
          for (const native of reader.push(chunk)) for (const ev of decoder.push(native)) yield take(ev);
        }
      } catch (e) {
        failure = redacted(core, streamFailure(e, provider));
      }
      if (failure?.kind !== "cancelled") {
        for (const native of reader.end()) for (const ev of decoder.push(native)) yield take(ev);
        for (const ev of decoder.end()) yield take(ev);
      }
    }
  } catch (e) {
    failure ??= redacted(core, streamFailure(e, provider));
  } finally {
    res.cancel();
  }
  const response = acc.result();
  const error = failure ?? streamError ?? (acc.done ? undefined : truncatedError(provider));
  recordCall(core.deps, plan.call, {
    status: error === undefined ? 200 : error.status,
    usage: response.usage,
    error,
  });
  return { ...outcomeOf(plan, dropped), response, ...(error === undefined ? {} : { error }) };
}

function truncatedError(provider: string): SwitchyardError {
  return new SwitchyardError({
    kind: "server",
    status: 502,
    message: `${provider}: the upstream stream ended before the answer was complete`,
  });
}

/** Plans and streams an IR request. Planning errors throw before the first event. */
export function streamIR(
  core: IRCore,
  ir: IRRequest,
  opts: IRRunOptions = {},
): AsyncGenerator<IRStreamEvent, IRRunOutcome, undefined> {
  return streamPlanned(core, planIR(core, { ...ir, stream: true }, opts));
}
