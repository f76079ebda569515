import { randomBytes } from "node:crypto";
import type { Dropped } from "../ir/dropped.ts";

/** Longest `x-switchyard-dropped` value: proxies reject huge headers, and a summary suffices. */
export const DROPPED_HEADER_MAX = 2000;

/** A random 96-bit prefix per process (per worker) and a counter: unique, and cheap per request. */
const PREFIX = randomBytes(12).toString("hex");
let sequence = 0;

export function newRequestId(): string {
  sequence = (sequence + 1) % 0x1_0000_0000;
  return `req_${PREFIX}${sequence.toString(16).padStart(8, "0")}`;
}

/**
 * The headers on every result: the request id, where it ran, and what translation could not
 * carry (DESIGN.md §2: lossy is acceptable, silent is not).
 */
export function resultHeaders(
  requestId: string,
  where?: { provider: string; model: string },
  dropped?: readonly Dropped[],
): Record<string, string> {
  const h: Record<string, string> = { "x-request-id": requestId };
  if (where !== undefined) {
    h["x-switchyard-provider"] = headerSafe(where.provider);
    h["x-switchyard-model"] = headerSafe(where.model);
  }
  if (dropped !== undefined && dropped.length > 0) h["x-switchyard-dropped"] = droppedHeader(dropped);
  return h;
}

/** Unique paths, comma-separated, cut at a path boundary with a count of what was left out. */
export function droppedHeader(dropped: readonly Dropped[]): string {
  const paths = [...new Set(dropped.map((d) => headerSafe(d.path)))];
  let out = "";
  for (let i = 0; i < paths.length; i++) {
    const next = out === "" ? paths[i]! : `${out},${paths[i]}`;
    const rest = paths.length - i - 1;
    const suffix = rest > 0 ? `,(+${rest} more)`.length : 0;
    if (next.length + suffix > DROPPED_HEADER_MAX) {
      return `${out},(+${paths.length - i} more)`;
    }
    out = next;
  }
  return out;
}

/** Header values are visible ASCII and spaces: anything else (a client's odd field name) becomes `?`. */
function headerSafe(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : s.replace(/[^\x20-\x7e]/g, "?");
}
