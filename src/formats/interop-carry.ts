import type { Dropped } from "../ir/dropped.ts";
import { INTEROP_KEYS, type Interop, type InteropKey } from "../ir/interop.ts";

/**
 * Request-level raw fields another format left in `interop` cannot reach this format; the
 * caller asked for them, so they are reported as dropped rather than lost in silence.
 */
export function reportForeignRaw(
  interop: Interop | undefined,
  self: InteropKey,
  path: string,
  dropped: Dropped[],
  target: string,
): void {
  if (interop === undefined) return;
  for (const key of INTEROP_KEYS) {
    if (key === self) continue;
    const raw = interop[key]?.raw;
    if (raw === undefined) continue;
    for (const field of Object.keys(raw)) {
      dropped.push({ path: `${path}interop.${key}.raw.${field}`, reason: `no equivalent in ${target}` });
    }
  }
}

/** Returns `interop` with `raw` set under `key` (or unchanged when there is nothing raw). */
export function withRaw(
  interop: Interop | undefined,
  key: InteropKey,
  raw: Record<string, unknown> | undefined,
): Interop | undefined {
  if (raw === undefined) return interop;
  return { ...interop, [key]: { ...interop?.[key], raw: { ...interop?.[key]?.raw, ...raw } } };
}
