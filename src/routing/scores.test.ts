import assert from "node:assert/strict";
import { test } from "node:test";
import { catalogInfo, costPer1k, estimatedCost, performanceScore } from "./scores.ts";

test("catalog lookup by name, snapshot or provider/model; window 0 is unknown", () => {
  assert.equal(catalogInfo("gpt-4o")?.contextWindow, 128_000);
  assert.equal(catalogInfo("openai/gpt-4o-2024-08-06")?.contextWindow, 128_000);
  assert.equal(catalogInfo("openrouter/meta-llama/llama-3.1-8b-instruct:free")?.pricing?.input, 0);
  assert.equal(catalogInfo("gpt-image-1")?.contextWindow, undefined);
  assert.equal(catalogInfo("mystery"), undefined);
});

test("cost: price × tokens, and blended per 1k tokens for the budget", () => {
  const pricing = { input: 1e-6, output: 4e-6 };
  const near = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 1e-12;
  assert.ok(near(estimatedCost(pricing, { inputTokens: 1000, outputTokens: 1000 }), 0.005));
  assert.ok(near(costPer1k(pricing, { inputTokens: 1000, outputTokens: 1000 }), 0.0025));
  assert.ok(near(costPer1k(pricing, { inputTokens: 0, outputTokens: 0 }), 0.0025));
  assert.equal(estimatedCost(undefined, { inputTokens: 1, outputTokens: 1 }), undefined);
});

test("performance: optimistic when unobserved, lower with failures and latency", () => {
  assert.equal(performanceScore({ id: "x" }, undefined), 0.75);
  assert.equal(performanceScore({ id: "x", quality_score: 1 }, undefined), 1);
  const s = { ttftMs: undefined, latencyMs: 2000, successes: 1, failures: 3 };
  assert.ok(Math.abs(performanceScore({ id: "x", quality_score: 0.8 }, s) - (0.4 + 0.075 + 0.1)) < 1e-12);
});
