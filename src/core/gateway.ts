import { FORMATS } from "../formats/registry.ts";
import type { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { estimatedLatencyMs } from "../routing/stats.ts";
import { createHttpClient } from "../transport/http.ts";
import { runAttempts } from "./attempt-loop.ts";
import { handleAux } from "./aux.ts";
import { bestOf } from "./best-of.ts";
import { type Deps, streamFailure } from "./deps.ts";
import { errorResult } from "./errors.ts";
import type { Gateway, GatewayConfig, GatewayRequest, GatewayResult, ModelListing } from "./gateway-types.ts";
import { listModels } from "./models.ts";
import { type Decoded, decodeCall } from "./plan.ts";
import { providersInUse } from "./providers-in-use.ts";
import { emit, type GatewayHooks } from "./record.ts";
import { createRedactor } from "./redact.ts";
import { newRequestId, resultHeaders } from "./result-headers.ts";
import { createRouting, planTargets, type Routing, type RoutingHooks } from "./route-plan.ts";

/**
 * The request core (DESIGN.md §1) behind the HTTP server: decode the surface, resolve the
 * model, pass through or translate, encode. Everything per gateway — credentials, the
 * upstream connection pools, the model list — is built here once; a request only reads it.
 * `handle` never throws: every failure is a result in the surface's error format.
 */
export function createGateway(
  config: GatewayConfig,
  hooks: GatewayHooks = {},
  routingHooks: RoutingHooks = {},
): Gateway {
  const providers = providersInUse(config);
  const routing = createRouting(config, routingHooks);
  const deps: Deps = {
    http: createHttpClient(config.timeouts),
    redactor: createRedactor(providers.secrets),
    hooks,
  };
  const models: readonly ModelListing[] = listModels(providers, Math.floor(Date.now() / 1000), routing.pools);

  async function handle(req: GatewayRequest): Promise<GatewayResult> {
    const requestId = newRequestId();
    const started = performance.now();
    const surface: FormatId = Object.hasOwn(FORMATS, req.surface) ? req.surface : "openai-responses";
    let decoded: Decoded | undefined;
    try {
      decoded = decodeCall({ ...req, surface }, routing.pools, requestId, started);
      const planned = await planTargets(decoded, providers, routing);
      const parallel = planned.plan.parallel;
      if (parallel !== undefined) {
        const judge = parallel.selector.kind === "judge" ? parallel.selector.model : undefined;
        return await bestOf(decoded, planned.targets, parallel.n, judge, deps, routing, handle);
      }
      return await runAttempts(decoded, planned.targets, deps, routing);
    } catch (e) {
      const err: SwitchyardError = streamFailure(e, "upstream");
      const result = errorResult(surface, err, resultHeaders(requestId), deps.redactor);
      emit(hooks, {
        requestId,
        surface,
        ...(decoded === undefined ? {} : { requestedModel: decoded.requestedModel }),
        status: result.status,
        stream: decoded?.stream ?? req.stream === true,
        passthrough: false,
        durationMs: performance.now() - started,
        error: { kind: err.kind, message: deps.redactor.text(err.message) },
      });
      return result;
    }
  }

  return {
    handle,
    handleAux: (req) => handleAux(req, providers, deps, routing),
    models: () => withLatency(models, routing),
    close: () => deps.http.close(),
  };
}

/** The model list with `estimated_latency_ms` from observed traffic (a pool: its first target's). */
function withLatency(models: readonly ModelListing[], routing: Routing): ModelListing[] {
  const now = routing.now();
  return models.map((m) => {
    const keys = m.targets ?? [`${m.owned_by}/${m.id}`];
    for (const k of keys) {
      const ms = estimatedLatencyMs(routing.stats, k, now);
      if (ms !== undefined) return { ...m, estimated_latency_ms: ms };
    }
    return { ...m };
  });
}
