/**
 * The drop-in client's cooldown is the routing layer's (src/routing/cooldown.ts): one
 * implementation, keyed by model name here and by deployment in the core.
 */
export type { CooldownOptions, CooldownStore, MaybePromise } from "../routing/cooldown.ts";
export { COOLDOWN_DEFAULTS, InMemoryCooldownStore, isCooldownStore } from "../routing/cooldown.ts";
