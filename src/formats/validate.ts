import { invalidRequest } from "../ir/error.ts";

/**
 * Small structural checks for request decoders: each names the field path and what was
 * expected, so a malformed request becomes a clear 400 in the caller's own format.
 */
export type JsonObject = Record<string, unknown>;

export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function expectObject(v: unknown, path: string): JsonObject {
  if (!isObject(v)) throw invalidRequest(path, `an object, got ${describe(v)}`);
  return v;
}

export function expectArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw invalidRequest(path, `an array, got ${describe(v)}`);
  return v;
}

export function expectString(v: unknown, path: string): string {
  if (typeof v !== "string") throw invalidRequest(path, `a string, got ${describe(v)}`);
  return v;
}

export function expectNumber(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw invalidRequest(path, `a number, got ${describe(v)}`);
  return v;
}

export function expectInteger(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v))
    throw invalidRequest(path, `an integer, got ${describe(v)}`);
  return v;
}

export function expectBoolean(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") throw invalidRequest(path, `a boolean, got ${describe(v)}`);
  return v;
}

export function expectOneOf<T extends string>(v: unknown, values: readonly T[], path: string): T {
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    throw invalidRequest(
      path,
      `one of ${values.map((x) => JSON.stringify(x)).join(", ")}, got ${describe(v)}`,
    );
  }
  return v as T;
}

/** `o[key]` checked by `check`, or undefined when absent or null. */
export function optional<T>(
  o: JsonObject,
  key: string,
  path: string,
  check: (v: unknown, path: string) => T,
): T | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : check(v, at(path, key));
}

/** A string, or an array of strings (Chat `stop`, …), as an array. */
export function expectStringOrStrings(v: unknown, path: string): string[] {
  if (typeof v === "string") return [v];
  return expectArray(v, path).map((s, i) => expectString(s, at(path, i)));
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return v.length > 40 ? "a string" : JSON.stringify(v);
  if (typeof v === "object") return "an object";
  return typeof v === "undefined" ? "nothing" : `${typeof v} ${String(v)}`;
}

/** The keys of `o` that are not in `known`, for collecting into `interop.<format>.raw`. */
export function unknownKeys(o: JsonObject, known: ReadonlySet<string>): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const k in o) {
    if (known.has(k) || o[k] === undefined) continue;
    out ??= {};
    out[k] = o[k];
  }
  return out;
}
