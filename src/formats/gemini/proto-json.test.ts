import assert from "node:assert/strict";
import { test } from "node:test";
import { field, jsonEqual, keyOf, knownFields, residual, snakeCase } from "./proto-json.ts";

test("proto3 JSON: fields read under either spelling; the spelling found names the path", () => {
  assert.equal(snakeCase("thoughtSignature"), "thought_signature");
  const o = { function_call: { name: "f" }, text: "x" };
  assert.deepEqual(field(o, "functionCall"), { name: "f" });
  assert.equal(field(o, "text"), "x");
  assert.equal(keyOf(o, "functionCall"), "function_call");
  assert.equal(keyOf(o, "inlineData"), "inlineData");
});

test("residual keeps unknown fields verbatim, and nothing when there are none", () => {
  const known = knownFields("text", "thoughtSignature");
  assert.deepEqual(residual({ text: "a", thought_signature: "s", videoMetadata: { fps: 1 } }, known), {
    videoMetadata: { fps: 1 },
  });
  assert.equal(residual({ text: "a", extra: undefined }, known), undefined);
});

test("jsonEqual ignores key order and undefined members", () => {
  assert.ok(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined }));
  assert.ok(!jsonEqual({ a: 1 }, { a: "1" }));
  assert.ok(!jsonEqual([1, 2], [2, 1]));
});
