import { CATALOG, catalogModel } from "../providers/index.ts";
import { resolveModel } from "../routing/resolve.ts";
import type { RouteSpec } from "../routing/route.ts";
import type { ModelListing } from "./gateway-types.ts";
import type { Providers } from "./providers-in-use.ts";

/**
 * `GET /v1/models`: the catalog models of the providers this gateway can call, then the
 * aliases (owned by "switchyard", with what they resolve to), in OpenAI's list-row shape plus
 * capabilities, pricing and limits. Computed once per gateway: the inputs do not change.
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export function listModels(
  providers: Providers,
  created: number,
  pools: Readonly<Record<string, RouteSpec>> = {},
): ModelListing[] {
  const rows: ModelListing[] = [];
  const aliasNames = new Set([...Object.keys(providers.aliases), ...Object.keys(pools)]);
  for (const m of CATALOG) {
    if (providers.byId.get(m.provider)?.listed !== true || aliasNames.has(m.id)) continue;
    rows.push({
      id: m.id,
      object: "model",
      created,
      owned_by: m.provider,
      capabilities: [...m.capabilities],
      pricing: { ...m.pricing },
      limits: { context_window: m.context_window, max_output_tokens: m.max_output_tokens },
    });
  }
  const virtual: [string, readonly string[], string | undefined][] = [
    ...Object.entries(pools).map(([name, spec]): [string, readonly string[], string | undefined] => [
      name,
      spec.candidates.map((c) => c.id),
      spec.strategy,
    ]),
    ...Object.entries(providers.aliases)
      .filter(([name]) => !Object.hasOwn(pools, name))
      .map(([name, m]): [string, readonly string[], string | undefined] => [
        name,
        typeof m === "string" ? [m] : m,
        undefined,
      ]),
  ];
  for (const [name, members, strategy] of virtual) {
    let targets: string[];
    try {
      targets = members.flatMap((m) =>
        resolveModel(m, { providers: providers.specs, aliases: providers.aliases }).map(
          (d) => `${d.provider}/${d.model}`,
        ),
      );
    } catch {
      targets = [...members];
    }
    const first = targets[0];
    const slash = first === undefined ? -1 : first.indexOf("/");
    const known = first === undefined ? undefined : catalogModel(slash > 0 ? first.slice(slash + 1) : first);
    rows.push({
      id: name,
      object: "model",
      created,
      owned_by: "switchyard",
      capabilities: known === undefined ? [] : [...known.capabilities],
      ...(known === undefined
        ? {}
        : {
            pricing: { ...known.pricing },
            limits: { context_window: known.context_window, max_output_tokens: known.max_output_tokens },
          }),
      targets,
      ...(strategy === undefined ? {} : { strategy }),
    });
  }
  return rows;
}
