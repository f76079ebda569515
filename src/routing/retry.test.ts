import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { mulberry32 } from "./random.ts";
import {
  backoffMs,
  failureOf,
  isFailoverable,
  isRetryable,
  nextStep,
  RETRY_DEFAULTS,
  type RetryState,
  retryPolicy,
} from "./retry.ts";

const state = (over: Partial<RetryState> = {}): RetryState => ({
  policy: retryPolicy(),
  rng: mulberry32(3),
  startedAt: 0,
  now: 100,
  attemptsOnCandidate: 1,
  totalAttempts: 1,
  candidatesLeft: 1,
  ...over,
});

test("retryable: connection errors, 408, 409, 429, 5xx, 529; not 400/401/403/404", () => {
  for (const status of [408, 409, 429, 500, 502, 503, 504, 529])
    assert.equal(isRetryable({ status }), true, `${status}`);
  assert.equal(isRetryable({ kind: "connection" }), true);
  for (const status of [400, 401, 403, 404, 413, 422, 499])
    assert.equal(isRetryable({ status }), false, `${status}`);
  assert.equal(isRetryable({ status: 429, kind: "billing" }), false);
  assert.equal(isFailoverable({ status: 401 }), true);
  assert.equal(isFailoverable({ status: 400 }), false);
  assert.equal(isFailoverable({ status: 400, contextWindow: true }), true);
});

test("full jitter stays within [0, min(cap, base·2^n)) and spreads over it", () => {
  const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
  const rng = mulberry32(11);
  for (const [retry, ceiling] of [
    [0, 100],
    [1, 200],
    [3, 800],
    [4, 1000],
    [10, 1000],
  ] as const) {
    const xs = Array.from({ length: 2000 }, () => backoffMs(retry, p, rng));
    assert.ok(
      xs.every((x) => x >= 0 && x < ceiling),
      `retry ${retry}`,
    );
    assert.ok(Math.max(...xs) > ceiling * 0.95 && Math.min(...xs) < ceiling * 0.05, `retry ${retry} spread`);
  }
});

test("a retryable failure retries the same candidate with a jittered delay", () => {
  const step = nextStep(state(), { status: 503 });
  assert.equal(step.kind, "retry");
  assert.ok(step.kind === "retry" && step.delayMs >= 0 && step.delayMs < RETRY_DEFAULTS.baseDelayMs);
});

test("retry-after wins over the jitter; too long a retry-after fails over", () => {
  assert.deepEqual(nextStep(state(), { status: 429, retryAfter: 2.5 }), { kind: "retry", delayMs: 2500 });
  assert.deepEqual(nextStep(state(), { status: 429, retryAfter: 0 }), { kind: "retry", delayMs: 0 });
  assert.deepEqual(nextStep(state(), { status: 429, retryAfter: 120 }), { kind: "failover" });
  assert.deepEqual(nextStep(state({ candidatesLeft: 0 }), { status: 429, retryAfter: 120 }), {
    kind: "give_up",
  });
});

test("budgets: per candidate → failover; total attempts and total time → give up", () => {
  assert.deepEqual(nextStep(state({ attemptsOnCandidate: 2, totalAttempts: 2 }), { status: 500 }), {
    kind: "failover",
  });
  assert.deepEqual(nextStep(state({ attemptsOnCandidate: 2, candidatesLeft: 0 }), { status: 500 }), {
    kind: "give_up",
  });
  assert.deepEqual(nextStep(state({ totalAttempts: 6 }), { status: 500 }), { kind: "give_up" });
  assert.deepEqual(nextStep(state({ now: 60_000 }), { status: 500 }), { kind: "give_up" });
  // a wait that would run past the time budget fails over instead
  assert.deepEqual(nextStep(state({ now: 58_000 }), { status: 429, retryAfter: 3 }), { kind: "failover" });
});

test("non-retryable: a bad request gives up; a deployment's own problem fails over", () => {
  assert.deepEqual(nextStep(state(), { status: 400 }), { kind: "give_up" });
  assert.deepEqual(nextStep(state(), { status: 401 }), { kind: "failover" });
  assert.deepEqual(nextStep(state(), { status: 404 }), { kind: "failover" });
  assert.deepEqual(nextStep(state({ candidatesLeft: 0 }), { status: 403 }), { kind: "give_up" });
  assert.deepEqual(nextStep(state(), { status: 499, kind: "cancelled" }), { kind: "give_up" });
});

test("failureOf reads a SwitchyardError or a connection error", () => {
  const e = new SwitchyardError({ kind: "rate_limit", message: "slow down", retryAfter: 1 });
  assert.deepEqual(failureOf(e), { status: 429, kind: "rate_limit", message: "slow down", retryAfter: 1 });
  assert.deepEqual(failureOf(new TypeError("fetch failed")), { kind: "connection", message: "fetch failed" });
  assert.throws(() => retryPolicy({ maxAttempts: 0 }), /attempts/);
  assert.throws(() => retryPolicy({ baseDelayMs: -1 }), /baseDelayMs/);
});
