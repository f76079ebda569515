import assert from "node:assert/strict";
import { test } from "node:test";
import { COOLDOWN_DEFAULTS, InMemoryCooldownStore, isCooldownStore } from "./cooldown.ts";

test("defaults: 3 failures within 60 s → skipped for 60 s", () => {
  assert.deepEqual({ ...COOLDOWN_DEFAULTS }, { failures: 3, windowMs: 60_000, cooldownMs: 60_000 });
  const s = new InMemoryCooldownStore();
  s.recordFailure("m", 0);
  s.recordFailure("m", 1000);
  assert.equal(s.isCoolingDown("m", 1000), false);
  s.recordFailure("m", 2000);
  assert.equal(s.isCoolingDown("m", 2000), true);
  assert.equal(s.isCoolingDown("m", 61_999), true);
  assert.deepEqual(s.coolingDown(3000), { m: 62_000 });
  assert.equal(s.isCoolingDown("m", 62_000), false);
  // back with a clean slate: one more failure does not put it back
  s.recordFailure("m", 62_001);
  assert.equal(s.isCoolingDown("m", 62_002), false);
});

test("failures outside the window do not count", () => {
  const s = new InMemoryCooldownStore({ failures: 2, windowMs: 1000, cooldownMs: 5000 });
  s.recordFailure("m", 0);
  s.recordFailure("m", 1500);
  assert.equal(s.isCoolingDown("m", 1500), false);
  s.recordFailure("m", 2000);
  assert.equal(s.isCoolingDown("m", 2000), true);
});

test("a success clears the failures; models are independent", () => {
  const s = new InMemoryCooldownStore({ failures: 2 });
  s.recordFailure("a", 0);
  s.recordSuccess("a");
  s.recordFailure("a", 1);
  s.recordFailure("b", 1);
  s.recordFailure("b", 2);
  assert.equal(s.isCoolingDown("a", 3), false);
  assert.equal(s.isCoolingDown("b", 3), true);
});

test("bad options are clear errors; isCooldownStore tells a store from options", () => {
  assert.throws(() => new InMemoryCooldownStore({ failures: 0 }), /cooldown\.failures/);
  assert.throws(() => new InMemoryCooldownStore({ cooldownMs: -1 }), /cooldown\.cooldownMs/);
  assert.equal(isCooldownStore(new InMemoryCooldownStore()), true);
  assert.equal(isCooldownStore({ failures: 1 }), false);
  assert.equal(isCooldownStore(undefined), false);
});
