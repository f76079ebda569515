import type { ProviderSpec } from "./spec.ts";

export interface ProviderOverrides {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
}

export interface ResolvedProvider {
  spec: ProviderSpec;
  apiKey: string | undefined;
  baseURL: string;
  headers: Record<string, string>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Credentials by priority (DESIGN.md §4): an explicit parameter beats the environment, which
 * beats the default. A trailing slash on a base URL is dropped so paths join cleanly.
 */
export function resolveProvider(
  spec: ProviderSpec,
  overrides: ProviderOverrides = {},
  env: Env = process.env,
): ResolvedProvider {
  const apiKey = overrides.apiKey ?? firstSet(spec.keyEnv, env);
  const baseURL = (overrides.baseURL ?? nonEmpty(env[spec.baseURLEnv]) ?? spec.baseURL).replace(/\/+$/, "");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    const v = interpolate(value, env);
    if (v !== "") headers[name] = v;
  }
  Object.assign(headers, overrides.headers);
  return { spec, apiKey, baseURL, headers };
}

/** Whether the provider can be called: it has a key, or needs none. */
export function isConfigured(p: ResolvedProvider): boolean {
  return p.apiKey !== undefined || p.spec.keyOptional === true;
}

/** The request headers that carry the key, in the provider's own style. */
export function authHeaders(p: ResolvedProvider): Record<string, string> {
  if (p.apiKey === undefined) return {};
  switch (p.spec.auth) {
    case "bearer":
      return { authorization: `Bearer ${p.apiKey}` };
    case "x-api-key":
      return { "x-api-key": p.apiKey };
    case "x-goog-api-key":
      return { "x-goog-api-key": p.apiKey };
    default:
      return p.spec.auth satisfies never;
  }
}

function firstSet(names: readonly string[], env: Env): string | undefined {
  for (const n of names) {
    const v = nonEmpty(env[n]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

/** `${VAR}` → the variable's value (empty when unset); `${VAR:-default}` falls back to `default`. */
export function interpolate(s: string, env: Env): string {
  return s.replace(
    /\$\{([A-Za-z0-9_]+)(?::-([^}]*))?\}/g,
    (_, name: string, fallback: string | undefined) => {
      const v = env[name];
      return v === undefined || v === "" ? (fallback ?? "") : v;
    },
  );
}
