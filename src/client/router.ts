import type { GatewayConfig, ProviderConfig } from "../core/gateway-types.ts";
import { countIRTokens } from "../core/ir-count.ts";
import {
  type IRCandidate,
  type IRRoutedOutcome,
  orderCandidates,
  runRouted,
  streamRouted,
} from "../core/ir-route.ts";
import { createIRCore, type IRCore, type IRRunOptions, planIR } from "../core/ir-run.ts";
import { createRouting, type Routing } from "../core/route-plan.ts";
import { invalidRequest, SwitchyardError } from "../ir/error.ts";
import { replayAsStream } from "../ir/replay.ts";
import type { IRRequest } from "../ir/request.ts";
import type { IRStreamEvent } from "../ir/stream.ts";
import { PROVIDERS } from "../providers/index.ts";
import {
  answerText,
  type BestOfAnswer,
  judgePrompt,
  longestAnswer,
  parseJudgeChoice,
  requestText,
} from "../routing/best-of.ts";
import { resolveModel } from "../routing/resolve.ts";
import { parseRoute, type RouteSpec } from "../routing/route.ts";
import { type ProviderClientConfig, providerConfigOf, type RegistrableClient } from "./register.ts";
import { irRequestOf, routerResponseOf } from "./router-request.ts";
import { routerRetryPolicy } from "./router-retry.ts";
import type {
  BestOfOptions,
  CountTokensResult,
  RouteObject,
  RouterCreateParams,
  RouterOptions,
  RouterResponse,
} from "./router-types.ts";

function runOptions(params: Omit<RouterCreateParams, "stream">): IRRunOptions {
  return {
    ...(params.signal === undefined ? {} : { signal: params.signal }),
    ...(params.provider_kwargs === undefined ? {} : { extraBody: params.provider_kwargs }),
  };
}

interface Planned {
  core: IRCore;
  spec: RouteSpec;
  candidates: IRCandidate[];
  ir: IRRequest;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function selectOf(model: unknown): BestOfOptions["select"] | undefined {
  if (typeof model !== "object" || model === null || Array.isArray(model)) return undefined;
  const bo: unknown = (model as { best_of?: unknown }).best_of;
  if (typeof bo !== "object" || bo === null) return undefined;
  const fn: unknown = (bo as { select?: unknown }).select;
  return typeof fn === "function" ? (fn as BestOfOptions["select"]) : undefined;
}

/** A `best_of` answer, streamed: it is whole before it is picked, so its events are replayed. */
async function* replayed(
  answer: Promise<RouterResponse>,
): AsyncGenerator<IRStreamEvent, RouterResponse, undefined> {
  const res = await answer;
  if (res.response !== undefined && res.error === undefined) yield* replayAsStream(res.response);
  return res;
}

/**
 * The Responses API as the common interface to every provider, in-process over the gateway's
 * core (no HTTP server): register SDK clients or provider configs, then `create` with the
 * Responses parameters. Output comes back as `ChatMessage`s that can continue the
 * conversation on any provider.
 */
export class Router {
  readonly #clients = new Map<string, ProviderClientConfig>();
  readonly #options: RouterOptions;
  /** The routing layer's state (pools, stats, cooldown, round-robin counters, retry policy). */
  readonly #routing: Routing;
  #core: IRCore | undefined;

  constructor(options: RouterOptions = {}) {
    this.#options = options;
    this.#routing = createRouting({
      ...(options.pools === undefined ? {} : { pools: options.pools }),
      retry: routerRetryPolicy(options.retry),
      ...(options.cooldown === undefined ? {} : { cooldown: options.cooldown }),
    });
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
    const planned = this.#plan(params);
    if (planned.spec.strategy === "best_of") {
      // every answer is needed whole before one is picked: asked without streaming, replayed after
      const whole = params.stream === true ? this.#plan({ ...params, stream: false }) : planned;
      const answer = this.#bestOf(whole, params, started);
      return params.stream === true ? replayed(answer) : answer;
    }
    if (params.stream === true) return this.#stream(planned, params, started);
    return this.#run(planned, params, started);
  }

  /** Input tokens of a request, counted by the provider that would serve it (see `CountTokensResult.method`). */
  async countTokens(params: Omit<RouterCreateParams, "stream">): Promise<CountTokensResult> {
    if (typeof params !== "object" || params === null) throw invalidRequest("", "create parameters");
    const core = this.#coreNow();
    const first = this.#spec(params.model).candidates[0]!;
    const model = this.#route(first.id);
    return countIRTokens(core, irRequestOf({ ...params, stream: false }, model), runOptions(params));
  }

  /** Closes the upstream connection pools. */
  async close(): Promise<void> {
    const core = this.#core;
    this.#core = undefined;
    await core?.close();
  }

  /** `model` in any form → the routing layer's route (pools expanded); a `best_of.select` function is kept aside. */
  #spec(model: unknown): RouteSpec & { select?: BestOfOptions["select"] } {
    const select = selectOf(model);
    if (select !== undefined) {
      const { select: _fn, ...bestOf } = (model as RouteObject).best_of as BestOfOptions;
      model = { ...(model as RouteObject), best_of: bestOf };
    }
    const spec = parseRoute(model, { pools: this.#routing.pools });
    return select === undefined ? spec : { ...spec, select };
  }

  /**
   * The route, each candidate resolved to a registered client, checked and encoded. Throws
   * (before anything is sent) for malformed requests and unknown models; a candidate that
   * cannot take the request (capabilities) is skipped unless none can.
   */
  #plan(params: RouterCreateParams): Planned {
    if (typeof params !== "object" || params === null) throw invalidRequest("", "create parameters");
    const spec = this.#spec(params.model);
    const core = this.#coreNow();
    const opts = runOptions(params);
    const routed = spec.candidates.map((c) => ({ ...c, id: this.#route(c.id) }));
    const ir = irRequestOf(params, routed[0]!.id);
    const candidates: IRCandidate[] = [];
    let firstError: unknown;
    for (const c of routed) {
      try {
        candidates.push({ ...c, plan: planIR(core, { ...ir, model: c.id }, opts) });
      } catch (e) {
        firstError ??= e;
      }
    }
    if (candidates.length === 0) throw firstError;
    return { core, spec: { ...spec, candidates: routed }, candidates, ir };
  }

  async #ordered(p: Planned, stream: boolean): Promise<IRCandidate[]> {
    return orderCandidates(p.spec, p.candidates, this.#routing, {
      inputTokens: Math.ceil(JSON.stringify([p.ir.instructions ?? "", p.ir.input]).length / 4),
      outputTokens: p.ir.max_output_tokens ?? 0,
      stream,
    });
  }

  async #run(p: Planned, params: RouterCreateParams, started: number): Promise<RouterResponse> {
    const ordered = await this.#ordered(p, false);
    const outcome = await runRouted(p.core, ordered, this.#routing, params.signal);
    return this.#response(outcome, params, started);
  }

  /** Fails over (or retries) only before the first event: once events were yielded, a failure ends the stream. */
  async *#stream(
    p: Planned,
    params: RouterCreateParams,
    started: number,
  ): AsyncGenerator<IRStreamEvent, RouterResponse, undefined> {
    const ordered = await this.#ordered(p, true);
    const outcome = yield* streamRouted(p.core, ordered, this.#routing, params.signal);
    return this.#response(outcome, params, started);
  }

  /**
   * `best_of`: the first n ordered candidates answer at once (each through the attempt loop);
   * the caller's `select`, else the judge, else the longest answer picks one.
   */
  async #bestOf(p: Planned, params: RouterCreateParams, started: number): Promise<RouterResponse> {
    const spec = p.spec as RouteSpec & { select?: BestOfOptions["select"] };
    const n = spec.best_of?.n ?? 2;
    const ordered = (await this.#ordered(p, false)).slice(0, n);
    const answers = await Promise.all(
      ordered.map(async (c) =>
        this.#response(await runRouted(p.core, [c], this.#routing, params.signal), params, started),
      ),
    );
    const views: BestOfAnswer[] = answers.map((a) => ({
      provider: a.provider,
      model: a.model,
      text: a.response === undefined ? "" : answerText(a.response),
      ok: a.error === undefined,
    }));
    let picked: number | undefined;
    let judge: RouterResponse | undefined;
    if (spec.select !== undefined) {
      const k = await spec.select(answers);
      if (!Number.isInteger(k) || answers[k] === undefined || answers[k].error !== undefined) {
        throw invalidRequest(
          "model.best_of.select",
          `the index of an answer without error (got ${String(k)})`,
        );
      }
      picked = k;
    } else if (spec.best_of?.selector.kind === "judge" && views.filter((v) => v.ok).length > 1) {
      const prompt = judgePrompt(requestText(p.ir), views);
      judge = await this.create({
        model: spec.best_of.selector.model,
        instructions: prompt.instructions,
        input: prompt.input,
        ...(params.signal === undefined ? {} : { signal: params.signal }),
      });
      const reply = judge.response === undefined ? "" : answerText(judge.response);
      picked = parseJudgeChoice(reply, prompt.numbering);
    }
    picked ??= longestAnswer(views) ?? 0;
    const chosen = answers[picked]!;
    chosen.bestOf = { answers, picked, ...(judge === undefined ? {} : { judge }) };
    return chosen;
  }

  #response(o: IRRoutedOutcome, params: RouterCreateParams, started: number): RouterResponse {
    return routerResponseOf(
      { ...o, attempts: o.attempts.length, started, upstreamMs: o.upstreamMs },
      params.provider_kwargs,
    );
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
