import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizePools } from "./pools.ts";

test("pools are checked and copied: duplicates dropped, frozen", () => {
  const pools = normalizePools({ tg: ["a", "b", "a"], emb: ["e"] });
  assert.deepEqual(pools, { tg: ["a", "b"], emb: ["e"] });
  assert.ok(Object.isFrozen(pools));
  assert.ok(Object.isFrozen(pools.tg));
});

test("malformed pools are rejected", () => {
  assert.throws(() => normalizePools({ tg: [] }), /non-empty array/);
  assert.throws(() => normalizePools({ tg: [""] }), /non-empty model names/);
  assert.throws(() => normalizePools({ tg: ["emb"], emb: ["x"] }), /do not nest/);
  assert.deepEqual(normalizePools(undefined), {});
});
