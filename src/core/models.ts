import { CATALOG, catalogModel } from "../providers/index.ts";
import { resolveModel } from "../routing/resolve.ts";
import type { ModelListing } from "./gateway-types.ts";
import type { Providers } from "./providers-in-use.ts";

/**
 * `GET /v1/models`: the catalog models of the providers this gateway can call, then the
 * aliases (owned by "switchyard", with what they resolve to), in OpenAI's list-row shape plus
 * capabilities, pricing and limits. Computed once per gateway: the inputs do not change.
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export function listModels(providers: Providers, created: number): ModelListing[] {
  const rows: ModelListing[] = [];
  const aliasNames = new Set(Object.keys(providers.aliases));
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
  for (const [name, members] of Object.entries(providers.aliases)) {
    let targets: string[];
    try {
      targets = resolveModel(name, { providers: providers.specs, aliases: providers.aliases }).map(
        (d) => `${d.provider}/${d.model}`,
      );
    } catch {
      targets = typeof members === "string" ? [members] : [...members];
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
    });
  }
  return rows;
}
