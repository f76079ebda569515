import assert from "node:assert/strict";
import { test } from "node:test";
import { estimatedLatencyMs, ewma, InMemoryStatsStore, STATS_DEFAULTS } from "./stats.ts";

test("EWMA: the first sample seeds, later ones move alpha of the way", () => {
  assert.equal(STATS_DEFAULTS.alpha, 0.2);
  assert.equal(ewma(undefined, 100, 0.2), 100);
  assert.equal(ewma(100, 200, 0.2), 120);
  const s = new InMemoryStatsStore();
  s.record("openai/gpt-4o", { at: 0, ok: true, ttftMs: 100, latencyMs: 1000 });
  s.record("openai/gpt-4o", { at: 1, ok: true, ttftMs: 200, latencyMs: 2000 });
  const got = s.get("openai/gpt-4o", 2);
  assert.equal(got?.ttftMs, 120);
  assert.equal(got?.latencyMs, 1200);
  assert.equal(estimatedLatencyMs(s, "openai/gpt-4o", 2), 1200);
  assert.equal(estimatedLatencyMs(s, "never/seen", 2), undefined);
  assert.equal(s.get("never/seen", 2), undefined);
});

test("success and failure counts slide out of the window", () => {
  const s = new InMemoryStatsStore({ windowMs: 1000 });
  s.record("d", { at: 0, ok: false });
  s.record("d", { at: 500, ok: true });
  s.record("d", { at: 900, ok: false });
  assert.deepEqual(
    { ...s.get("d", 900), ttftMs: undefined },
    { ttftMs: undefined, latencyMs: undefined, successes: 1, failures: 2 },
  );
  const later = s.get("d", 1600);
  assert.equal(later?.successes, 0);
  assert.equal(later?.failures, 1);
  assert.deepEqual(s.keys(), ["d"]);
});

test("failures without a latency leave the averages alone; bad alpha is refused", () => {
  const s = new InMemoryStatsStore({ maxOutcomes: 2 });
  s.record("d", { at: 0, ok: true, latencyMs: 300 });
  s.record("d", { at: 1, ok: false });
  s.record("d", { at: 2, ok: false });
  const got = s.get("d", 2);
  assert.equal(got?.latencyMs, 300);
  assert.equal((got?.successes ?? 0) + (got?.failures ?? 0), 2);
  assert.throws(() => new InMemoryStatsStore({ alpha: 0 }), /alpha/);
});
