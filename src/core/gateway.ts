import { FORMATS } from "../formats/registry.ts";
import type { SwitchyardError } from "../ir/error.ts";
import type { FormatId } from "../ir/stop-reason.ts";
import { createHttpClient } from "../transport/http.ts";
import { handleAux } from "./aux.ts";
import { callHeaders, type Deps, recordCall, streamFailure } from "./deps.ts";
import { errorResult } from "./errors.ts";
import type { Gateway, GatewayConfig, GatewayRequest, GatewayResult, ModelListing } from "./gateway-types.ts";
import { listModels } from "./models.ts";
import { passthrough } from "./passthrough.ts";
import { type Call, planCall } from "./plan.ts";
import { providersInUse } from "./providers-in-use.ts";
import { emit, type GatewayHooks } from "./record.ts";
import { createRedactor } from "./redact.ts";
import { newRequestId, resultHeaders } from "./result-headers.ts";
import { translate } from "./translate.ts";

/**
 * The request core (DESIGN.md §1) behind the HTTP server: decode the surface, resolve the
 * model, pass through or translate, encode. Everything per gateway — credentials, the
 * upstream connection pools, the model list — is built here once; a request only reads it.
 * `handle` never throws: every failure is a result in the surface's error format.
 */
export function createGateway(config: GatewayConfig, hooks: GatewayHooks = {}): Gateway {
  const providers = providersInUse(config);
  const deps: Deps = {
    http: createHttpClient(config.timeouts),
    redactor: createRedactor(providers.secrets),
    hooks,
  };
  const models: readonly ModelListing[] = listModels(providers, Math.floor(Date.now() / 1000));

  async function handle(req: GatewayRequest): Promise<GatewayResult> {
    const requestId = newRequestId();
    const started = performance.now();
    const surface: FormatId = Object.hasOwn(FORMATS, req.surface) ? req.surface : "openai-responses";
    let call: Call | undefined;
    try {
      call = planCall({ ...req, surface }, providers, requestId, started);
      return await (call.passthrough ? passthrough(call, deps) : translate(call, deps));
    } catch (e) {
      const err: SwitchyardError = streamFailure(e, call?.target.deployment.provider ?? "upstream");
      const result = errorResult(
        surface,
        err,
        call === undefined ? resultHeaders(requestId) : callHeaders(call),
        deps.redactor,
      );
      if (call !== undefined) recordCall(deps, call, { status: result.status, error: err });
      else
        emit(hooks, {
          requestId,
          surface,
          status: result.status,
          stream: req.stream === true,
          passthrough: false,
          durationMs: performance.now() - started,
          error: { kind: err.kind, message: deps.redactor.text(err.message) },
        });
      return result;
    }
  }

  return {
    handle,
    handleAux: (req) => handleAux(req, providers, deps),
    models: () => models.map((m) => ({ ...m })),
    close: () => deps.http.close(),
  };
}
