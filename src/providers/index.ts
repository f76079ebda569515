export type { CatalogModel, Pricing } from "./catalog.ts";
export { CATALOG, catalogModel } from "./catalog.ts";
export type { Env, ProviderOverrides, ResolvedProvider } from "./credentials.ts";
export { authHeaders, interpolate, isConfigured, resolveProvider } from "./credentials.ts";
export { PROVIDERS, providerById } from "./registry.ts";
export type { AuthStyle, Capability, ProviderSpec } from "./spec.ts";
