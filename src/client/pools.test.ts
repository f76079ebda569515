import assert from "node:assert/strict";
import { test } from "node:test";
import { isRetryableStatus, normalizePools, poolMembers } from "./pools.ts";

test("a pool name → its members in order; any other name → itself", () => {
  const pools = normalizePools({ tg: ["a", "b", "a"], emb: ["e"] });
  assert.deepEqual(poolMembers(pools, "tg"), { pool: "tg", members: ["a", "b"] });
  assert.deepEqual(poolMembers(pools, "gpt-4o"), { pool: undefined, members: ["gpt-4o"] });
  assert.deepEqual(poolMembers(pools, "toString"), { pool: undefined, members: ["toString"] });
  assert.ok(Object.isFrozen(pools));
});

test("malformed pools are rejected", () => {
  assert.throws(() => normalizePools({ tg: [] }), /non-empty array/);
  assert.throws(() => normalizePools({ tg: [""] }), /non-empty model names/);
  assert.throws(() => normalizePools({ tg: ["emb"], emb: ["x"] }), /do not nest/);
  assert.deepEqual(normalizePools(undefined), {});
});

test("retryable: connection errors, 408, 409, 429, 5xx, 529; not other 4xx", () => {
  for (const s of [408, 409, 429, 500, 502, 503, 504, 529])
    assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [400, 401, 403, 404, 413, 422]) assert.equal(isRetryableStatus(s), false, String(s));
});
