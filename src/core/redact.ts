/**
 * Scrubs provider keys from what goes back to a client. Applied to error results (small,
 * off the hot path), never to streamed answers. Keys shorter than `MIN_SECRET` are not
 * scrubbed: a one-letter placeholder key for a local server would otherwise mangle every
 * message.
 */
export interface Redactor {
  text(s: string): string;
  /** A JSON value with every string scrubbed (a new value only where something changed). */
  value<T>(v: T): T;
  headers(h: Record<string, string>): Record<string, string>;
}

const MIN_SECRET = 8;
const MASK = "[redacted]";

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const keys = [
    ...new Set([...secrets].filter((s): s is string => s !== undefined && s.length >= MIN_SECRET)),
  ];
  // longest first, so a key containing another is scrubbed whole
  keys.sort((a, b) => b.length - a.length);

  const text = (s: string): string => {
    let out = s;
    for (const k of keys) if (out.includes(k)) out = out.split(k).join(MASK);
    return out;
  };

  const value = <T>(v: T): T => {
    if (keys.length === 0) return v;
    return walk(v) as T;
  };

  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x) => {
        const y = walk(x);
        if (y !== x) changed = true;
        return y;
      });
      return changed ? out : v;
    }
    if (v !== null && typeof v === "object") {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const y = walk(x);
        const name = text(k);
        if (y !== x || name !== k) changed = true;
        out[name] = y;
      }
      return changed ? out : v;
    }
    return v;
  };

  return {
    text: (s) => (keys.length === 0 ? s : text(s)),
    value,
    headers(h) {
      if (keys.length === 0) return h;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(h)) out[k] = text(v);
      return out;
    },
  };
}
