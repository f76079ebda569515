import { SwitchyardError } from "../ir/error.ts";
import type { Usage } from "../ir/usage.ts";
import { type HttpClient, UpstreamFailure } from "../transport/http.ts";
import { asSwitchyardError, upstreamFailureError } from "./errors.ts";
import type { Call } from "./plan.ts";
import { emit, type GatewayHooks } from "./record.ts";
import type { Redactor } from "./redact.ts";
import { resultHeaders } from "./result-headers.ts";

/** What every request shares: built once per gateway. */
export interface Deps {
  http: HttpClient;
  redactor: Redactor;
  hooks: GatewayHooks;
}

/** The gateway's headers for a routed call (passthrough drops nothing: the body went as is). */
export function callHeaders(call: Call, dropped = call.dropped): Record<string, string> {
  return resultHeaders(
    call.requestId,
    { provider: call.target.deployment.provider, model: call.target.deployment.model },
    dropped,
  );
}

export interface Outcome {
  status: number;
  usage?: Usage | undefined;
  error?: SwitchyardError | undefined;
  firstChunkAt?: number | undefined;
}

/** Reports a finished call to the hooks. */
export function recordCall(deps: Deps, call: Call, o: Outcome): void {
  call.onStreamEnd?.(o);
  if (deps.hooks.onRecord === undefined) return;
  const now = performance.now();
  emit(deps.hooks, {
    requestId: call.requestId,
    surface: call.surface,
    requestedModel: call.requestedModel,
    provider: call.target.deployment.provider,
    model: call.target.deployment.model,
    status: o.status,
    stream: call.stream,
    passthrough: call.passthrough,
    ...(o.usage === undefined ? {} : { usage: o.usage }),
    durationMs: now - call.started,
    ...(o.firstChunkAt === undefined ? {} : { timeToFirstChunkMs: o.firstChunkAt - call.started }),
    ...(o.error === undefined
      ? {}
      : { error: { kind: o.error.kind, message: deps.redactor.text(o.error.message) } }),
  });
}

/** A failure while reading an upstream body → the error to report (timeouts name the phase). */
export function streamFailure(err: unknown, provider: string): SwitchyardError {
  if (err instanceof UpstreamFailure) return upstreamFailureError(err, provider);
  return asSwitchyardError(err);
}

/** An answer that stopped before its end without a transport error. */
export function truncated(provider: string): SwitchyardError {
  return new SwitchyardError({
    kind: "server",
    status: 502,
    message: `${provider}: the upstream stream ended before the answer was complete`,
  });
}

/** Upstream headers a client's SDK reads for its retry policy. */
export function retryHeaders(header: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["retry-after", "retry-after-ms", "x-should-retry"]) {
    const v = header(name);
    if (v !== undefined && v !== "") out[name] = v;
  }
  return out;
}
