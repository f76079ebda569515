import assert from "node:assert/strict";
import { test } from "node:test";
import { FailCounter, faultError } from "./faults.ts";

test("FailCounter fails the first N per key, then lets requests through", () => {
  const c = new FailCounter();
  assert.deepEqual(
    [1, 2, 3].map(() => c.shouldFail("m|error=429", 2)),
    [true, true, false],
  );
  assert.equal(c.shouldFail("other|error=429", 2), true, "keys are independent");
  assert.equal(c.shouldFail("m|error=429", undefined), true, "without a count every request fails");
  c.reset();
  assert.equal(c.shouldFail("m|error=429", 1), true);
});

test("429 in every envelope, with retry-after (1 s by default) and retry-after-ms", () => {
  const openai = faultError("openai-chat", 429);
  assert.equal(openai.status, 429);
  assert.equal((openai.body as { error: { code: string } }).error.code, "rate_limit_exceeded");
  assert.equal(openai.headers["retry-after"], "1");
  assert.equal(openai.headers["retry-after-ms"], "1000");

  const anthropic = faultError("anthropic-messages", 429, 2.5);
  assert.equal((anthropic.body as { error: { type: string } }).error.type, "rate_limit_error");
  assert.equal(anthropic.headers["retry-after"], "3");
  assert.equal(anthropic.headers["retry-after-ms"], "2500");

  const gemini = faultError("gemini", 429);
  assert.equal(gemini.status, 429);
  assert.equal((gemini.body as { error: { status: string } }).error.status, "RESOURCE_EXHAUSTED");
});

test("overload: Anthropic 529 overloaded_error, Gemini 503 UNAVAILABLE, OpenAI 503", () => {
  const a = faultError("anthropic-messages", 529);
  assert.equal(a.status, 529);
  assert.deepEqual((a.body as { error: { type: string } }).error.type, "overloaded_error");
  assert.equal(a.headers["retry-after"], undefined, "no retry-after unless asked");
  assert.equal(faultError("anthropic-messages", 503).status, 529, "Anthropic's own overload status");
  const g = faultError("gemini", 529);
  assert.equal(g.status, 503);
  assert.equal((g.body as { error: { status: string } }).error.status, "UNAVAILABLE");
  assert.equal(faultError("openai-responses", 503).status, 503);
  assert.equal(faultError("openai-responses", 529).status, 503);
});

test("500 and other statuses map to their kind", () => {
  assert.equal(faultError("openai-responses", 500).status, 500);
  assert.equal(
    (faultError("anthropic-messages", 500).body as { error: { type: string } }).error.type,
    "api_error",
  );
  assert.equal((faultError("gemini", 500).body as { error: { status: string } }).error.status, "INTERNAL");
  assert.equal(faultError("openai-chat", 400).status, 400);
  assert.equal(faultError("gemini", 504).status, 504);
});
