import catalog from "./catalog.json" with { type: "json" };
import type { Capability } from "./spec.ts";

/** Price per token, USD. */
export interface Pricing {
  input: number;
  output: number;
  cached_input?: number;
  cache_write?: number;
}

export interface CatalogModel {
  id: string;
  provider: string;
  context_window: number;
  max_output_tokens: number;
  pricing: Pricing;
  capabilities: Capability[];
}

/** The model catalog (`catalog.json`): a data file, so prices change without code. */
export const CATALOG: readonly CatalogModel[] = catalog.models as CatalogModel[];

const BY_ID = new Map(CATALOG.map((m) => [m.id, m]));

/** A catalog entry by model id, also for dated snapshots (`gpt-4o-2024-08-06` → `gpt-4o`). */
export function catalogModel(id: string): CatalogModel | undefined {
  const exact = BY_ID.get(id);
  if (exact !== undefined) return exact;
  const undated = id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest|preview(-\d{2}-\d{4})?)$/, "");
  return BY_ID.get(undated);
}
