import assert from "node:assert/strict";
import { test } from "node:test";
import type { Dropped } from "../../ir/dropped.ts";
import { geminiToJsonSchema, jsonSchemaToGemini } from "./schema.ts";

test("Gemini schema → JSON Schema: lower-case types, nullable as a null type member", () => {
  assert.deepEqual(
    geminiToJsonSchema({
      type: "OBJECT",
      properties: {
        city: { type: "STRING", description: "The city", nullable: true },
        tags: { type: "ARRAY", items: { type: "STRING", format: "enum", enum: ["a", "b"] }, maxItems: "3" },
        either: { anyOf: [{ type: "INTEGER" }, { type: "BOOLEAN" }], nullable: true },
      },
      required: ["city"],
      propertyOrdering: ["city", "tags"],
    }),
    {
      type: "object",
      properties: {
        city: { type: ["string", "null"], description: "The city" },
        tags: { type: "array", items: { type: "string", format: "enum", enum: ["a", "b"] }, maxItems: 3 },
        either: { anyOf: [{ type: "integer" }, { type: "boolean" }, { type: "null" }] },
      },
      required: ["city"],
      propertyOrdering: ["city", "tags"],
    },
  );
});

test("JSON Schema → Gemini: converts what it can and reports each keyword it drops", () => {
  const dropped: Dropped[] = [];
  const out = jsonSchemaToGemini(
    {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      additionalProperties: false,
      properties: {
        kind: { const: "point" },
        x: { type: ["number", "null"], exclusiveMinimum: 0 },
        when: { type: "string", format: "date" },
        stamp: { type: "string", format: "date-time" },
        id: { type: ["string", "integer"] },
        maybe: { anyOf: [{ type: "string" }, { type: "null" }] },
        pick: { oneOf: [{ type: "string" }, { type: "integer" }] },
        level: { enum: [1, 2] },
      },
      required: ["kind"],
    },
    "tools[0].parameters",
    dropped,
  );
  assert.deepEqual(out, {
    type: "OBJECT",
    properties: {
      kind: { enum: ["point"], type: "STRING" },
      x: { type: "NUMBER", nullable: true },
      when: { type: "STRING" },
      stamp: { type: "STRING", format: "date-time" },
      id: { anyOf: [{ type: "STRING" }, { type: "INTEGER" }] },
      maybe: { type: "STRING", nullable: true },
      pick: { anyOf: [{ type: "STRING" }, { type: "INTEGER" }] },
      level: {},
    },
    required: ["kind"],
  });
  assert.deepEqual(
    dropped.map((d) => d.path),
    [
      "tools[0].parameters.$schema",
      "tools[0].parameters.additionalProperties",
      "tools[0].parameters.properties.x.exclusiveMinimum",
      "tools[0].parameters.properties.when.format",
      "tools[0].parameters.properties.level.enum",
    ],
  );
});

test("local $refs are inlined from $defs; recursive ones are reported", () => {
  const dropped: Dropped[] = [];
  const out = jsonSchemaToGemini(
    {
      type: "object",
      $defs: {
        Address: { type: "object", properties: { city: { type: "string" } } },
        Node: { type: "object", properties: { next: { $ref: "#/$defs/Node" } } },
      },
      properties: {
        home: { $ref: "#/$defs/Address", description: "Where" },
        list: { $ref: "#/$defs/Node" },
      },
    },
    "p",
    dropped,
  );
  assert.deepEqual(out, {
    type: "OBJECT",
    properties: {
      home: { type: "OBJECT", properties: { city: { type: "STRING" } }, description: "Where" },
      list: { type: "OBJECT", properties: { next: {} } },
    },
  });
  assert.deepEqual(dropped, [
    { path: "p.properties.list.properties.next.$ref", reason: "recursive $ref cannot be inlined" },
  ]);
});

test("a Gemini schema survives JSON Schema and back", () => {
  const native = {
    type: "OBJECT",
    properties: {
      a: { type: "STRING", nullable: true, description: "d" },
      b: { type: "ARRAY", items: { type: "INTEGER", format: "int64" }, minItems: 1 },
    },
    required: ["a"],
  };
  const dropped: Dropped[] = [];
  assert.deepEqual(jsonSchemaToGemini(geminiToJsonSchema(native), "", dropped), native);
  assert.deepEqual(dropped, []);
});
