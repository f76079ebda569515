import type { ResponseFormatTextConfig } from "../../ir/openai-types.ts";
import {
  at,
  expectBoolean,
  expectObject,
  expectOneOf,
  expectString,
  type JsonObject,
  optional,
  unknownKeys,
} from "../validate.ts";

const SCHEMA_KEYS = new Set(["name", "schema", "strict", "description"]);

/**
 * Chat `response_format` → IR `text.format`. The two carry the same three formats; Chat nests
 * the JSON schema config under `json_schema`, Responses flattens it. Unknown fields come back
 * as `extra` (shaped like the native object) for the request's raw residue.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format
 * @see https://platform.openai.com/docs/guides/structured-outputs
 */
export function decodeResponseFormat(
  v: unknown,
  path: string,
): { format: ResponseFormatTextConfig; extra: JsonObject | undefined } {
  const f = expectObject(v, path);
  const type = expectOneOf(f.type, ["text", "json_object", "json_schema"] as const, at(path, "type"));
  const outer = unknownKeys(f, new Set(["type", "json_schema"]));
  if (type !== "json_schema") return { format: { type }, extra: outer };
  const sp = at(path, "json_schema");
  const s = expectObject(f.json_schema, sp);
  const name = expectString(s.name, at(sp, "name"));
  const schema = optional(s, "schema", sp, expectObject);
  const description = optional(s, "description", sp, expectString);
  const strict = optional(s, "strict", sp, expectBoolean);
  const inner = unknownKeys(s, SCHEMA_KEYS);
  return {
    format: {
      type: "json_schema",
      name,
      // The IR requires a schema; a Chat format without one constrains nothing.
      schema: schema ?? {},
      ...(description === undefined ? {} : { description }),
      ...(s.strict === null ? { strict: null } : strict === undefined ? {} : { strict }),
    },
    extra: outer || inner ? { ...outer, ...(inner ? { json_schema: inner } : {}) } : undefined,
  };
}

/**
 * IR `text.format` → Chat `response_format`.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format
 */
export function encodeResponseFormat(format: ResponseFormatTextConfig): JsonObject {
  if (format.type !== "json_schema") return { type: format.type };
  const json_schema: JsonObject = { name: format.name, schema: format.schema };
  if (format.description !== undefined) json_schema.description = format.description;
  if (format.strict !== undefined) json_schema.strict = format.strict;
  return { type: "json_schema", json_schema };
}
