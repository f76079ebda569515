import OpenAI, { type ClientOptions } from "openai";
import { createGateway } from "../core/gateway.ts";
import type { Gateway, GatewayConfig, Timeouts } from "../core/gateway-types.ts";
import type { GatewayHooks } from "../core/record.ts";
import type { Env } from "../providers/credentials.ts";
import {
  type CooldownOptions,
  type CooldownStore,
  InMemoryCooldownStore,
  isCooldownStore,
} from "./cooldown.ts";
import {
  type AttemptInfo,
  createInProcessFetch,
  IN_PROCESS_BASE_URL,
  type InProcessFetch,
  isInProcessFetch,
} from "./dropin-fetch.ts";
import { normalizePools, type Pools } from "./pools.ts";
import { routerRetryPolicy } from "./router-retry.ts";
import type { RetryOptions } from "./router-types.ts";

/**
 * The drop-in OpenAI client (docs/openai-dropin.md): the official `openai` SDK's `OpenAI`
 * class, whose requests never leave the process — its `fetch` hands each one to the gateway
 * core (the same translation and routing as the server), so every method, parameter, return
 * type, stream helper, `.withResponse()` and error class is the SDK's own. The model may name
 * a capability pool: its members serve in order, failing ones are skipped and cooled down.
 *
 * ```ts
 * const client = new SwitchyardOpenAI({
 *   pools: { "text-generation": ["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash"] },
 * });
 * const r = await client.chat.completions.create({ model: "text-generation", messages });
 * ```
 */

/** The SDK's options the drop-in keeps (not `apiKey`, `baseURL`, `fetch`: requests stay in-process). */
export type SwitchyardOpenAIClientOptions = Omit<
  ClientOptions,
  "apiKey" | "adminAPIKey" | "baseURL" | "fetch" | "dangerouslyAllowBrowser"
>;

export interface SwitchyardOpenAIOptions extends SwitchyardOpenAIClientOptions {
  /** Virtual model name → model names, best first (`"text-generation": ["gpt-4o", "claude-sonnet-4-5"]`). */
  pools?: Readonly<Record<string, readonly string[]>>;
  /** Per provider: key, base URL, headers, enabled; named instances with `type` (as the gateway's config). */
  providers?: GatewayConfig["providers"];
  /** Where credentials not given in `providers` are read from. Default `process.env`. */
  env?: Env;
  /** Upstream timeouts (as the gateway's config). */
  timeouts?: Timeouts;
  /** Cooldown settings for the in-memory store, or a store of your own (shared between processes). */
  cooldown?: CooldownOptions | CooldownStore;
  /** The clock cooldowns are measured with (epoch ms). Default `Date.now`. */
  now?: () => number;
  /**
   * Retries on the same model before moving on to the pool's next (as the Router's `retry`).
   * Default: none — the pool's next model is tried at once, and the SDK's own retries are off.
   */
  retry?: RetryOptions;
  /** How a backoff is waited out (tests pass an instant one). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called after every try of a model (the failed ones and the one that served). */
  onAttempt?: (a: AttemptInfo) => void;
  /** The gateway core's hooks (`onRecord`: one record per upstream request). */
  hooks?: GatewayHooks;
}

/** The key handed to the SDK: it authenticates nothing (requests never leave the process). */
const IN_PROCESS_KEY = "switchyard-in-process";

export class SwitchyardOpenAI extends OpenAI {
  /** The pools, as given (checked and frozen). */
  readonly pools: Pools;
  /** The cooldown state: the in-memory store unless one was given. */
  readonly cooldown: CooldownStore;
  readonly #gateway: Gateway;

  constructor(options: SwitchyardOpenAIOptions = {}) {
    const { pools, providers, env, timeouts, cooldown, now, sleep, retry, onAttempt, hooks, ...sdk } =
      options;
    // `withOptions` builds a new client from the old one's options, its in-process fetch
    // included: the clone shares the core, the pools and the cooldown state
    const inherited: unknown = (options as { fetch?: unknown }).fetch;
    let fetch: InProcessFetch;
    if (isInProcessFetch(inherited)) fetch = inherited;
    else {
      const checked = normalizePools(pools);
      const store = isCooldownStore(cooldown) ? cooldown : new InMemoryCooldownStore(cooldown);
      const gateway = createGateway(
        {
          ...(providers === undefined ? {} : { providers }),
          ...(env === undefined ? {} : { env }),
          ...(timeouts === undefined ? {} : { timeouts }),
          // a pool is a fallback route; without `retry` the pool is the retry mechanism
          pools: Object.fromEntries(Object.entries(checked).map(([name, models]) => [name, [...models]])),
          retry: { maxAttemptsPerCandidate: 1, ...(retry === undefined ? {} : routerRetryPolicy(retry)) },
        },
        hooks ?? {},
        { cooldown: store, ...(now === undefined ? {} : { now }), ...(sleep === undefined ? {} : { sleep }) },
      );
      fetch = createInProcessFetch({ gateway, pools: checked, cooldown: store, onAttempt });
    }
    super({
      // the pools are the retry mechanism: the SDK's own retries would run the whole pool again
      maxRetries: 0,
      ...sdk,
      apiKey: IN_PROCESS_KEY,
      baseURL: IN_PROCESS_BASE_URL,
      fetch,
    });
    this.pools = fetch.switchyard.pools;
    this.cooldown = fetch.switchyard.cooldown;
    this.#gateway = fetch.switchyard.gateway;
  }

  /** Closes the core's upstream connection pools. The client is not used after this. */
  async close(): Promise<void> {
    await this.#gateway.close();
  }
}

export type { AttemptInfo } from "./dropin-fetch.ts";
