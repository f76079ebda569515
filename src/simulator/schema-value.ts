import { isObject, type JsonObject } from "../formats/validate.ts";

/**
 * A value that satisfies a JSON Schema, made up deterministically: strings are `text` (the
 * user's last words), numbers and integers 1 (moved into `minimum`/`maximum`), booleans true,
 * enums and `anyOf`/`oneOf` their first choice, objects and arrays recursively. Objects get
 * their `required` properties — or every property when the schema lists no `required` at all
 * (Gemini schemas and many hand-written tool schemas leave it out). Local `$ref`s
 * (`#/$defs/…`) are followed; recursion stops at a fixed depth with the smallest value.
 *
 * Good enough for strict SDK parsers (zod, pydantic) on the schemas people actually send;
 * not a general JSON Schema solver (no `pattern`, `not`, `if`).
 * @see https://json-schema.org/draft/2020-12/json-schema-validation
 */
export function valueFromSchema(schema: unknown, text: string): unknown {
  return gen(schema, { root: schema, text }, 0);
}

interface Ctx {
  root: unknown;
  text: string;
}

const MAX_DEPTH = 12;

const FORMATS: Readonly<Record<string, string>> = {
  "date-time": "1970-01-01T00:00:00Z",
  date: "1970-01-01",
  time: "00:00:00Z",
  email: "user@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  ipv4: "127.0.0.1",
  hostname: "example.com",
};

function gen(schema: unknown, ctx: Ctx, depth: number): unknown {
  if (!isObject(schema)) return ctx.text; // `true` / `{}` accept anything
  if (typeof schema.$ref === "string") {
    const target = resolveRef(ctx.root, schema.$ref);
    return depth >= MAX_DEPTH || target === undefined ? null : gen(target, ctx, depth + 1);
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const pick = options.find((o) => !(isObject(o) && o.type === "null")) ?? options[0];
      return gen(pick, ctx, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const parts = schema.allOf.map((s) => gen(s, ctx, depth + 1));
    if (parts.every(isObject)) return Object.assign({}, ...parts);
    return parts[0];
  }
  switch (typeOf(schema)) {
    case "string":
      return stringFor(schema, ctx.text);
    case "integer":
      return numberFor(schema, true);
    case "number":
      return numberFor(schema, false);
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return depth >= MAX_DEPTH ? [] : arrayFor(schema, ctx, depth);
    case "object":
      return depth >= MAX_DEPTH ? {} : objectFor(schema, ctx, depth);
    default:
      return ctx.text;
  }
}

function typeOf(schema: JsonObject): string | undefined {
  const t = schema.type;
  const type = Array.isArray(t) ? (t.find((x) => x !== "null") ?? t[0]) : t;
  if (typeof type === "string") return type.toLowerCase(); // Gemini's OpenAPI types are upper case
  if (isObject(schema.properties)) return "object";
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return "array";
  return undefined;
}

function stringFor(schema: JsonObject, text: string): string {
  const fixed = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  let s = fixed ?? text;
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (s.length < min) s = s + "x".repeat(min - s.length);
  if (s.length > max) s = Array.from(s).slice(0, max).join("");
  return s;
}

function numberFor(schema: JsonObject, integer: boolean): number {
  let n = 1;
  const min = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const max = typeof schema.maximum === "number" ? schema.maximum : undefined;
  const xmin = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const xmax = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
  if (min !== undefined && n < min) n = min;
  if (xmin !== undefined && n <= xmin) n = xmin + 1;
  if (max !== undefined && n > max) n = max;
  if (xmax !== undefined && n >= xmax) n = xmax - 1;
  return integer ? Math.ceil(n) : n;
}

function arrayFor(schema: JsonObject, ctx: Ctx, depth: number): unknown[] {
  const out: unknown[] = Array.isArray(schema.prefixItems)
    ? schema.prefixItems.map((s) => gen(s, ctx, depth + 1))
    : [];
  const min = typeof schema.minItems === "number" ? schema.minItems : 0;
  const max = typeof schema.maxItems === "number" ? schema.maxItems : Number.POSITIVE_INFINITY;
  const want = Math.min(max, Math.max(min, 1));
  if (schema.items !== false) while (out.length < want) out.push(gen(schema.items, ctx, depth + 1));
  return out.length > max ? out.slice(0, max) : out;
}

function objectFor(schema: JsonObject, ctx: Ctx, depth: number): JsonObject {
  const props = isObject(schema.properties) ? schema.properties : {};
  const keys = Array.isArray(schema.required)
    ? schema.required.filter((k): k is string => typeof k === "string")
    : Object.keys(props);
  const out: JsonObject = {};
  for (const key of keys) out[key] = gen(props[key], ctx, depth + 1);
  return out;
}

/** A local JSON pointer (`#/$defs/Node`, `#/definitions/x`, `#`) into the root schema. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
