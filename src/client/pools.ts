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

/** The models a requested name stands for, in order: a pool's members, or the name itself. */
export function poolMembers(pools: Pools, model: string): { pool: string | undefined; members: string[] } {
  const members = Object.hasOwn(pools, model) ? pools[model] : undefined;
  return members === undefined
    ? { pool: undefined, members: [model] }
    : { pool: model, members: [...members] };
}

/**
 * Whether a failed attempt should move on to the next model: connection errors (the core
 * answers 502/504), timeouts (408), conflicts (409), rate limits (429) and server errors
 * (5xx, Anthropic's 529). Client errors (400, 401, 403, 404, 413, 422) are the caller's and
 * are returned at once: another model would fail the same way.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
