import { FORMATS } from "../formats/registry.ts";
import { isObject } from "../formats/validate.ts";
import type { HeaderGetter } from "../formats/wire-format.ts";
import type { Dropped } from "../ir/dropped.ts";
import { invalidRequest } from "../ir/error.ts";
import type { IRRequest } from "../ir/request.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { checkCapabilities } from "./capabilities.ts";
import type { GatewayRequest } from "./gateway-types.ts";
import { type Providers, pickTarget, type Target } from "./providers-in-use.ts";

/** One request, decoded and routed: everything the exchange with the upstream needs. */
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
  /** The client's JSON, for passthrough. */
  body: unknown;
  stream: boolean;
  /** Gemini surface: how the client wants its stream framed. */
  framing: "sse" | "json-array";
  /** Chat surface: the client asked for the usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  dropped: Dropped[];
  client: HeaderGetter;
  signal: AbortSignal | undefined;
}

/**
 * DESIGN.md §1 up to the upstream: surface decode (a malformed body throws a 400 naming the
 * field path), model resolution, capability check, and the choice of upstream format.
 */
export function planCall(
  req: GatewayRequest,
  providers: Providers,
  requestId: string,
  started: number,
): Call {
  const surface = req.surface;
  const urlModel = req.model === undefined ? undefined : stripModelsPrefix(req.model);
  const ctx = {
    ...(urlModel === undefined ? {} : { model: urlModel }),
    ...(req.stream === undefined ? {} : { stream: req.stream }),
  };
  const decoded = FORMATS[surface].decodeRequest(req.body, ctx);
  const ir = decoded.value;
  const requestedModel = surface === "gemini" ? (urlModel ?? ir.model) : ir.model;
  if (typeof requestedModel !== "string" || requestedModel === "") {
    throw invalidRequest("model", "a model name", surface);
  }
  const target = pickTarget(requestedModel, providers);
  checkCapabilities(ir, target.deployment);
  const formats = target.provider.spec.formats;
  const passthrough = formats.includes(surface);
  const upstreamFormat = passthrough ? surface : formats[0]!;
  const stream = ir.stream === true;
  return {
    requestId,
    started,
    surface,
    upstreamFormat,
    passthrough,
    target,
    requestedModel,
    ir: { ...ir, model: target.deployment.model },
    body: req.body,
    stream,
    framing: surface === "gemini" ? (req.framing ?? "sse") : "sse",
    includeUsage: surface === "openai-chat" && wantsUsage(req.body),
    dropped: [...decoded.dropped],
    client: req.headers,
    signal: req.signal,
  };
}

function stripModelsPrefix(m: string): string {
  return m.startsWith("models/") ? m.slice("models/".length) : m;
}

function wantsUsage(body: unknown): boolean {
  return isObject(body) && isObject(body.stream_options) && body.stream_options.include_usage === true;
}
