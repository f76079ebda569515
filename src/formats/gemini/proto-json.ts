import { isObject, type JsonObject } from "../validate.ts";

/**
 * The Gemini REST API is proto3 JSON: parsers accept both the lowerCamelCase JSON name and the
 * original snake_case proto field name (`functionCall` and `function_call`), and real clients
 * send both (llm-gemini and pydantic-ai's Vertex path write snake_case). Decoders read either
 * spelling through these helpers; encoders always write lowerCamelCase.
 * @see https://protobuf.dev/programming-guides/json/
 */

const snakeCache = new Map<string, string>();

export function snakeCase(name: string): string {
  let s = snakeCache.get(name);
  if (s === undefined) {
    s = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(name, s);
  }
  return s;
}

/** `o[name]` under its JSON name or its proto name. */
export function field(o: JsonObject, name: string): unknown {
  const v = o[name];
  return v !== undefined ? v : o[snakeCase(name)];
}

/** The key `name` is present under in `o` (JSON name first), for error paths. */
export function keyOf(o: JsonObject, name: string): string {
  return name in o || !(snakeCase(name) in o) ? name : snakeCase(name);
}

/** A set of known field names, with both spellings, for `residual`. */
export function knownFields(...names: string[]): ReadonlySet<string> {
  const s = new Set<string>();
  for (const n of names) {
    s.add(n);
    s.add(snakeCase(n));
  }
  return s;
}

/** The fields of `o` not in `known` (verbatim, spelling kept), or undefined when none. */
export { unknownKeys as residual } from "../validate.ts";

/** `o` as an object when it is one (lenient reading of provider output). */
export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** Structural equality of JSON values (key order ignored), for "is this still the native value?". */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
