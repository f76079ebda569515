/**
 * Cooldown for deployments (issue 6; docs/openai-dropin.md): a deployment that failed
 * `failures` times within `windowMs` is skipped for `cooldownMs`. Keys are deployment keys
 * (`provider/model`, see `deploymentKey` in strategies.ts) or, for the drop-in client, model
 * names: the store does not care. The state sits behind `CooldownStore`, so a shared backend
 * (Redis, a database) can hold it for several processes; the in-memory store below is the
 * default. Pure apart from its own map: every call takes the time, no clock is read.
 */

/** A value now or later: a shared backend answers asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

export interface CooldownStore {
  /** Whether the deployment `model` (a key) is cooling down at `now` (epoch ms) and should be skipped. */
  isCoolingDown(model: string, now: number): MaybePromise<boolean>;
  /** A retryable failure of `model` at `now`. */
  recordFailure(model: string, now: number): MaybePromise<void>;
  /** `model` served a request: its failure count starts over. */
  recordSuccess(model: string, now: number): MaybePromise<void>;
}

export interface CooldownOptions {
  /** Failures within `windowMs` that put a model in cooldown. Default 3. */
  failures?: number;
  /** The window failures are counted in, in ms. Default 60 000. */
  windowMs?: number;
  /** How long a model is skipped, in ms. Default 60 000. */
  cooldownMs?: number;
}

export const COOLDOWN_DEFAULTS: Readonly<Required<CooldownOptions>> = {
  failures: 3,
  windowMs: 60_000,
  cooldownMs: 60_000,
};

interface ModelState {
  /** Times of the failures still inside the window. */
  failures: number[];
  /** Skipped until this time (epoch ms); 0 when not cooling down. */
  until: number;
}

/** Cooldown state in this process's memory. */
export class InMemoryCooldownStore implements CooldownStore {
  readonly options: Readonly<Required<CooldownOptions>>;
  readonly #models = new Map<string, ModelState>();

  constructor(options: CooldownOptions = {}) {
    this.options = {
      failures: positive(options.failures, COOLDOWN_DEFAULTS.failures, "failures"),
      windowMs: positive(options.windowMs, COOLDOWN_DEFAULTS.windowMs, "windowMs"),
      cooldownMs: positive(options.cooldownMs, COOLDOWN_DEFAULTS.cooldownMs, "cooldownMs"),
    };
  }

  isCoolingDown(model: string, now: number): boolean {
    const s = this.#models.get(model);
    if (s === undefined || s.until === 0) return false;
    if (now < s.until) return true;
    // the period is over: the model is tried again, with a clean slate
    this.#models.delete(model);
    return false;
  }

  recordFailure(model: string, now: number): void {
    const s = this.#models.get(model) ?? { failures: [], until: 0 };
    s.failures = s.failures.filter((t) => now - t < this.options.windowMs);
    s.failures.push(now);
    if (s.failures.length >= this.options.failures) {
      s.until = now + this.options.cooldownMs;
      s.failures = [];
    }
    this.#models.set(model, s);
  }

  recordSuccess(model: string): void {
    this.#models.delete(model);
  }

  /** Models cooling down at `now`, with when each comes back (for inspection and tests). */
  coolingDown(now: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [model, s] of this.#models) if (s.until > now) out[model] = s.until;
    return out;
  }
}

function positive(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v < (name === "failures" ? 1 : 0)) {
    throw new TypeError(`cooldown.${name} must be a ${name === "failures" ? "number ≥ 1" : "number ≥ 0"}`);
  }
  return v;
}

export function isCooldownStore(v: unknown): v is CooldownStore {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as Partial<CooldownStore>).isCoolingDown === "function" &&
    typeof (v as Partial<CooldownStore>).recordFailure === "function" &&
    typeof (v as Partial<CooldownStore>).recordSuccess === "function"
  );
}

/**
 * The keys cooling down at `now`. A shared store that cannot answer does not stop requests:
 * its keys count as warm. A synchronous store (the in-memory one) is answered synchronously,
 * so the request path takes no extra turn of the event loop.
 */
export function coolingDown(
  store: CooldownStore,
  keys: readonly string[],
  now: number,
): Set<string> | Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    let answer: MaybePromise<boolean>;
    try {
      answer = store.isCoolingDown(keys[i]!, now);
    } catch {
      continue; // the store is down: try the deployment
    }
    if (answer instanceof Promise) return rest(store, keys, i, answer, now, out);
    if (answer) out.add(keys[i]!);
  }
  return out;
}

async function rest(
  store: CooldownStore,
  keys: readonly string[],
  from: number,
  pending: Promise<boolean>,
  now: number,
  out: Set<string>,
): Promise<Set<string>> {
  for (let i = from; i < keys.length; i++) {
    try {
      if (await (i === from ? pending : store.isCoolingDown(keys[i]!, now))) out.add(keys[i]!);
    } catch {
      // the store is down: try the deployment
    }
  }
  return out;
}
