import assert from "node:assert/strict";
import { test } from "node:test";
import {
  clampAnthropicBudget,
  EFFORT_TABLE,
  EFFORTS,
  effortFromAnthropicBudget,
  effortFromGeminiBudget,
  isEffort,
} from "./reasoning-effort.ts";

test("every effort maps to a budget that maps back to the same effort", () => {
  for (const e of EFFORTS) {
    if (e === "none") continue;
    assert.equal(effortFromAnthropicBudget(EFFORT_TABLE[e].anthropicBudget), e);
    assert.equal(effortFromGeminiBudget(EFFORT_TABLE[e].geminiBudget), e);
  }
  assert.equal(effortFromAnthropicBudget(0), "none");
  assert.equal(effortFromGeminiBudget(0), "none");
});

test("budgets between rows round up to the next effort; dynamic reads as medium", () => {
  assert.equal(effortFromAnthropicBudget(2000), "low");
  assert.equal(effortFromAnthropicBudget(10_000), "high");
  assert.equal(effortFromAnthropicBudget(1_000_000), "max");
  assert.equal(effortFromGeminiBudget(-1), "medium");
  assert.equal(effortFromGeminiBudget(100), "minimal");
});

test("budgets are monotonic across the table", () => {
  for (let i = 1; i < EFFORTS.length; i++) {
    const prev = EFFORT_TABLE[EFFORTS[i - 1]!];
    const cur = EFFORT_TABLE[EFFORTS[i]!];
    assert.ok(cur.anthropicBudget > prev.anthropicBudget);
    assert.ok(cur.geminiBudget > prev.geminiBudget);
  }
});

test("Anthropic budget is clamped into [1024, max_tokens)", () => {
  assert.equal(clampAnthropicBudget(16384, 4096), 4095);
  assert.equal(clampAnthropicBudget(500, undefined), 1024);
  assert.equal(clampAnthropicBudget(8192, 64000), 8192);
});

test("isEffort accepts only the scale's names", () => {
  assert.ok(isEffort("xhigh"));
  assert.ok(!isEffort("extreme"));
  assert.ok(!isEffort(3));
});
