import assert from "node:assert/strict";
import { test } from "node:test";
import { createRedactor } from "./redact.ts";

test("scrubs every key from strings, nested values, object keys and headers", () => {
  const r = createRedactor(["sk-secret-123456", undefined, "short"]);
  assert.equal(r.text("key sk-secret-123456!"), "key [redacted]!");
  assert.deepEqual(r.value({ a: ["x sk-secret-123456"], "sk-secret-123456": 1, n: 2 }), {
    a: ["x [redacted]"],
    "[redacted]": 1,
    n: 2,
  });
  assert.deepEqual(r.headers({ h: "Bearer sk-secret-123456" }), { h: "Bearer [redacted]" });
  // short placeholder keys are not scrubbed (they would mangle ordinary words)
  assert.equal(r.text("a short word"), "a short word");
});

test("unchanged values are returned as is", () => {
  const r = createRedactor(["sk-secret-123456"]);
  const v = { a: { b: [1, "x"] } };
  assert.equal(r.value(v), v);
});
