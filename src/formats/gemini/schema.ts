import type { Dropped } from "../../ir/dropped.ts";
import { isObject, type JsonObject } from "../validate.ts";
import type { GeminiSchema } from "./types.ts";

/**
 * Gemini's `Schema` is an OpenAPI 3.0 subset: upper-case type names, `nullable` instead of
 * type arrays, no `$ref`, no `additionalProperties`, string-only `enum`, and only a few
 * `format`s per type. These functions convert JSON Schema (the IR) to it and back.
 * @see https://ai.google.dev/api/caching#Schema
 */

const TYPES = new Set(["string", "number", "integer", "boolean", "array", "object", "null"]);

/** Keywords the Schema object has, passed through unchanged. */
const PASS = new Set([
  "format",
  "title",
  "description",
  "nullable",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "example",
  "propertyOrdering",
  "default",
  "minimum",
  "maximum",
  "required",
]);

/**
 * The formats Gemini accepts per type; others are rejected with
 * "only 'enum' and 'date-time' are supported for STRING type".
 * @see https://ai.google.dev/api/caching#Schema
 */
const FORMATS: Readonly<Record<string, ReadonlySet<string>>> = {
  string: new Set(["enum", "date-time"]),
  number: new Set(["float", "double"]),
  integer: new Set(["int32", "int64"]),
};

/** Gemini Schema → JSON Schema (lower-case types, `nullable` → a `"null"` type member). */
export function geminiToJsonSchema(schema: unknown): JsonObject {
  if (!isObject(schema)) return {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    switch (k) {
      case "type": {
        const t = typeof v === "string" ? v.toLowerCase() : undefined;
        if (t !== undefined && t !== "type_unspecified") out.type = t;
        break;
      }
      case "nullable":
        break; // folded into `type` below
      case "properties":
        if (isObject(v)) {
          out.properties = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, geminiToJsonSchema(s)]));
        }
        break;
      case "items":
        out.items = geminiToJsonSchema(v);
        break;
      case "anyOf":
        if (Array.isArray(v)) out.anyOf = v.map(geminiToJsonSchema);
        break;
      case "minItems":
      case "maxItems":
      case "minProperties":
      case "maxProperties":
      case "minLength":
      case "maxLength":
        // int64 fields: proto3 JSON may write them as strings
        out[k] = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
        break;
      default:
        out[k] = v;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: "null" }];
    else out.nullable = true;
  }
  return out;
}

interface Ctx {
  root: JsonObject;
  dropped: Dropped[];
  /** `$ref`s being inlined, to stop on recursion. */
  stack: string[];
}

/**
 * JSON Schema → Gemini Schema. Converts what has an equivalent (`const` → one-value `enum`,
 * `["T","null"]` → `nullable`, `oneOf` → `anyOf`, local `$ref` → inlined `$defs`) and reports
 * every keyword it has to leave out in `dropped` under `path`.
 */
export function jsonSchemaToGemini(schema: unknown, path: string, dropped: Dropped[]): GeminiSchema {
  const root = isObject(schema) ? schema : {};
  return convert(root, path, { root, dropped, stack: [] });
}

function drop(ctx: Ctx, path: string, key: string, reason: string): void {
  ctx.dropped.push({ path: `${path}.${key}`, reason });
}

function resolveRef(ref: string, ctx: Ctx): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let cur: unknown = ctx.root;
  for (const seg of ref.slice(2).split("/")) {
    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = isObject(cur) ? cur[key] : undefined;
  }
  return cur;
}

function convert(s: JsonObject, path: string, ctx: Ctx): GeminiSchema {
  if (typeof s.$ref === "string") {
    const ref = s.$ref;
    const target = resolveRef(ref, ctx);
    if (!isObject(target) || ctx.stack.includes(ref)) {
      drop(ctx, path, "$ref", isObject(target) ? "recursive $ref cannot be inlined" : "unresolvable $ref");
      return {};
    }
    ctx.stack.push(ref);
    // Sibling keywords (e.g. a description beside the $ref) win over the target's.
    const { $ref: _ref, ...siblings } = s;
    const merged = convert({ ...target, ...siblings }, path, ctx);
    ctx.stack.pop();
    return merged;
  }
  const out: GeminiSchema = {};
  let nullable = s.nullable === true;
  for (const [k, v] of Object.entries(s)) {
    switch (k) {
      case "type":
        nullable = convertType(v, out, path, ctx) || nullable;
        break;
      case "const":
        if (typeof v === "string") out.enum = [v];
        else drop(ctx, path, k, "Gemini enums hold strings only");
        break;
      case "enum":
        if (Array.isArray(v) && v.every((x) => typeof x === "string" || x === null)) {
          out.enum = v.filter((x) => x !== null);
          if (v.includes(null)) nullable = true;
        } else drop(ctx, path, k, "Gemini enums hold strings only");
        break;
      case "properties":
        if (isObject(v)) {
          out.properties = Object.fromEntries(
            Object.entries(v).map(([n, p]) => [
              n,
              isObject(p) ? convert(p, `${path}.properties.${n}`, ctx) : {},
            ]),
          );
        }
        break;
      case "items":
        if (isObject(v)) out.items = convert(v, `${path}.items`, ctx);
        else drop(ctx, path, k, "tuple items have no Gemini equivalent");
        break;
      case "anyOf":
      case "oneOf":
        if (Array.isArray(v)) nullable = convertAnyOf(v, k, out, path, ctx) || nullable;
        break;
      case "allOf":
        if (Array.isArray(v) && v.length === 1 && isObject(v[0]))
          Object.assign(out, convert(v[0], path, ctx));
        else drop(ctx, path, k, "allOf has no Gemini equivalent");
        break;
      case "format": {
        const t = (Array.isArray(s.type) ? s.type : [s.type]).find(
          (x) => typeof x === "string" && x !== "null",
        );
        if (typeof v === "string" && t !== undefined && FORMATS[t]?.has(v)) out.format = v;
        else drop(ctx, path, k, `format ${JSON.stringify(v)} is not accepted by Gemini for this type`);
        break;
      }
      case "examples":
        if (Array.isArray(v) && v.length > 0) out.example = v[0];
        if (Array.isArray(v) && v.length > 1) drop(ctx, path, k, "Gemini keeps a single example");
        break;
      case "$defs":
      case "definitions":
        if (s === ctx.root) break; // inlined where a $ref points at them
        drop(ctx, path, k, "nested definitions have no Gemini equivalent");
        break;
      case "nullable":
        break;
      default:
        if (PASS.has(k)) out[k] = v;
        else drop(ctx, path, k, "not part of Gemini's Schema subset");
    }
  }
  // Gemini enums belong to STRING schemas.
  if (out.enum !== undefined && out.type === undefined) out.type = "STRING";
  if (nullable) out.nullable = true;
  return out;
}

/** Sets `out.type` (upper-case) or `out.anyOf` for type unions; true when `"null"` was a member. */
function convertType(v: unknown, out: GeminiSchema, path: string, ctx: Ctx): boolean {
  const types = (Array.isArray(v) ? v : [v]).filter(
    (t): t is string => typeof t === "string" && TYPES.has(t),
  );
  const nonNull = types.filter((t) => t !== "null");
  if (nonNull.length === 1) out.type = nonNull[0]!.toUpperCase();
  else if (nonNull.length > 1) out.anyOf = nonNull.map((t) => ({ type: t.toUpperCase() }));
  else if (types.length === 0) drop(ctx, path, "type", `unknown type ${JSON.stringify(v)}`);
  return types.includes("null");
}

/** `anyOf`/`oneOf`: a `{type:"null"}` branch becomes `nullable`; a single remaining branch is hoisted. */
function convertAnyOf(v: unknown[], key: string, out: GeminiSchema, path: string, ctx: Ctx): boolean {
  let nullable = false;
  const branches: GeminiSchema[] = [];
  v.forEach((b, i) => {
    if (isObject(b) && b.type === "null" && Object.keys(b).length === 1) nullable = true;
    else if (isObject(b)) branches.push(convert(b, `${path}.${key}[${i}]`, ctx));
  });
  if (branches.length === 1) Object.assign(out, branches[0]);
  else if (branches.length > 1) out.anyOf = branches;
  return nullable;
}
