import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { mulberry32 } from "./random.ts";
import type { Candidate, RouteSpec } from "./route.ts";
import { InMemoryStatsStore } from "./stats.ts";
import { noCandidateError, order, plan, type RouteContext, withoutCoolingDown } from "./strategies.ts";

function ctx(over: Partial<RouteContext> = {}): RouteContext {
  return {
    stats: new InMemoryStatsStore(),
    rng: mulberry32(7),
    now: 1_000_000,
    counters: new Map(),
    estimate: { inputTokens: 1000, outputTokens: 500 },
    ...over,
  };
}
const ids = (cs: Candidate[]): string[] => cs.map((c) => c.id);
const spec = (strategy: RouteSpec["strategy"], models: (string | Candidate)[]): RouteSpec => ({
  strategy,
  candidates: models.map((m) => (typeof m === "string" ? { id: m } : m)),
});

test("fallback keeps the given order", () => {
  assert.deepEqual(ids(order(spec("fallback", ["a", "b", "c"]), ctx())), ["a", "b", "c"]);
});

test("round robin cycles through the candidates, per route", () => {
  const c = ctx();
  const s = spec("round_robin", ["a", "b", "c"]);
  const firsts = Array.from({ length: 7 }, () => order(s, c)[0]?.id);
  assert.deepEqual(firsts, ["a", "b", "c", "a", "b", "c", "a"]);
  assert.deepEqual(ids(order(s, c)), ["b", "c", "a"]);
  // another route has its own counter
  assert.equal(order({ ...s, pool: "other" }, c)[0]?.id, "a");
});

test("weighted: the first pick follows the weights over 10 000 seeded draws", () => {
  const c = ctx({ rng: mulberry32(12345) });
  const s = spec("weighted", [
    { id: "a", weight: 1 },
    { id: "b", weight: 3 },
    { id: "c", weight: 6 },
    { id: "z", weight: 0 },
  ]);
  const counts: Record<string, number> = { a: 0, b: 0, c: 0, z: 0 };
  for (let i = 0; i < 10_000; i++) {
    const o = order(s, c);
    counts[o[0]!.id]! += 1;
    assert.equal(o.length, 4);
    assert.equal(o[3]?.id, "z"); // weight 0 only after the others
  }
  assert.ok(Math.abs(counts.a! / 10_000 - 0.1) < 0.015, JSON.stringify(counts));
  assert.ok(Math.abs(counts.b! / 10_000 - 0.3) < 0.015, JSON.stringify(counts));
  assert.ok(Math.abs(counts.c! / 10_000 - 0.6) < 0.015, JSON.stringify(counts));
  assert.equal(counts.z, 0);
  // same seed, same order
  assert.deepEqual(ids(order(s, ctx({ rng: mulberry32(1) }))), ids(order(s, ctx({ rng: mulberry32(1) }))));
});

test("weighted: the rest follow by weight too (second pick given the first)", () => {
  const c = ctx({ rng: mulberry32(99) });
  const s = spec("weighted", [
    { id: "a", weight: 1 },
    { id: "b", weight: 1 },
    { id: "c", weight: 8 },
  ]);
  let bSecondAfterC = 0;
  let cFirst = 0;
  for (let i = 0; i < 10_000; i++) {
    const o = ids(order(s, c));
    if (o[0] === "c") {
      cFirst++;
      if (o[1] === "b") bSecondAfterC++;
    }
  }
  assert.ok(Math.abs(bSecondAfterC / cFirst - 0.5) < 0.03);
});

test("cost_optimized: cheapest within budget first, unknown prices last", () => {
  const s = spec("cost_optimized", [
    "claude-sonnet-4-5",
    "mystery-model",
    "gpt-4o-mini",
    "openai/gpt-5-nano",
    { id: "gemini-2.5-flash", max_cost_per_1k_tokens: 10 },
  ]);
  assert.deepEqual(ids(order(s, ctx())), [
    "openai/gpt-5-nano",
    "gpt-4o-mini",
    "gemini-2.5-flash",
    "claude-sonnet-4-5",
    "mystery-model",
  ]);
  // 1000 in + 500 out: gpt-4o-mini blended $0.0003/1k, nano $0.0002/1k, sonnet $0.007/1k
  const budget = spec("cost_optimized", [
    { id: "claude-sonnet-4-5", max_cost_per_1k_tokens: 0.001 },
    { id: "gpt-4o-mini", max_cost_per_1k_tokens: 0.001 },
    { id: "gpt-5-nano", max_cost_per_1k_tokens: 0.0001 },
  ]);
  const p = plan(budget, ctx());
  assert.deepEqual(ids(p.candidates), ["gpt-4o-mini"]);
  assert.deepEqual(
    p.excluded.map((e) => [e.candidate.id, e.reason]),
    [
      ["claude-sonnet-4-5", "over_budget"],
      ["gpt-5-nano", "over_budget"],
    ],
  );
});

test("latency_optimized: unobserved first, then the faster observed", () => {
  const stats = new InMemoryStatsStore();
  stats.record("slow", { at: 0, ok: true, ttftMs: 100, latencyMs: 3000 });
  stats.record("fast", { at: 0, ok: true, ttftMs: 400, latencyMs: 900 });
  const s = spec("latency_optimized", ["slow", "fast", "new"]);
  assert.deepEqual(ids(order(s, ctx({ stats, now: 1 }))), ["new", "fast", "slow"]);
  // streams rank by time to first token
  assert.deepEqual(
    ids(order(s, ctx({ stats, now: 1, estimate: { inputTokens: 1, outputTokens: 1, stream: true } }))),
    ["new", "slow", "fast"],
  );
  // the deployment key, not the id, is what stats are kept under
  assert.deepEqual(
    ids(
      order(
        spec("latency_optimized", ["x", "y"]),
        ctx({ stats, now: 1, key: (c) => (c.id === "x" ? "slow" : "fast") }),
      ),
    ),
    ["y", "x"],
  );
});

test("performance_based: quality, success rate and latency combine; min score is respected", () => {
  const stats = new InMemoryStatsStore();
  for (let i = 0; i < 10; i++) {
    stats.record("flaky", { at: i, ok: i % 2 === 0, latencyMs: 500 });
    stats.record("steady", { at: i, ok: true, latencyMs: 500 });
  }
  const s = spec("performance_based", [
    { id: "flaky", quality_score: 0.9, min_performance_score: 0.7 },
    { id: "steady", quality_score: 0.6 },
    { id: "good-but-slow", quality_score: 1 },
  ]);
  stats.record("good-but-slow", { at: 5, ok: true, latencyMs: 20_000 });
  const p = plan(s, ctx({ stats, now: 10 }));
  // flaky: .45 + .15 + .16 = .76 ≥ .7 kept; steady .3 + .3 + .16 = .76; good-but-slow .5 + .3 + .018
  assert.deepEqual(ids(p.candidates), ["good-but-slow", "flaky", "steady"]);
  const strict = plan(
    spec("performance_based", [
      { id: "flaky", quality_score: 0.9, min_performance_score: 0.8 },
      { id: "steady", quality_score: 0.6 },
    ]),
    ctx({ stats, now: 10 }),
  );
  assert.deepEqual(ids(strict.candidates), ["steady"]);
  assert.equal(strict.excluded[0]?.reason, "below_min_performance");
});

test("best_of: the first n run in parallel, the rest are spares, with the selector", () => {
  const p = plan(
    {
      strategy: "best_of",
      candidates: [{ id: "a" }, { id: "b" }, { id: "c" }],
      best_of: { n: 2, selector: { kind: "judge", model: "j" } },
    },
    ctx(),
  );
  assert.deepEqual(p.parallel, { n: 2, selector: { kind: "judge", model: "j" } });
  assert.deepEqual(ids(p.candidates), ["a", "b", "c"]);
});

test("cooling-down candidates are skipped unless all are cooling", () => {
  const cs = [{ id: "a" }, { id: "b" }];
  assert.deepEqual(ids(withoutCoolingDown(cs, (c) => c.id === "a")), ["b"]);
  assert.deepEqual(ids(withoutCoolingDown(cs, () => true)), ["a", "b"]);
});

test("an empty plan explains itself", () => {
  const p = plan(spec("fallback", [{ id: "claude-opus-4-1", max_cost_per_1k_tokens: 0.001 }]), ctx());
  assert.equal(p.candidates.length, 0);
  const e = noCandidateError(p);
  assert.ok(e instanceof SwitchyardError);
  assert.equal(e.status, 400);
  assert.match(e.message, /claude-opus-4-1: estimated \$0\.0350\/1k tokens > max_cost_per_1k_tokens 0\.001/);
});
