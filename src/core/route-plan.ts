import type { SwitchyardError } from "../ir/error.ts";
import { fitContextWindow } from "../routing/context-window.ts";
import { type CooldownStore, coolingDown, InMemoryCooldownStore } from "../routing/cooldown.ts";
import { type DeploymentCandidate, deploymentInfo, toDeployments } from "../routing/deployments.ts";
import { type Random, systemRandom } from "../routing/random.ts";
import { type RetryPolicy, retryPolicy } from "../routing/retry.ts";
import { parsePools, type RouteSpec } from "../routing/route.ts";
import { InMemoryStatsStore } from "../routing/stats.ts";
import {
  noCandidateError,
  plan,
  type RoundRobinCounters,
  type RoutePlan,
  withoutCoolingDown,
} from "../routing/strategies.ts";
import { checkCapabilities } from "./capabilities.ts";
import type { GatewayConfig } from "./gateway-types.ts";
import type { Decoded } from "./plan.ts";
import { type Providers, pickTarget, type Target } from "./providers-in-use.ts";

/** Injected clocks and randomness, so tests of retries and strategies are fast and deterministic. */
export interface RoutingHooks {
  /** Waits `ms` before a retry (default: a timer that the client's abort cuts short). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source for weighted order and backoff jitter (default `Math.random`). */
  rng?: Random;
  /** Epoch ms (default `Date.now`). */
  now?: () => number;
  /** A shared cooldown backend (default in memory, with `config.cooldown`). */
  cooldown?: CooldownStore;
}

/** Routing state of one gateway: pools, stats, cooldown, round-robin counters, the retry policy. */
export interface Routing {
  pools: Readonly<Record<string, RouteSpec>>;
  stats: InMemoryStatsStore;
  cooldown: CooldownStore;
  counters: RoundRobinCounters;
  policy: RetryPolicy;
  rng: Random;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Retries on the same deployment are off unless configured (`retry.maxAttemptsPerCandidate`):
 * the official SDKs already retry 429s and 5xx themselves, and two retry layers multiply
 * each other's waits. Failover to the route's next candidate is always on.
 */
const GATEWAY_RETRY: Partial<RetryPolicy> = { maxAttemptsPerCandidate: 1 };

export function createRouting(config: GatewayConfig, hooks: RoutingHooks = {}): Routing {
  return {
    pools: parsePools(config.pools),
    stats: new InMemoryStatsStore(),
    cooldown: hooks.cooldown ?? new InMemoryCooldownStore(config.cooldown),
    counters: new Map(),
    policy: retryPolicy({ ...GATEWAY_RETRY, ...config.retry }),
    rng: hooks.rng ?? systemRandom,
    now: hooks.now ?? Date.now,
    sleep: hooks.sleep ?? abortableSleep,
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The plan of one request: the targets to try, in order, and the plan (for `best_of`). */
export interface Planned {
  targets: Target[];
  plan: RoutePlan;
}

/**
 * routing/README.md steps 2–3: the route's candidates → deployments of usable providers →
 * the strategy's order → context-window fit → without deployments cooling down. A route
 * none of whose deployments is configured throws what `pickTarget` says (404 / 401 naming
 * the variable to set); candidates the catalog says cannot serve the request are skipped.
 */
export async function planTargets(d: Decoded, providers: Providers, r: Routing): Promise<Planned> {
  const all = toDeployments(d.route.candidates, { providers: providers.specs, aliases: providers.aliases });
  const usable = all.filter((c) => providers.byId.get(c.deployment.provider)?.usable === true);
  if (usable.length === 0) pickTarget(d.route.candidates[0]?.id ?? d.requestedModel, providers);
  let capabilityError: SwitchyardError | undefined;
  const able = usable.filter((c) => {
    try {
      checkCapabilities(d.ir, c.deployment);
      return true;
    } catch (e) {
      capabilityError ??= e as SwitchyardError;
      return false;
    }
  });
  if (able.length === 0 && capabilityError !== undefined) throw capabilityError;
  const now = r.now();
  // ~4 bytes a token; the wire size when the server knew it (re-serialising a long prompt costs)
  const inputTokens = Math.ceil((d.bodyBytes ?? JSON.stringify(d.body ?? null).length) / 4);
  const reserved = d.ir.max_output_tokens ?? 0;
  const p = plan(
    { ...d.route, candidates: able },
    {
      stats: r.stats,
      rng: r.rng,
      now,
      counters: r.counters,
      estimate: { inputTokens, outputTokens: reserved || 512, stream: d.stream },
      info: deploymentInfo,
    },
  );
  const fit = fitContextWindow(p.candidates, inputTokens + reserved, deploymentInfo);
  const asked = coolingDown(
    r.cooldown,
    fit.candidates.map((c) => c.id),
    now,
  );
  // an in-memory store answers at once: no turn of the event loop on the request path
  const cooling = asked instanceof Promise ? await asked : asked;
  const ordered = withoutCoolingDown(fit.candidates, (c) => cooling.has(c.id)) as DeploymentCandidate[];
  const full: RoutePlan = { ...p, candidates: ordered, excluded: [...p.excluded, ...fit.excluded] };
  if (ordered.length === 0) throw noCandidateError(full);
  const targets = ordered.map((c) => ({
    deployment: c.deployment,
    provider: providers.byId.get(c.deployment.provider)!,
    name: c.name,
  }));
  return { targets, plan: full };
}
