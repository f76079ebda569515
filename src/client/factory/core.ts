import { createGateway } from "../../core/gateway.ts";
import type { Gateway, GatewayConfig, GatewayResult, ProviderConfig } from "../../core/gateway-types.ts";
import { FORMATS } from "../../formats/registry.ts";
import { SwitchyardError } from "../../ir/error.ts";
import { type Env, resolveProvider } from "../../providers/credentials.ts";
import { PROVIDERS, providerById } from "../../providers/registry.ts";

/** How a factory model reaches its provider. Anything left out comes from the environment. */
export interface FactoryConfig {
  /** Beats `<PROVIDER>_API_KEY`. */
  apiKey?: string;
  /** Beats `<PROVIDER>_BASE_URL`, which beats the provider's default base URL. */
  baseURL?: string;
  /** Extra headers sent to the provider with every request. */
  headers?: Record<string, string>;
  /** The environment credentials are read from (defaults to `process.env`). */
  env?: Env;
  /** Default request timeout in ms (a call's own `timeout` wins). */
  timeout?: number;
}

/**
 * The core, in-process, with exactly one provider enabled: the credentials go through the
 * gateway's own resolution (src/providers/credentials.ts: parameter, then environment, then
 * default), so the factory has no credential logic of its own.
 */
export function gatewayFor(provider: string, config: FactoryConfig): Core {
  const providers: Record<string, ProviderConfig> = {};
  for (const spec of PROVIDERS) providers[spec.id] = { enabled: false };
  providers[provider] = {
    ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
    ...(config.baseURL === undefined ? {} : { baseURL: config.baseURL }),
    ...(config.headers === undefined ? {} : { headers: config.headers }),
  };
  const gc: GatewayConfig = { providers, ...(config.env === undefined ? {} : { env: config.env }) };
  const spec = providerById(provider);
  // the same resolution the gateway just did, read back only to tell the caller where calls go
  const baseURL = spec === undefined ? "" : resolveProvider(spec, providers[provider], config.env).baseURL;
  return { gateway: createGateway(gc), baseURL };
}

/** A model's core: the in-process gateway, and the base URL its provider resolved to. */
export interface Core {
  gateway: Gateway;
  baseURL: string;
}

const noHeaders = (): undefined => undefined;

export { noHeaders };

/** A whole result body as bytes (a stream result is drained). */
export async function resultBytes(result: GatewayResult): Promise<Uint8Array> {
  if (result.kind === "json") {
    return result.body instanceof Uint8Array
      ? result.body
      : new TextEncoder().encode(JSON.stringify(result.body));
  }
  const parts: Uint8Array[] = [];
  for await (const c of result.chunks) parts.push(typeof c === "string" ? new TextEncoder().encode(c) : c);
  return Buffer.concat(parts);
}

/** A whole result body parsed as JSON. */
export async function resultJson(result: GatewayResult): Promise<unknown> {
  if (result.kind === "json" && !(result.body instanceof Uint8Array)) return result.body;
  return JSON.parse(new TextDecoder().decode(await resultBytes(result)));
}

/** A failed result (status ≥ 400, in OpenAI's shape on these surfaces) → the typed error. */
export async function failure(result: GatewayResult): Promise<SwitchyardError | undefined> {
  if (result.status < 400) return undefined;
  let body: unknown;
  try {
    body = await resultJson(result);
  } catch {
    body = undefined;
  }
  return FORMATS["openai-responses"].decodeError(result.status, body, (n) => result.headers[n]);
}

/**
 * Aborts after `ms`; `timedOut()` tells a timeout from the caller's own abort, so the error
 * can say which. `clear()` must run when the call is over.
 */
export function deadline(
  ms: number | undefined,
  signal: AbortSignal | undefined,
): { signal: AbortSignal | undefined; timedOut: () => boolean; clear: () => void } {
  if (ms === undefined) return { signal, timedOut: () => false, clear: () => {} };
  const ctl = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    ctl.abort(new Error("timeout"));
  }, ms);
  const combined = signal === undefined ? ctl.signal : AbortSignal.any([signal, ctl.signal]);
  return { signal: combined, timedOut: () => fired, clear: () => clearTimeout(timer) };
}

export function timeoutError(what: string, ms: number): SwitchyardError {
  return new SwitchyardError({
    kind: "timeout",
    message: `${what}: no complete answer within the ${ms} ms timeout`,
    code: "timeout",
  });
}

/** What every factory model shares: its name and its own in-process core. */
export class CoreModel {
  readonly provider: string;
  readonly model: string;
  /** Where the provider is called: `config.baseURL`, else `<PROVIDER>_BASE_URL`, else its default. */
  readonly baseURL: string;
  protected readonly core: Gateway;
  protected readonly timeout: number | undefined;

  constructor(provider: string, model: string, core: Core, timeout?: number) {
    this.provider = provider;
    this.model = model;
    this.core = core.gateway;
    this.baseURL = core.baseURL;
    this.timeout = timeout;
  }

  /** `provider/model`, as the core addresses it. */
  get id(): string {
    return `${this.provider}/${this.model}`;
  }

  /** Releases the core's upstream connection pools. */
  close(): Promise<void> {
    return this.core.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
