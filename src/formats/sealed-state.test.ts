import assert from "node:assert/strict";
import { test } from "node:test";
import { seal, unseal } from "./sealed-state.ts";

test("sealed state opens to what was sealed", () => {
  const cases = [
    { origin: "anthropic" as const, payload: "EqQBCkYIBxgCKkD+/=" },
    { origin: "anthropic" as const, payload: "opaque-data", redacted: true },
    { origin: "openai" as const, payload: "gAAAAB...==", id: "rs_123" },
    { origin: "gemini" as const, payload: "CiQB0e2Kb..." },
  ];
  for (const c of cases) {
    const s = seal(c);
    assert.ok(!s.includes(" "));
    assert.deepEqual(unseal(s), c);
  }
});

test("values that are not sealed are left alone", () => {
  assert.equal(unseal("EqQBCkYIBxgCKkD"), undefined);
  assert.equal(unseal(undefined), undefined);
  assert.equal(unseal("swy1.nobody.x.y"), undefined);
  assert.equal(unseal("swy1.anthropic"), undefined);
});
