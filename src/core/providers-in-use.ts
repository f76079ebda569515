import { SwitchyardError } from "../ir/error.ts";
import {
  type Env,
  isConfigured,
  PROVIDERS,
  type ProviderSpec,
  type ResolvedProvider,
  resolveProvider,
} from "../providers/index.ts";
import { type Deployment, resolveModel } from "../routing/resolve.ts";
import type { GatewayConfig } from "./gateway-types.ts";

/** A provider as this gateway sees it: credentials resolved once, at start. */
export interface ProviderInUse {
  spec: ProviderSpec;
  resolved: ResolvedProvider;
  /** Has a key (or needs none) and is not disabled: requests may go to it. */
  usable: boolean;
  disabled: boolean;
  /** Listed by `models()`: usable, and for key-optional local servers, asked for explicitly. */
  listed: boolean;
}

export interface Providers {
  byId: ReadonlyMap<string, ProviderInUse>;
  /** The known providers plus the config's named instances, for model resolution. */
  specs: readonly ProviderSpec[];
  aliases: Readonly<Record<string, string | readonly string[]>>;
  /** Every configured key, for scrubbing. */
  secrets: string[];
}

/**
 * Resolves every known provider against the config and the environment once (credentials by
 * priority: config beats environment beats default), so a request does no lookups.
 */
export function providersInUse(config: GatewayConfig): Providers {
  const env: Env = config.env ?? process.env;
  const byId = new Map<string, ProviderInUse>();
  const secrets: string[] = [];
  const specs = [...PROVIDERS, ...instances(config)];
  for (const spec of specs) {
    const pc = config.providers?.[spec.id];
    const overrides = {
      ...(pc?.apiKey === undefined ? {} : { apiKey: pc.apiKey }),
      ...(pc?.baseURL === undefined ? {} : { baseURL: pc.baseURL }),
      ...(pc?.headers === undefined ? {} : { headers: pc.headers }),
    };
    const resolved = resolveProvider(spec, overrides, env);
    const disabled = pc?.enabled === false;
    const usable = !disabled && isConfigured(resolved);
    // A local server (Ollama, vLLM, LM Studio) is callable by default, but only listed when
    // the config or the environment names it: most machines do not run one.
    const named = pc !== undefined || nonEmpty(env[spec.baseURLEnv]) || resolved.apiKey !== undefined;
    byId.set(spec.id, {
      spec,
      resolved,
      usable,
      disabled,
      listed: usable && (spec.keyOptional !== true || named),
    });
    if (resolved.apiKey !== undefined) secrets.push(resolved.apiKey);
  }
  return { byId, specs, aliases: config.aliases ?? {}, secrets };
}

/**
 * Config entries under a new name with `type` naming a known provider: an instance with its
 * own key and base URL (from the config only — an instance reads no environment variables),
 * reached as `<name>/<model>` (no prefix matching, so bare names keep their usual provider).
 */
function instances(config: GatewayConfig): ProviderSpec[] {
  const out: ProviderSpec[] = [];
  for (const [id, pc] of Object.entries(config.providers ?? {})) {
    if (PROVIDERS.some((p) => p.id === id)) continue;
    const base = PROVIDERS.find((p) => p.id === pc.type);
    if (base === undefined) {
      throw new SwitchyardError({
        kind: "invalid_request",
        message: `providers.${id}: unknown provider; set type to one of ${PROVIDERS.map((p) => p.id).join(", ")}`,
      });
    }
    const { modelPrefixes: _prefixes, ...rest } = base;
    out.push({ ...rest, id, name: `${base.name} (${id})`, keyEnv: [], baseURLEnv: "" });
  }
  return out;
}

function nonEmpty(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== "";
}

export interface Target {
  deployment: Deployment;
  provider: ProviderInUse;
  /** The route candidate as written (a pool member, an alias), when it came from a route. */
  name?: string;
}

/**
 * A model name → the first deployment whose provider can be called. Throws the error the
 * client should see: unknown model (404 `model_not_found`, saying how to name one), or a
 * provider without credentials (naming the variable to set — never a key).
 */
export function pickTarget(name: string, providers: Providers): Target {
  const deployments = resolveModel(name, { providers: providers.specs, aliases: providers.aliases });
  for (const d of deployments) {
    const p = providers.byId.get(d.provider);
    if (p?.usable === true) return { deployment: d, provider: p };
  }
  throw notConfigured(name, deployments, providers);
}

function notConfigured(name: string, deployments: Deployment[], providers: Providers): SwitchyardError {
  const first = deployments[0];
  const p = first === undefined ? undefined : providers.byId.get(first.provider);
  if (p === undefined) {
    return new SwitchyardError({
      kind: "not_found",
      message: `model ${JSON.stringify(name)} resolves to no deployment`,
      param: "model",
      code: "model_not_found",
    });
  }
  const via =
    deployments.length > 1
      ? ` (none of the ${deployments.length} deployments of ${JSON.stringify(name)} is configured)`
      : "";
  const message = p.disabled
    ? `provider "${p.spec.id}" is disabled in the gateway config (providers.${p.spec.id}.enabled: false), so ${JSON.stringify(name)} cannot be served${via}`
    : `provider "${p.spec.id}" has no API key: set ${p.spec.keyEnv.join(" or ")} (or providers.${p.spec.id}.apiKey in the gateway config) to use ${JSON.stringify(name)}${via}`;
  return new SwitchyardError({ kind: "authentication", message, code: "provider_not_configured" });
}
