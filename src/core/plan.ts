import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import type { HeaderGetter } from "../formats/wire-format.ts";
import type { Dropped } from "../ir/dropped.ts";
import { invalidRequest, type SwitchyardError } from "../ir/error.ts";
import type { IRRequest } from "../ir/request.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import type { Attempt } from "../routing/attempts.ts";
import { parseRoute, parseRouteHeader, type RouteSpec, routeFromBody } from "../routing/route.ts";
import type { GatewayRequest } from "./gateway-types.ts";
import type { Target } from "./providers-in-use.ts";

/** One request, decoded and routed to one deployment: everything one attempt needs. */
export interface Call {
  requestId: string;
  started: number;
  surface: FormatId;
  /** The format the upstream is spoken in: the surface's own when the provider speaks it. */
  upstreamFormat: FormatId;
  passthrough: boolean;
  target: Target;
  requestedModel: string;
  /** The decoded request, `model` already the deployment's. */
  ir: IRRequest;
  /** The client's JSON, for passthrough (a route in `model` / `models` already replaced). */
  body: unknown;
  stream: boolean;
  /** Gemini surface: how the client wants its stream framed. */
  framing: "sse" | "json-array";
  /** Chat surface: the client asked for the usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  dropped: Dropped[];
  client: HeaderGetter;
  signal: AbortSignal | undefined;
  /**
   * Set by the attempt loop when another attempt may follow: a stream that fails before its
   * first content byte then throws `AttemptRefused` instead of ending the client's stream.
   */
  earlyFailover?: boolean;
  /** Set by the attempt loop on a stream: told how it ended (the deployment's stats). */
  onStreamEnd?: (o: { error?: SwitchyardError | undefined; firstChunkAt?: number | undefined }) => void;
  /** The request body's size in bytes, when the server knew it (token estimates). */
  bodyBytes?: number | undefined;
  /** The bytes `body` was parsed from, when `body` is still exactly what the client sent. */
  rawBody?: Uint8Array | undefined;
  /** The client's per-attempt hook (library faces). */
  onAttempt?: ((a: Attempt) => void) | undefined;
}

/** A request decoded, with its route, before any deployment is chosen. */
export type Decoded = Omit<
  Call,
  "upstreamFormat" | "passthrough" | "target" | "earlyFailover" | "onStreamEnd"
> & {
  route: RouteSpec;
};

/**
 * DESIGN.md §1 up to routing: the route (body `model` as a string, an array or
 * `{ strategy, models }`, OpenRouter's `models`, the `x-switchyard-route` header, a pool),
 * then the surface decode (a malformed body throws a 400 naming the field path). A route in
 * the body is replaced by its first model name before decoding, so the codecs only ever see
 * a string and no provider is sent the route.
 */
export function decodeCall(
  req: GatewayRequest,
  pools: Readonly<Record<string, RouteSpec>>,
  requestId: string,
  started: number,
): Decoded {
  const surface = req.surface;
  const urlModel = req.model === undefined ? undefined : stripModelsPrefix(req.model);
  const header = req.headers("x-switchyard-route");
  let body = req.body;
  let route: RouteSpec | undefined;
  if (header != null && header.trim() !== "") route = parseRouteHeader(header, { pools });
  if (surface === "gemini") {
    if (route === undefined && urlModel !== undefined) route = parseRoute(urlModel, { pools });
  } else if (isObject(body)) {
    const routed = surface === "openai-chat" || surface === "openai-responses";
    const hasRoute = routed && (typeof body.model !== "string" || body.models !== undefined);
    if (route === undefined) {
      if (hasRoute) route = routeFromBody(body, { pools });
      else if (typeof body.model === "string" && body.model !== "") route = parseRoute(body.model, { pools });
    }
    if (hasRoute || (route !== undefined && typeof body.model !== "string")) {
      const { models: _models, ...rest } = body;
      body = { ...rest, model: route?.candidates[0]?.id ?? "" };
    }
  }
  const ctx = {
    ...(urlModel === undefined ? {} : { model: urlModel }),
    ...(req.stream === undefined ? {} : { stream: req.stream }),
  };
  const decoded = FORMATS[surface].decodeRequest(body, ctx);
  const ir = decoded.value;
  const requestedModel =
    header != null && header.trim() !== ""
      ? header.trim()
      : surface === "gemini"
        ? (urlModel ?? ir.model)
        : isObject(req.body) && typeof req.body.model === "string"
          ? req.body.model
          : route === undefined
            ? ir.model
            : undefined;
  if (route === undefined) {
    if (typeof requestedModel !== "string" || requestedModel === "") {
      throw invalidRequest("model", "a model name", surface);
    }
    route = parseRoute(requestedModel, { pools });
  }
  const stream = ir.stream === true;
  return {
    requestId,
    started,
    surface,
    // a route object or list is recorded as its pool name or its models, comma-separated
    requestedModel:
      typeof requestedModel === "string" && requestedModel !== ""
        ? requestedModel
        : (route.pool ?? route.candidates.map((c) => c.id).join(",")),
    ir,
    body,
    stream,
    framing: surface === "gemini" ? (req.framing ?? "sse") : "sse",
    includeUsage: surface === "openai-chat" && wantsUsage(body),
    dropped: [...decoded.dropped],
    client: req.headers,
    signal: req.signal,
    ...(req.onAttempt === undefined ? {} : { onAttempt: req.onAttempt }),
    ...(req.bodyBytes === undefined ? {} : { bodyBytes: req.bodyBytes }),
    // a route in the body was replaced by its first model: the client's bytes no longer match
    ...(req.rawBody !== undefined && body === req.body ? { rawBody: req.rawBody } : {}),
    route,
  };
}

/** The decoded request bound to one deployment, in the upstream format its provider speaks. */
export function callFor(d: Decoded, target: Target): Call {
  const formats = target.provider.spec.formats;
  const passthrough = formats.includes(d.surface);
  const { route: _route, ...rest } = d;
  return {
    ...rest,
    upstreamFormat: passthrough ? d.surface : formats[0]!,
    passthrough,
    target,
    ir: { ...d.ir, model: target.deployment.model },
    dropped: [...d.dropped],
  };
}

function stripModelsPrefix(m: string): string {
  return m.startsWith("models/") ? m.slice("models/".length) : m;
}

function wantsUsage(body: unknown): boolean {
  return isObject(body) && isObject(body.stream_options) && body.stream_options.include_usage === true;
}
