import type { GatewayConfig, ProviderConfig } from "../core/gateway-types.ts";
import { countIRTokens } from "../core/ir-count.ts";
import {
  createIRCore,
  type IRCore,
  type IRPlan,
  type IRRunOptions,
  type IRRunOutcome,
  planIR,
  runPlanned,
  streamPlanned,
} from "../core/ir-run.ts";
import { invalidRequest, SwitchyardError } from "../ir/error.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { PROVIDERS } from "../providers/index.ts";
import { resolveModel } from "../routing/resolve.ts";
import { type ProviderClientConfig, providerConfigOf, type RegistrableClient } from "./register.ts";
import { irRequestOf, routerResponseOf } from "./router-request.ts";
import { type RetryPolicy, retryDelay, retryPolicy, sleep } from "./router-retry.ts";
import type { CountTokensResult, RouterCreateParams, RouterOptions, RouterResponse } from "./router-types.ts";

function runOptions(params: Omit<RouterCreateParams, "stream">): IRRunOptions {
  return {
    ...(params.signal === undefined ? {} : { signal: params.signal }),
    ...(params.provider_kwargs === undefined ? {} : { extraBody: params.provider_kwargs }),
  };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The Responses API as the common interface to every provider, in-process over the gateway's
 * core (no HTTP server): register SDK clients or provider configs, then `create` with the
 * Responses parameters. Output comes back as `ChatMessage`s that can continue the
 * conversation on any provider.
 */
export class Router {
  readonly #clients = new Map<string, ProviderClientConfig>();
  readonly #options: RouterOptions;
  readonly #retry: RetryPolicy;
  #core: IRCore | undefined;

  constructor(options: RouterOptions = {}) {
    this.#options = options;
    this.#retry = retryPolicy(options.retry);
  }

  /**
   * Registers a client under `name`: an official SDK client (its key, base URL and default
   * headers are used) or `{ type, apiKey?, baseURL?, headers? }`. Address it as
   * `name/model`; bare model names go to the first registered client of their family.
   * Returns `this`, for chaining.
   */
  register(name: string, client: RegistrableClient): this {
    if (!NAME.test(name)) throw invalidRequest("name", "a name of letters, digits, '.', '_' or '-'");
    const config = providerConfigOf(client);
    const known = PROVIDERS.find((p) => p.id === name);
    if (known !== undefined && known.id !== config.type) {
      throw new SwitchyardError({
        kind: "invalid_request",
        message: `register: "${name}" is the name of the ${known.id} provider; register this ${config.type} client under another name`,
        param: "name",
      });
    }
    if (config.apiKey === undefined) {
      const spec = PROVIDERS.find((p) => p.id === config.type);
      const env = this.#options.env ?? process.env;
      const key = spec?.keyEnv.map((k) => env[k]).find((v) => v !== undefined && v !== "");
      if (key !== undefined) config.apiKey = key;
    }
    this.#clients.set(name, config);
    this.#reset();
    return this;
  }

  /** Registered names and their provider type (never keys). */
  clients(): Array<{ name: string; type: string; baseURL: string | undefined }> {
    return [...this.#clients].map(([name, c]) => ({ name, type: c.type, baseURL: c.baseURL }));
  }

  /**
   * Runs one Responses call. Provider failures (after retries) come back in `error`; a
   * malformed request, an unknown model or a model with no registered client throws a
   * `SwitchyardError` before anything is sent. With `stream: true`, an async generator of
   * IR (Responses) stream events whose return value is the `RouterResponse`.
   */
  create(
    params: RouterCreateParams & { stream: true },
  ): AsyncGenerator<IRStreamEvent, RouterResponse, undefined>;
  create(params: RouterCreateParams & { stream?: false }): Promise<RouterResponse>;
  create(
    params: RouterCreateParams,
  ): Promise<RouterResponse> | AsyncGenerator<IRStreamEvent, RouterResponse, undefined>;
  create(
    params: RouterCreateParams,
  ): Promise<RouterResponse> | AsyncGenerator<IRStreamEvent, RouterResponse, undefined> {
    const started = performance.now();
    const { core, plan } = this.#plan(params);
    if (params.stream === true) return this.#stream(core, plan, params, started);
    return this.#run(core, plan, params, started);
  }

  /** Input tokens of a request, counted by the provider that would serve it (see `CountTokensResult.method`). */
  async countTokens(params: Omit<RouterCreateParams, "stream">): Promise<CountTokensResult> {
    if (typeof params !== "object" || params === null) throw invalidRequest("", "create parameters");
    const core = this.#coreNow();
    const model = this.#route(params.model);
    return countIRTokens(core, irRequestOf({ ...params, stream: false }, model), runOptions(params));
  }

  /** Closes the upstream connection pools. */
  async close(): Promise<void> {
    const core = this.#core;
    this.#core = undefined;
    await core?.close();
  }

  #plan(params: RouterCreateParams): { core: IRCore; plan: IRPlan } {
    if (typeof params !== "object" || params === null) throw invalidRequest("", "create parameters");
    if (typeof params.model !== "string" || params.model === "")
      throw invalidRequest("model", "a model name");
    const core = this.#coreNow();
    const model = this.#route(params.model);
    const ir = irRequestOf(params, model);
    return { core, plan: planIR(core, ir, runOptions(params)) };
  }

  async #run(
    core: IRCore,
    plan: IRPlan,
    params: RouterCreateParams,
    started: number,
  ): Promise<RouterResponse> {
    let outcome: IRRunOutcome;
    let attempts = 0;
    for (;;) {
      attempts++;
      outcome = await runPlanned(core, plan);
      const wait =
        outcome.error === undefined ? undefined : retryDelay(outcome.error, attempts - 1, this.#retry);
      if (wait === undefined || params.signal?.aborted === true) break;
      await sleep(wait, params.signal);
    }
    return routerResponseOf({ ...outcome, attempts, started }, params.provider_kwargs);
  }

  /** Retries only before the first event: once events were yielded, a failure ends the stream. */
  async *#stream(
    core: IRCore,
    plan: IRPlan,
    params: RouterCreateParams,
    started: number,
  ): AsyncGenerator<IRStreamEvent, RouterResponse, undefined> {
    let attempts = 0;
    for (;;) {
      attempts++;
      const gen = streamPlanned(core, plan);
      let yielded = false;
      let step = await gen.next();
      while (step.done !== true) {
        yielded = true;
        yield step.value;
        step = await gen.next();
      }
      const outcome = step.value;
      const wait =
        outcome.error === undefined || yielded
          ? undefined
          : retryDelay(outcome.error, attempts - 1, this.#retry);
      if (wait === undefined || params.signal?.aborted === true) {
        return routerResponseOf({ ...outcome, attempts, started }, params.provider_kwargs);
      }
      await sleep(wait, params.signal);
    }
  }

  /**
   * A model name → `registered-name/model`: `name/model` when `name` is registered, else the
   * model's provider family (from the catalog and the providers' model prefixes) → the first
   * client registered for that family.
   */
  #route(model: string): string {
    const slash = model.indexOf("/");
    if (slash > 0 && this.#clients.has(model.slice(0, slash))) return model;
    if (this.#clients.size === 0) {
      throw new SwitchyardError({
        kind: "invalid_request",
        message: "Router: no client registered; call register() first",
      });
    }
    let family: string;
    let bare: string;
    try {
      const d = resolveModel(model, { providers: PROVIDERS })[0]!;
      family = d.provider;
      bare = d.model;
    } catch {
      throw new SwitchyardError({
        kind: "not_found",
        code: "model_not_found",
        param: "model",
        message: `Router: unknown model ${JSON.stringify(model)}; address a registered client as "name/model" (registered: ${[...this.#clients.keys()].join(", ")})`,
      });
    }
    for (const [name, c] of this.#clients) if (c.type === family) return `${name}/${bare}`;
    throw new SwitchyardError({
      kind: "not_found",
      code: "model_not_found",
      param: "model",
      message: `Router: ${JSON.stringify(model)} is a ${family} model and no ${family} client is registered (registered: ${[...this.#clients.keys()].join(", ")})`,
    });
  }

  #coreNow(): IRCore {
    if (this.#core !== undefined) return this.#core;
    const providers: Record<string, ProviderConfig> = {};
    for (const [name, c] of this.#clients) {
      providers[name] = {
        ...(PROVIDERS.some((p) => p.id === name) ? {} : { type: c.type }),
        ...(c.apiKey === undefined ? {} : { apiKey: c.apiKey }),
        ...(c.baseURL === undefined ? {} : { baseURL: c.baseURL }),
        ...(c.headers === undefined ? {} : { headers: c.headers }),
      };
    }
    const config: GatewayConfig = {
      providers,
      env: {},
      ...(this.#options.timeouts === undefined ? {} : { timeouts: this.#options.timeouts }),
    };
    this.#core = createIRCore(config, this.#options.hooks ?? {});
    return this.#core;
  }

  #reset(): void {
    const old = this.#core;
    this.#core = undefined;
    void old?.close();
  }
}
