import assert from "node:assert/strict";
import { test } from "node:test";
import { valueFromSchema } from "./schema-value.ts";

test("scalars: strings from the text, numbers 1, booleans true, enums and consts first", () => {
  assert.equal(valueFromSchema({ type: "string" }, "hi"), "hi");
  assert.equal(valueFromSchema({ type: "integer" }, "hi"), 1);
  assert.equal(valueFromSchema({ type: "number" }, "hi"), 1);
  assert.equal(valueFromSchema({ type: "boolean" }, "hi"), true);
  assert.equal(valueFromSchema({ type: "null" }, "hi"), null);
  assert.equal(valueFromSchema({ type: "string", enum: ["b", "a"] }, "hi"), "b");
  assert.equal(valueFromSchema({ const: 42 }, "hi"), 42);
  assert.equal(valueFromSchema({}, "hi"), "hi");
  assert.equal(valueFromSchema(true, "hi"), "hi");
});

test("bounds and formats are respected", () => {
  assert.equal(valueFromSchema({ type: "integer", minimum: 5 }, ""), 5);
  assert.equal(valueFromSchema({ type: "number", maximum: 0.5 }, ""), 0.5);
  assert.equal(valueFromSchema({ type: "integer", exclusiveMinimum: 1 }, ""), 2);
  assert.equal(valueFromSchema({ type: "string", maxLength: 2 }, "hello"), "he");
  assert.equal(valueFromSchema({ type: "string", minLength: 3 }, ""), "xxx");
  assert.equal(valueFromSchema({ type: "string", format: "date-time" }, "x"), "1970-01-01T00:00:00Z");
  assert.equal(valueFromSchema({ type: "string", format: "email" }, "x"), "user@example.com");
});

test("objects: required properties, or all when none are listed; nested recursively", () => {
  const schema = {
    type: "object",
    properties: {
      a: { type: "string" },
      b: { type: "integer" },
      nested: { type: "object", properties: { c: { type: "boolean" } } },
      list: {
        type: "array",
        items: { type: "object", properties: { d: { type: "number" } }, required: ["d"] },
      },
    },
    required: ["a", "nested", "list"],
  };
  assert.deepEqual(valueFromSchema(schema, "t"), { a: "t", nested: { c: true }, list: [{ d: 1 }] });
});

test("arrays: one item, or minItems; prefixItems; maxItems 0", () => {
  assert.deepEqual(
    valueFromSchema({ type: "array", items: { type: "integer" }, minItems: 3 }, ""),
    [1, 1, 1],
  );
  assert.deepEqual(valueFromSchema({ type: "array", items: { type: "integer" }, maxItems: 0 }, ""), []);
  assert.deepEqual(
    valueFromSchema(
      { type: "array", prefixItems: [{ type: "string" }, { type: "boolean" }], items: false },
      "s",
    ),
    ["s", true],
  );
});

test("anyOf / oneOf take the first non-null choice; allOf merges objects; nullable type lists", () => {
  assert.equal(valueFromSchema({ anyOf: [{ type: "null" }, { type: "integer" }] }, ""), 1);
  assert.equal(valueFromSchema({ oneOf: [{ type: "boolean" }, { type: "string" }] }, ""), true);
  assert.equal(valueFromSchema({ type: ["null", "string"] }, "s"), "s");
  assert.deepEqual(
    valueFromSchema(
      {
        allOf: [
          { type: "object", properties: { a: { type: "integer" } } },
          { type: "object", properties: { b: { type: "boolean" } } },
        ],
      },
      "",
    ),
    { a: 1, b: true },
  );
});

test("local $refs are followed; recursion stops", () => {
  const schema = {
    $defs: {
      Node: { type: "object", properties: { name: { type: "string" }, child: { $ref: "#/$defs/Node" } } },
    },
    $ref: "#/$defs/Node",
  };
  const v = valueFromSchema(schema, "n") as Record<string, unknown>;
  assert.equal(v.name, "n");
  let depth = 0;
  let node: unknown = v;
  while (typeof node === "object" && node !== null && "child" in node) {
    node = (node as { child: unknown }).child;
    depth++;
  }
  assert.ok(depth > 0 && depth < 20, `bounded recursion (${depth})`);
  assert.equal(valueFromSchema({ $ref: "#/definitions/missing" }, ""), null);
});

test("Gemini's upper-case OpenAPI types", () => {
  assert.deepEqual(
    valueFromSchema({ type: "OBJECT", properties: { n: { type: "INTEGER" }, s: { type: "STRING" } } }, "g"),
    { n: 1, s: "g" },
  );
});
