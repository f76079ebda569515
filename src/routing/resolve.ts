import { SwitchyardError } from "../ir/error.ts";
import { catalogModel } from "../providers/catalog.ts";
import type { ProviderSpec } from "../providers/spec.ts";

/** One place a request can run: a provider and the model id it is sent under. */
export interface Deployment {
  provider: string;
  model: string;
}

export interface ResolveOptions {
  providers: readonly ProviderSpec[];
  /** Aliases and pools: a virtual name → one or more names, tried in order. */
  aliases?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * A model name → the deployments that can serve it, in order (DESIGN.md §4):
 * an alias or pool expands to its members; `provider/model` picks the provider explicitly
 * (the rest, slashes and `:free` included, is the provider's model id); a bare name resolves
 * through the catalog, then the longest matching known prefix (`gpt-`, `claude-`, `gemini-`…).
 * Pure: no I/O, no state.
 */
export function resolveModel(name: string, opts: ResolveOptions): Deployment[] {
  return expand(name, opts, []);
}

function expand(name: string, opts: ResolveOptions, seen: string[]): Deployment[] {
  const alias = opts.aliases?.[name];
  if (alias !== undefined) {
    if (seen.includes(name)) {
      throw new SwitchyardError({
        kind: "invalid_request",
        message: `alias cycle: ${[...seen, name].join(" → ")}`,
        param: "model",
      });
    }
    const members = typeof alias === "string" ? [alias] : alias;
    return members.flatMap((m) => expand(m, opts, [...seen, name]));
  }
  const slash = name.indexOf("/");
  if (slash > 0) {
    const provider = opts.providers.find((p) => p.id === name.slice(0, slash));
    if (provider !== undefined) return [{ provider: provider.id, model: name.slice(slash + 1) }];
  }
  const known = catalogModel(name);
  if (known !== undefined && opts.providers.some((p) => p.id === known.provider)) {
    return [{ provider: known.provider, model: name }];
  }
  let best: { provider: string; length: number } | undefined;
  for (const p of opts.providers) {
    for (const prefix of p.modelPrefixes ?? []) {
      if (name.startsWith(prefix) && (best === undefined || prefix.length > best.length)) {
        best = { provider: p.id, length: prefix.length };
      }
    }
  }
  if (best !== undefined) return [{ provider: best.provider, model: name }];
  throw new SwitchyardError({
    kind: "not_found",
    message: `unknown model ${JSON.stringify(name)}: name a known model, an alias, or pick a provider explicitly as "provider/model" (providers: ${opts.providers.map((p) => p.id).join(", ")})`,
    param: "model",
    code: "model_not_found",
  });
}
