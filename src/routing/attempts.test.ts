import assert from "node:assert/strict";
import { test } from "node:test";
import { type Attempt, allFailedError, attemptsHeader, mostTelling } from "./attempts.ts";

const a = (over: Partial<Attempt>): Attempt => ({
  provider: "openai",
  model: "gpt-4o",
  status: 500,
  kind: "server",
  message: "boom",
  durationMs: 12,
  ...over,
});

test("the error lists every attempt and takes the last failure's status", () => {
  const attempts = [
    a({ status: 500, kind: "server", message: "internal error" }),
    a({
      provider: "anthropic",
      model: "claude-haiku-4-5",
      status: 529,
      kind: "overloaded",
      message: "Overloaded",
    }),
  ];
  const e = allFailedError(attempts);
  assert.equal(e.status, 529);
  assert.equal(e.kind, "overloaded");
  assert.match(
    e.message,
    /^all 2 attempts failed: 1\) openai\/gpt-4o: 500 internal error \(12 ms\); 2\) anthropic\/claude-haiku-4-5: 529 Overloaded/,
  );
  assert.deepEqual((e.raw as { attempts: Attempt[] }).attempts, attempts);
  assert.equal(attemptsHeader(attempts), "2");
});

test("a rate limit or a client error is more telling than a later server error", () => {
  const limited = [
    a({ status: 429, kind: "rate_limit", message: "slow", retryAfter: 7 }),
    a({ status: 503, kind: "overloaded" }),
  ];
  const e = allFailedError(limited, "no model could answer");
  assert.equal(e.status, 429);
  assert.equal(e.retryAfter, 7);
  assert.match(e.message, /^no model could answer: /);
  const auth = [
    a({ status: 401, kind: "authentication" }),
    a({ status: 429, kind: "rate_limit" }),
    a({ status: 502, kind: "connection" }),
  ];
  assert.equal(mostTelling(auth)?.status, 401);
  assert.equal(allFailedError([a({ status: 502, kind: "connection", message: "ECONNREFUSED" })]).status, 502);
});
