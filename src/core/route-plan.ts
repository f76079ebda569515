import type { SwitchyardError } from "../ir/error.ts";
import { fitContextWindow } from "../routing/context-window.ts";
import { type CooldownStore, coolingDown, InMemoryCooldownStore } from "../routing/cooldown.ts";
import { type DeploymentCandidate, deploymentInfo, toDeployments } from "../routing/deployments.ts";
import { type Random, systemRandom } from "../routing/random.ts";
import { type RetryPolicy, retryPolicy } from "../routing/retry.ts";
import { type Candidate, parsePools, type RouteSpec } from "../routing/route.ts";
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
 * routing/README.md step 2: the route's candidates → deployments of usable providers that
 * `check` accepts (it throws what makes one unable). None configured → what `pickTarget`
 * says (404 / 401 naming the variable to set); none able → the first refusal.
 */
export function usableDeployments(
  route: RouteSpec,
  providers: Providers,
  check: (t: Target) => void,
): DeploymentCandidate[] {
  const all = toDeployments(route.candidates, { providers: providers.specs, aliases: providers.aliases });
  const usable = all.filter((c) => providers.byId.get(c.deployment.provider)?.usable === true);
  if (usable.length === 0) pickTarget(route.candidates[0]?.id ?? "", providers);
  let refusal: SwitchyardError | undefined;
  const able = usable.filter((c) => {
    try {
      check(targetOf(c, providers));
      return true;
    } catch (e) {
      refusal ??= e as SwitchyardError;
      return false;
    }
  });
  if (able.length === 0 && refusal !== undefined) throw refusal;
  return able;
}

/**
 * routing/README.md step 3, for candidates bound to deployments (`id` = deployment key): the
 * strategy's order → context-window fit (`fitTokens`) → deployments cooling down last.
 * Nothing left → `noCandidateError`.
 */
export async function orderDeployments<C extends Candidate>(
  route: RouteSpec,
  candidates: readonly C[],
  r: Routing,
  estimate: { inputTokens: number; outputTokens: number; stream: boolean },
  fitTokens: number,
): Promise<{ ordered: C[]; plan: RoutePlan }> {
  const now = r.now();
  const p = plan(
    { ...route, candidates: [...candidates] },
    { stats: r.stats, rng: r.rng, now, counters: r.counters, estimate, info: deploymentInfo },
  );
  const fit = fitContextWindow(p.candidates, fitTokens, deploymentInfo);
  const asked = coolingDown(
    r.cooldown,
    fit.candidates.map((c) => c.id),
    now,
  );
  // an in-memory store answers at once: no turn of the event loop on the request path
  const cooling = asked instanceof Promise ? await asked : asked;
  const ordered = withoutCoolingDown(fit.candidates, (c) => cooling.has(c.id)) as C[];
  const full: RoutePlan = { ...p, candidates: ordered, excluded: [...p.excluded, ...fit.excluded] };
  if (ordered.length === 0) throw noCandidateError(full);
  return { ordered, plan: full };
}

/**
 * routing/README.md steps 2–3 for a surface request: deployments able to take it (the
 * catalog's capabilities), ordered, sized by the request's estimated tokens.
 */
export async function planTargets(d: Decoded, providers: Providers, r: Routing): Promise<Planned> {
  const able = usableDeployments(d.route, providers, (t) => checkCapabilities(d.ir, t.deployment));
  // ~4 bytes a token; the wire size when the server knew it (re-serialising a long prompt costs)
  const inputTokens = Math.ceil((d.bodyBytes ?? JSON.stringify(d.body ?? null).length) / 4);
  const reserved = d.ir.max_output_tokens ?? 0;
  const { ordered, plan: full } = await orderDeployments(
    d.route,
    able,
    r,
    { inputTokens, outputTokens: reserved || 512, stream: d.stream },
    inputTokens + reserved,
  );
  return { targets: ordered.map((c) => targetOf(c, providers)), plan: full };
}

/** A deployment of a configured provider as the attempt loop's target. */
export function targetOf(c: DeploymentCandidate, providers: Providers): Target {
  return { deployment: c.deployment, provider: providers.byId.get(c.deployment.provider)!, name: c.name };
}
