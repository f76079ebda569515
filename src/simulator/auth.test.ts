import assert from "node:assert/strict";
import { test } from "node:test";
import { hasKey, missingKey } from "./auth.ts";

const h =
  (o: Record<string, string>) =>
  (n: string): string | undefined =>
    o[n];

test("each SDK's header is accepted; empty keys are not", () => {
  assert.equal(hasKey("openai", h({ authorization: "Bearer sk-1" }), undefined), true);
  assert.equal(hasKey("openai", h({ authorization: "Bearer " }), undefined), false);
  assert.equal(hasKey("openai", h({ "x-api-key": "k" }), undefined), false);
  assert.equal(hasKey("anthropic", h({ "x-api-key": "k" }), undefined), true);
  assert.equal(hasKey("anthropic", h({ "x-api-key": " " }), undefined), false);
  assert.equal(hasKey("anthropic", h({ authorization: "Bearer oauth" }), undefined), true);
  assert.equal(hasKey("gemini", h({ "x-goog-api-key": "g" }), undefined), true);
  assert.equal(hasKey("gemini", h({}), new URLSearchParams("key=g")), true);
  assert.equal(hasKey("gemini", h({}), new URLSearchParams("key=")), false);
  assert.equal(hasKey("gemini", h({}), undefined), false);
});

test("missingKey is an authentication error in the provider's words", () => {
  const e = missingKey("anthropic");
  assert.equal(e.kind, "authentication");
  assert.equal(e.status, 401);
  assert.match(e.message, /x-api-key/);
});
