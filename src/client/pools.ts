/**
 * Capability pools (docs/openai-dropin.md): a virtual model name → model names, tried in
 * order. A name that is not a pool is a model of its own (a pool of one), resolved by the
 * gateway core as usual (`gpt-4o`, `claude-haiku-4-5`, `openai/gpt-4o`, an instance's
 * `name/model`).
 */

/** Pool name → its models, best first. Suggested names: the capability they serve. */
export type Pools = Readonly<Record<string, readonly string[]>>;

/** The capability pool names the docs suggest (any other name works as well). */
export type CapabilityPoolName =
  | "text-generation"
  | "embedding"
  | "image-generation"
  | "text-to-speech"
  | "speech-to-text";

/** Checks and copies the pools: every pool a non-empty list of non-empty names. */
export function normalizePools(pools: Readonly<Record<string, readonly string[]>> | undefined): Pools {
  const out: Record<string, readonly string[]> = {};
  for (const [name, members] of Object.entries(pools ?? {})) {
    if (name === "") throw new TypeError("pools: a pool name must not be empty");
    if (!Array.isArray(members) || members.length === 0) {
      throw new TypeError(`pools[${JSON.stringify(name)}] must be a non-empty array of model names`);
    }
    for (const m of members) {
      if (typeof m !== "string" || m === "") {
        throw new TypeError(`pools[${JSON.stringify(name)}] must contain only non-empty model names`);
      }
      if (Object.hasOwn(pools ?? {}, m) && m !== name) {
        throw new TypeError(`pools[${JSON.stringify(name)}]: "${m}" is a pool; pools do not nest`);
      }
    }
    out[name] = Object.freeze([...new Set(members)]);
  }
  return Object.freeze(out);
}
