import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchyardError } from "../ir/error.ts";
import { parsePools, parseRoute, parseRouteHeader, routeFromBody } from "./route.ts";

const invalid = (param: string | RegExp) => (e: unknown) =>
  e instanceof SwitchyardError &&
  e.kind === "invalid_request" &&
  e.status === 400 &&
  (typeof param === "string" ? e.param === param : param.test(e.param ?? ""));

const pools = parsePools({
  "text-generation": {
    strategy: "cost_optimized",
    models: ["gpt-4o-mini", { id: "claude-haiku-4-5", weight: 2 }],
  },
  fast: ["gemini-2.5-flash", "text-generation"],
});

test("a model string is a fallback route of one; a pool name is the pool's route", () => {
  assert.deepEqual(parseRoute("gpt-4o"), { strategy: "fallback", candidates: [{ id: "gpt-4o" }] });
  assert.deepEqual(parseRoute("text-generation", { pools }), {
    strategy: "cost_optimized",
    candidates: [{ id: "gpt-4o-mini" }, { id: "claude-haiku-4-5", weight: 2 }],
    pool: "text-generation",
  });
});

test("pools referencing pools are expanded at load; cycles are refused", () => {
  assert.deepEqual(
    pools.fast?.candidates.map((c) => c.id),
    ["gemini-2.5-flash", "gpt-4o-mini", "claude-haiku-4-5"],
  );
  assert.throws(() => parsePools({ a: ["b"], b: ["a"] }), /pool cycle/);
  assert.throws(() => parsePools({ a: 3 }), invalid("pools.a"));
  assert.throws(() => parsePools({ a: { strategy: "nope", models: ["x"] } }), invalid("pools.a.strategy"));
});

test("an array is fallback in order; a pool inside expands in place", () => {
  assert.deepEqual(
    parseRoute(["a", "fast"], { pools }).candidates.map((c) => c.id),
    ["a", "gemini-2.5-flash", "gpt-4o-mini", "claude-haiku-4-5"],
  );
});

test("the object form: strategy, per-candidate knobs, route-wide defaults, best_of", () => {
  const r = parseRoute({
    strategy: "weighted",
    max_cost_per_1k_tokens: 0.01,
    models: [{ id: "a", weight: 3 }, { model: "b", max_cost_per_1k_tokens: 0.5, quality_score: 0.9 }, "c"],
  });
  assert.deepEqual(r, {
    strategy: "weighted",
    candidates: [
      { max_cost_per_1k_tokens: 0.01, id: "a", weight: 3 },
      { max_cost_per_1k_tokens: 0.5, id: "b", quality_score: 0.9 },
      { max_cost_per_1k_tokens: 0.01, id: "c" },
    ],
  });
  assert.deepEqual(parseRoute({ models: ["a"] }).strategy, "fallback");
  assert.deepEqual(
    parseRoute({ strategy: "best_of", models: ["a", "b", "c"], best_of: { n: 3, judge: "gpt-5" } }).best_of,
    {
      n: 3,
      selector: { kind: "judge", model: "gpt-5" },
    },
  );
  assert.deepEqual(parseRoute({ strategy: "best_of", models: ["a", "b"] }).best_of, {
    n: 2,
    selector: { kind: "function" },
  });
});

test("bad shapes are invalid_request errors naming the field", () => {
  assert.throws(() => parseRoute(42), invalid("model"));
  assert.throws(() => parseRoute(""), invalid("model"));
  assert.throws(() => parseRoute([]), invalid("model"));
  assert.throws(() => parseRoute(["a", 3]), invalid("model[1]"));
  assert.throws(() => parseRoute({ strategy: "fastest", models: ["a"] }), invalid("model.strategy"));
  assert.throws(() => parseRoute({ strategy: "weighted" }), invalid("model.models"));
  assert.throws(() => parseRoute({ models: [{ id: "a", weight: -1 }] }), invalid("model.models[0].weight"));
  assert.throws(() => parseRoute({ models: [{ weight: 1 }] }), invalid("model.models[0].id"));
  assert.throws(
    () => parseRoute({ models: [{ id: "a", colour: "red" }] }),
    invalid("model.models[0].colour"),
  );
  assert.throws(
    () => parseRoute({ models: [{ id: "a", min_performance_score: 1.5 }] }),
    invalid("model.models[0].min_performance_score"),
  );
  assert.throws(() => parseRoute({ models: ["a"], best_of: { n: 2 } }), invalid("model.best_of"));
  assert.throws(
    () => parseRoute({ strategy: "best_of", models: ["a"], best_of: { n: 2 } }),
    invalid("model.best_of.n"),
  );
  assert.throws(() => parseRoute({ models: ["a"], extra: 1 }), invalid("model.extra"));
});

test("OpenRouter's models field: fallbacks after model, duplicates dropped", () => {
  assert.deepEqual(
    routeFromBody({ model: "a", models: ["b", "a", "c"] }).candidates.map((c) => c.id),
    ["a", "b", "c"],
  );
  assert.deepEqual(
    routeFromBody({ models: ["b", "c"] }).candidates.map((c) => c.id),
    ["b", "c"],
  );
  assert.deepEqual(routeFromBody({ model: "a" }).candidates, [{ id: "a" }]);
  assert.throws(() => routeFromBody({ model: "a", models: "b" }), invalid("models"));
  assert.throws(() => routeFromBody({}), invalid("model"));
});

test("x-switchyard-route: a comma list, a pool, or JSON", () => {
  assert.deepEqual(
    parseRouteHeader(" a , b,,c ").candidates.map((c) => c.id),
    ["a", "b", "c"],
  );
  assert.equal(parseRouteHeader("text-generation", { pools }).strategy, "cost_optimized");
  assert.equal(parseRouteHeader('{"strategy":"round_robin","models":["a","b"]}').strategy, "round_robin");
  assert.deepEqual(parseRouteHeader('["a","b"]').candidates.length, 2);
  assert.throws(() => parseRouteHeader("{nope"), invalid("x-switchyard-route"));
  assert.throws(() => parseRouteHeader(" , "), invalid("x-switchyard-route"));
  assert.throws(
    () => parseRouteHeader('{"strategy":"x","models":["a"]}'),
    invalid("x-switchyard-route.strategy"),
  );
});
