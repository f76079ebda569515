/**
 * The routing sections of the gateway config (issue 6): `pools`, `retry`, `cooldown`.
 *
 * ```yaml
 * pools:
 *   fast-chat: [gemini-2.5-flash, claude-haiku-4-5]          # fallback, in order
 *   text-generation: { strategy: round_robin, models: [gpt-4o-mini, claude-haiku-4-5] }
 * retry: { max_attempts_per_candidate: 2, base_delay_ms: 500 }
 * cooldown: { failures: 3, window_ms: 60000, cooldown_ms: 60000 }
 * ```
 */
import type { Node } from "yaml";
import { SwitchyardError } from "../ir/error.ts";
import type { CooldownOptions } from "../routing/cooldown.ts";
import type { RetryPolicy } from "../routing/retry.ts";
import { parsePools } from "../routing/route.ts";
import type { Reader } from "./config.ts";

/** Pools as plain data, checked by the routing layer's own parser so the config and the gateway agree. */
export function readPools(r: Reader, node: Node | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of r.entries(node, "pools")) {
    const v = r.resolve(value);
    const plain: unknown = v === null ? null : (v as { toJSON(): unknown }).toJSON();
    try {
      parsePools({ [key]: plain });
      out[key] = plain;
    } catch (e) {
      if (!(e instanceof SwitchyardError)) throw e;
      r.issue(v, e.param ?? `pools.${key}`, e.message);
    }
  }
  return out;
}

const RETRY_KEYS = {
  max_attempts_per_candidate: ["maxAttemptsPerCandidate", 1, 10],
  max_attempts: ["maxAttempts", 1, 50],
  max_total_ms: ["maxTotalMs", 1, 3_600_000],
  base_delay_ms: ["baseDelayMs", 0, 600_000],
  max_delay_ms: ["maxDelayMs", 0, 600_000],
  max_retry_after_ms: ["maxRetryAfterMs", 0, 3_600_000],
} as const satisfies Record<string, readonly [keyof RetryPolicy, number, number]>;

export function readRetry(r: Reader, node: Node | null): Partial<RetryPolicy> {
  const out: Partial<RetryPolicy> = {};
  for (const { key, keyNode, value } of r.entries(node, "retry")) {
    if (!Object.hasOwn(RETRY_KEYS, key)) {
      r.unknown(keyNode, `retry.${key}`, Object.keys(RETRY_KEYS));
      continue;
    }
    const [field, min, max] = RETRY_KEYS[key as keyof typeof RETRY_KEYS];
    const v = r.integer(value, `retry.${key}`, min, max);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

const COOLDOWN_KEYS = {
  failures: ["failures", 1, 1000],
  window_ms: ["windowMs", 1, 86_400_000],
  cooldown_ms: ["cooldownMs", 1, 86_400_000],
} as const satisfies Record<string, readonly [keyof CooldownOptions, number, number]>;

export function readCooldown(r: Reader, node: Node | null): CooldownOptions {
  const out: CooldownOptions = {};
  for (const { key, keyNode, value } of r.entries(node, "cooldown")) {
    if (!Object.hasOwn(COOLDOWN_KEYS, key)) {
      r.unknown(keyNode, `cooldown.${key}`, Object.keys(COOLDOWN_KEYS));
      continue;
    }
    const [field, min, max] = COOLDOWN_KEYS[key as keyof typeof COOLDOWN_KEYS];
    const v = r.integer(value, `cooldown.${key}`, min, max);
    if (v !== undefined) out[field] = v;
  }
  return out;
}
