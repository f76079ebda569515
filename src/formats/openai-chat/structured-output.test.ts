import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../../ir/error.ts";
import { decodeResponseFormat, encodeResponseFormat } from "./structured-output.ts";

test("text, json_object and json_schema map both ways", () => {
  const formats = [
    { type: "text" },
    { type: "json_object" },
    {
      type: "json_schema",
      json_schema: {
        name: "weather",
        description: "A forecast",
        schema: {
          type: "object",
          properties: { t: { type: "number" } },
          required: ["t"],
          additionalProperties: false,
        },
        strict: true,
      },
    },
    { type: "json_schema", json_schema: { name: "loose", schema: { type: "object" } } },
  ];
  for (const f of formats) {
    const { format, extra } = decodeResponseFormat(f, "response_format");
    assert.equal(extra, undefined);
    assert.deepEqual(encodeResponseFormat(format), f);
  }
  assert.deepEqual(
    decodeResponseFormat({ type: "json_schema", json_schema: { name: "n", schema: {}, strict: false } }, "rf")
      .format,
    { type: "json_schema", name: "n", schema: {}, strict: false },
  );
});

test("unknown fields come back as a native-shaped extra", () => {
  const { extra } = decodeResponseFormat(
    { type: "json_schema", json_schema: { name: "n", schema: {}, x: 1 }, y: 2 },
    "response_format",
  );
  assert.deepEqual(extra, { y: 2, json_schema: { x: 1 } });
});

test("malformed formats name the path", () => {
  assert.throws(
    () => decodeResponseFormat({ type: "json_schema", json_schema: { schema: {} } }, "response_format"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "response_format.json_schema.name",
  );
  assert.throws(
    () => decodeResponseFormat({ type: "yaml" }, "response_format"),
    (e: unknown) => e instanceof SwitchyardError && e.param === "response_format.type",
  );
});
