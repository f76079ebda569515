import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * The gateway's own key (not a provider's). Clients send it the way their SDK sends an API
 * key: OpenAI `Authorization: Bearer`, Anthropic `x-api-key`, Gemini `x-goog-api-key` or
 * `?key=`. Keys are compared as SHA-256 digests with `timingSafeEqual`: fixed-length inputs,
 * so neither the key's content nor its length leaks through timing.
 */
export interface Auth {
  /** Whether a key is configured (without one every request is accepted). */
  readonly required: boolean;
  check(req: IncomingMessage, url: URL): AuthOutcome;
}

export type AuthOutcome = { ok: true } | { ok: false; reason: "missing" | "invalid" };

/** Headers that carry a client key: never passed on to the core, never logged. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "x-api-key",
  "x-goog-api-key",
  "proxy-authorization",
]);

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

/** Whether `presented` is the key whose digest is `expected`, in constant time. */
export function keyMatches(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(presented), expected);
}

/** Every key the request presents, in the forms the SDKs use. */
export function presentedKeys(req: IncomingMessage, url: URL): string[] {
  const keys: string[] = [];
  const authz = req.headers.authorization;
  if (authz !== undefined) {
    const m = /^bearer\s+(.+)$/i.exec(authz.trim());
    if (m?.[1] !== undefined) keys.push(m[1].trim());
  }
  for (const name of ["x-api-key", "x-goog-api-key"] as const) {
    const v = req.headers[name];
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      if (one.trim() !== "") keys.push(one.trim());
    }
  }
  const q = url.searchParams.get("key");
  if (q !== null && q !== "") keys.push(q);
  return keys;
}

export function createAuth(masterKey?: string): Auth {
  if (masterKey === undefined || masterKey === "") {
    return { required: false, check: () => ({ ok: true }) };
  }
  const expected = digest(masterKey);
  return {
    required: true,
    check(req, url) {
      const keys = presentedKeys(req, url);
      if (keys.length === 0) return { ok: false, reason: "missing" };
      // every presented key is compared (no early exit), so which header matched does not leak either
      let ok = false;
      for (const k of keys) ok = keyMatches(k, expected) || ok;
      return ok ? { ok: true } : { ok: false, reason: "invalid" };
    },
  };
}
